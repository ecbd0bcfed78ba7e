"""UK postcodes in the strict Royal Mail format, upper case only."""

from __future__ import annotations

from redaction.recognizers.base import DIGIT, Pattern, SpanPatternRecognizer

PATTERNS = [
    # Case-sensitive on purpose: "me16 9ph" in prose is rare, while lower-case look-alikes
    # ("s136", "wc392") are common in police and mental-health text.
    Pattern(
        "UK postcode",
        r"(?<![\w])(?P<pii>GIR ?0AA"
        r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2}"
        r"|[A-PR-UWYZ][0-9]{2} ?[0-9][ABD-HJLNP-UW-Z]{2}"
        r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]? ?[0-9][ABD-HJLNP-UW-Z]{2}"
        r"|[A-PR-UWYZ][A-HK-Y][0-9]{2} ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w])",
        0.85,
    ),
]
CONTEXT = ["postcode", "post code", "address", "lives", "living", "resides", "home"]


class UkStrictPostcodeRecognizer(SpanPatternRecognizer):
    ENTITY = "UK_POSTCODE"
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT
    NEEDS = DIGIT
