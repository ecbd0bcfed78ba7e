"""Dates of birth and death, recognised only after a context word ("DOB", "born", "died"...):
a target date or a meeting date on its own is never personal data."""

from __future__ import annotations

from redaction.recognizers.base import CASE_INSENSITIVE, DIGIT, Pattern, SpanPatternRecognizer

CONTEXT = [
    "dob",
    "d.o.b",
    "date of birth",
    "birth date",
    "born",
    "died",
    "date of death",
    "dod",
    "d.o.d",
    "deceased",
    "passed away",
]
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+{_MONTH},?[ \t]+\d{{4}}"
    rf"|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|{_MONTH}[ \t]+\d{{4}}"
    r"|(?<=\bin[ \t]+)\d{4})"
)
_CUE = "|".join(c.replace(".", r"\.") for c in sorted(CONTEXT, key=len, reverse=True))

PATTERNS = [
    Pattern(
        "date after a birth or death word",
        rf"(?<![\w])(?:{_CUE})\.?(?:[ \t]*[:\-–(][ \t]*|[ \t]+)(?:(?:on|in|at)[ \t]+)?"
        rf"(?P<pii>{_DATE})(?![\w/])",
        0.95,
    ),
]


class DateOfBirthRecognizer(SpanPatternRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    FLAGS = CASE_INSENSITIVE
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT
    NEEDS = DIGIT
