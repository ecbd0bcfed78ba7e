"""Word tables built from the data files, kept between processes.

Building the table of given names (66,000 names, their spellings without accents checked
against two word lists) took most of a second of every build that analysed a single new text
(issue 18: one edited progress note). The built table is kept in the redaction cache folder,
named by the code key (generator/cache.py: our code and data files, the libraries' versions
and Python's, whose marshal format it is): a table is only ever read by the code that built it.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from generator.cache import code_key, collector_paused, write_atomic
from redaction.analysis_cache import default_cache_dir

T = TypeVar("T")


def remembered(name: str, make: Callable[[], T]) -> T:
    """make(), or what it made before under the same code key. Only plain values (marshal)."""
    folder = default_cache_dir().parent / "tables"
    path = folder / f"{name}-{code_key()[:24]}.marshal"
    try:
        with collector_paused():
            return marshal.loads(path.read_bytes())  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not made yet, or unreadable: made again
    value = make()
    with suppress(OSError, ValueError):
        write_atomic(path, marshal.dumps(value))
        for old in folder.glob(f"{name}-*.marshal"):  # made by other code: never read again
            if old != path:
                old.unlink(missing_ok=True)
    return value
