"""NHS numbers: ten digits, plain, spaced 3-3-4 or dashed, passing the modulus-11 check."""

from __future__ import annotations

from redaction.recognizers.base import DIGIT, Pattern, SpanPatternRecognizer

PATTERNS = [
    # The same separator twice, so "485 777-3456" style typos still match but runs of
    # unrelated numbers ("2018 2019 20") do not.
    Pattern("NHS number", r"(?<![\d\w/.-])(?P<pii>\d{3}([ -]?)\d{3}\2\d{4})(?![\d\w/-]|\.\d)", 0.5),
]
CONTEXT = ["nhs", "nhs number", "nhs no", "patient number"]


def nhs_check_digit_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


class UkNhsNumberRecognizer(SpanPatternRecognizer):
    ENTITY = "UK_NHS"
    PATTERNS = PATTERNS
    CONTEXT = CONTEXT
    NEEDS = DIGIT

    def validate_result(self, pattern_text: str) -> bool:
        return nhs_check_digit_ok("".join(c for c in pattern_text if c.isdigit()))
