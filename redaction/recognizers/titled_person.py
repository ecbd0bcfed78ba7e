"""A title or rank followed by capitalised names: the name is redacted, the title kept
("Dr [redacted]"). The small spaCy model drops titles and misses bare surnames after them.

A title followed only by an initial ("Mr S") is the anonymised form used by published
reviews and is left alone; role words after a title ("Nurse Consultant") are not names.
"""

from __future__ import annotations

import regex as re

from redaction import vocab
from redaction.recognizers.base import Pattern, SpanPatternRecognizer
from redaction.recognizers.names import (
    INITIAL,
    MONTHS_AND_DAYS,
    NAME_WORD,
    PARTICLE,
    PARTICLES,
    is_initial,
    is_name_word,
)

_TITLES = "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in vocab.titles())
_NAME = rf"(?:{PARTICLE}[ \t]+)?(?:{NAME_WORD}|[A-Z][A-Z'’-]+[A-Z])"
PATTERNS = [
    Pattern(
        "title and name",
        # "A/DS", "T/DCI", "C/Supt": acting, temporary, chief; "PC 1234 Smith": a collar number.
        rf"(?<![\w/])(?:[ATCD]/)?(?:{_TITLES})\.?[ \t]+(?:\d{{2,5}}[ \t]+)?"
        rf"(?P<pii>(?:{INITIAL}[ \t]*)*{_NAME}(?:[ \t]+{_NAME}){{0,3}}|{INITIAL}(?![\w]))",
        0.9,
    ),
]
CONTEXT: list[str] = []  # the title itself is the context


class TitledPersonRecognizer(SpanPatternRecognizer):
    ENTITY = "PERSON"
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT

    def accept(self, text: str, start: int, end: int) -> tuple[int, int, float] | None:
        kept: list[re.Match[str]] = []
        for word in re.finditer(r"\S+", text[start:end]):
            w = word.group()
            if not kept and w.rstrip(".") in vocab.title_words():
                continue  # a second title: "Professor Sir Simon Wessely"
            # After a title even a month is a name: "Dr May".
            month = w.lower() in MONTHS_AND_DAYS
            caps = w.isupper() and len(w) > 2 and w not in vocab.acronyms()
            if is_initial(w) or w in PARTICLES or is_name_word(w) or month or (
                caps and is_name_word(w.title())
            ):
                kept.append(word)
            else:
                # A role word ends the name: "Dr Patel Consultant Psychiatrist".
                break
        while kept and kept[-1].group() in PARTICLES:
            kept.pop()
        if not any(not is_initial(w.group()) and w.group() not in PARTICLES for w in kept):
            return None
        return start + kept[0].start(), start + kept[-1].end(), 0.0
