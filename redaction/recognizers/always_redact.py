"""Names known to the case (the policy's `always_redact`): matched as whole words in any case,
the full name and each part alone, with possessives ("Smith's") and hyphenated forms
("Smith-Jones" when "Smith" is listed) redacted whole.

A part that is also an everyday word ("Will", "May", "Rose") is matched alone only when
capitalised, and a month-name part not next to a day or year, so "will" and "May 2013" stay
readable; the full name is always matched.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from redaction import vocab
from redaction.recognizers.base import CASE_SENSITIVE, Pattern, SpanPatternRecognizer
from redaction.recognizers.names import MONTHS_AND_DAYS

CONTEXT: list[str] = []
SCORE = 1.0
# A whole word; extend() then grows it over hyphenated neighbours ("Smith-Jones" whole).
# (Doing that inside the pattern makes it try a hyphen chain at every position of the text:
# ten times slower over a built site.)
_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"
_LEFT_NEIGHBOUR = re.compile(r"(?<![\w'’])[\w'’]+-$")
_RIGHT_NEIGHBOUR = re.compile(r"-\w+(?:['’](?![sS]\b)\w+)*")


def name_parts(name: str) -> list[str]:
    """The full name and each part that can stand alone (not titles, initials, role words)."""
    words = [w.strip(".,") for w in re.split(r"[\s]+", name.strip()) if w.strip(".,")]
    parts = [w for w in words if len(w) > 1 and w not in vocab.title_words()]
    for w in list(parts):
        if "-" in w:
            parts.extend(p for p in w.split("-") if len(p) > 1)
    parts = [p for p in parts if p.lower() not in vocab.role_words()]
    full = " ".join(w for w in words if w not in vocab.title_words())
    return list(dict.fromkeys([full, *parts]))


def _alternative(part: str, full: bool) -> str:
    body = r"[ \t\r\n]+".join(re.escape(w) for w in part.split())
    lower = part.lower()
    if full or (lower not in vocab.common_words() and lower not in MONTHS_AND_DAYS):
        return f"(?i:{body})"
    cased = "|".join(re.escape(v) for v in {part[:1].upper() + part[1:].lower(), part.upper()})
    if lower in MONTHS_AND_DAYS:
        return rf"(?<!\d[ \t]*)(?:{cased})(?![ \t]*\d)"
    return f"(?:{cased})"


def build_pattern(names: Iterable[str]) -> str | None:
    alternatives: dict[str, str] = {}
    for name in names:
        for i, part in enumerate(name_parts(name)):
            alternatives.setdefault(part.lower(), _alternative(part, full=i == 0 and " " in part))
    if not alternatives:
        return None
    ordered = sorted(alternatives.items(), key=lambda kv: len(kv[0]), reverse=True)
    return _LEFT + "(?:" + "|".join(alt for _, alt in ordered) + ")" + _RIGHT


class AlwaysRedactRecognizer(SpanPatternRecognizer):
    ENTITY = "PERSON"
    FLAGS = CASE_SENSITIVE
    CONTEXT = CONTEXT

    def __init__(self, names: Iterable[str]) -> None:
        self.names = [n for n in names if n.strip()]
        regex = build_pattern(self.names)
        # Presidio refuses a recogniser with no patterns: an empty list matches nothing.
        self.PATTERNS = [Pattern("always_redact", regex or "(?!)", SCORE)]
        super().__init__()

    def accept(self, text: str, start: int, end: int) -> tuple[int, int, float] | None:
        return (*extend(text, start, end), 0.0)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of every listed name in `text` (also used by the leak gate)."""
        if not self.names:
            return []
        spans = {extend(text, *m.span()) for _, c in self._compiled for m in c.finditer(text)}
        return sorted(spans)


def extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a match over hyphenated neighbours ("Smith" → "Smith-Jones"); a possessive
    ending stays outside ("Smith-Jones's" → "Smith-Jones")."""
    while True:
        left = _LEFT_NEIGHBOUR.search(text, max(0, start - 64), start)
        if left is None:
            break
        start = left.start()
    while True:
        right = _RIGHT_NEIGHBOUR.match(text, end)
        if right is None:
            break
        end = right.end()
    return start, end
