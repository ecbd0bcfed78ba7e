"""National Insurance numbers (HMRC format, upper case), with or without spaces."""

from __future__ import annotations

from redaction.recognizers.base import DIGIT, Pattern, SpanPatternRecognizer

PATTERNS = [
    # First letter never D F I Q U V; second never D F I O Q U V; prefixes BG GB KN NK NT TN ZZ
    # are not allocated. Case-sensitive: "ab123456c" in a URL or code is not a NINO.
    Pattern(
        "NINO",
        r"(?<![\w])(?P<pii>(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
        r"(?:\d{6}|[ ]\d{2}[ ]\d{2}[ ]\d{2}[ ]?)[A-D])(?![\w])",
        0.85,
    ),
]
CONTEXT = ["national insurance", "ni number", "nino", "ni no"]


class UkNationalInsuranceRecognizer(SpanPatternRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT
    NEEDS = DIGIT
