"""verify: the leak gate. Every byte about to be published is scanned; any hit stops the swap."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.errors import LeakError
from generator.site.build import BuiltSite
from redaction import RedactedContent, allowed_strings, known_sentences, scan_tree


def verify(built: BuiltSite, redacted: RedactedContent, *, memory: bool = False) -> BuiltSite:
    """Sentences the redact stage already cleaned need no second pass of the name finder;
    the pattern checks and always_redact names still read every byte, except (with `memory`)
    files whose exact bytes passed under the same policy and code (redaction/scan_cache.py),
    and files linked unchanged from the published site are not read at all."""
    known = _Known(lambda: known_sentences(redacted))
    leaks = scan_tree(
        built.path,
        redacted.gate_policy,
        known=known,
        memory=memory,
        allowed=allowed_strings(redacted),
        published=built.destination,
    )
    if leaks:
        raise LeakError(leaks)
    return built


class _Known(set[str]):
    """The redacted content's sentences, worked out (seconds at 1,000 plans) only if the scan
    asks: when every file passed before, it never does. Once filled it becomes a plain set,
    so the scan's million lookups cost what a set's do."""

    def __init__(self, make: Callable[[], set[str]]) -> None:
        super().__init__()
        self._make = make

    def _fill(self) -> None:
        self.update(self._make())
        self.__class__ = _Filled

    def __bool__(self) -> bool:
        return True  # "known or set()" must not work it out

    def __contains__(self, item: object) -> bool:
        self._fill()
        return item in self

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return iter(self)

    def __len__(self) -> int:
        self._fill()
        return len(self)


class _Filled(set[str]):
    pass
