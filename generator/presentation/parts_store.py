"""Each plan's parts of the open data (its object in plans.json, its rows of actions.csv) kept
between builds, so that a one-plan edit makes one plan's parts again and reads the others back.

They were one pickle of every part, read whole and written whole again on every edit (at
1,000 plans 38 MB each way, a tenth of a second that grew with the site, issue 18). Now they
stand in one file of bytes that only grows by the parts a build made (`.parts`), and a small
index of where each plan's parts stand in it (`.index`, marshal): an edit appends a few KB and
writes the index again. Once the parts no plan uses any more are a quarter of the file, it is
written anew with only the parts in use.

Never a part of another file: the `.parts` file starts with a random token that the index
names, and a file written anew gets a new one (written before the index that names it, both
atomically), so an index never points into a file it was not written for; an index that does
not match, or whose places fall outside the file, is not used (every part is made again).
A build killed between appending and writing the index leaves bytes no index points to.
Only builds of one site (which hold its lock) write these files.
"""

from __future__ import annotations

import marshal
import os
import secrets
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from generator.cache import write_atomic

TOKEN = 16  # bytes of the token at the start of the parts file
GARBAGE = 0.25  # written anew once parts no plan uses are this share of the file
Span = tuple[int, int, int, int]  # start and length of the JSON part, then of the CSV part
Part = tuple[memoryview, memoryview]  # views into the file's bytes: never copied


class PartsStore:
    def __init__(self, path: Path) -> None:
        self.blob = path.with_suffix(".parts")
        self.index = path.with_suffix(".index")
        self.data = b""
        self.spans: dict[str, Span] = {}

    def load(self) -> dict[str, Part]:
        """The parts kept, by key; nothing if the files are missing or do not match."""
        try:
            token, size, spans = marshal.loads(self.index.read_bytes())
            data = self.blob.read_bytes()
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if (not isinstance(token, bytes) or len(token) != TOKEN or data[:TOKEN] != token
                or not isinstance(size, int) or len(data) < size or not isinstance(spans, dict)):
            return {}
        self.data, view = data, memoryview(data)
        found: dict[str, Part] = {}
        for key, span in spans.items():
            if _fits(span, size):
                a, n, c, m = span
                self.spans[key] = span
                found[key] = (view[a:a + n], view[c:c + m])
        return found

    def save(self, keys: list[str], parts: dict[str, tuple[bytes | memoryview, ...]]) -> None:
        """Keep the parts of `keys` (this build's plans): those not kept yet appended, or
        the whole file written anew if it holds too much no plan uses. Never raises OSError:
        a store not written only costs time."""
        made = [key for key in keys if key not in self.spans]
        used = sum(self.spans[k][1] + self.spans[k][3] for k in keys if k in self.spans)
        garbage = len(self.data) - TOKEN - used
        try:
            if not self.data or garbage > GARBAGE * len(self.data):
                self._write_anew(keys, parts)
            else:
                self._append(keys, made, parts)
        except OSError:
            with suppress(OSError):
                self.index.unlink()

    def _append(self, keys: list[str], made: list[str],
                parts: dict[str, tuple[bytes | memoryview, ...]]) -> None:
        spans = {k: self.spans[k] for k in keys if k in self.spans}
        if not made and len(spans) == len(self.spans):
            return  # the index says just this already
        with open(self.blob, "ab") as handle:
            end = at = handle.seek(0, os.SEEK_END)
            if at == len(self.data):
                end = _write(handle, list(dict.fromkeys(made)), parts, spans, at)
        if at != len(self.data):  # not the file that was read: write it anew
            self._write_anew(keys, parts)
            return
        write_atomic(self.index, marshal.dumps((self.data[:TOKEN], end, spans)))

    def _write_anew(self, keys: list[str],
                    parts: dict[str, tuple[bytes | memoryview, ...]]) -> None:
        token = secrets.token_bytes(TOKEN)
        spans: dict[str, Span] = {}
        temporary = self.blob.with_name(f".{self.blob.name}.{secrets.token_hex(4)}")
        try:
            with open(temporary, "wb") as handle:
                handle.write(token)
                size = _write(handle, list(dict.fromkeys(keys)), parts, spans, TOKEN)
            os.replace(temporary, self.blob)
        finally:
            with suppress(OSError):
                temporary.unlink()
        write_atomic(self.index, marshal.dumps((token, size, spans)))


def _write(handle: object, keys: Iterable[str], parts: dict[str, tuple[bytes | memoryview, ...]],
           spans: dict[str, Span], at: int) -> int:
    """Write each key's two parts at `at` onwards, noting where they stand; the end."""
    write = handle.write  # type: ignore[attr-defined]
    for key in keys:
        first, second = parts[key]
        write(first)
        write(second)
        spans[key] = (at, len(first), at + len(first), len(second))
        at += len(first) + len(second)
    return at


def _fits(span: object, size: int) -> bool:
    if not (isinstance(span, tuple) and len(span) == 4
            and all(isinstance(x, int) and x >= 0 for x in span)):
        return False
    a, n, c, m = span
    return a >= TOKEN and a + n <= size and c >= TOKEN and c + m <= size
