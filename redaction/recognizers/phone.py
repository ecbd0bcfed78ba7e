"""UK telephone numbers: landlines, mobiles and +44 international form.

The phonenumbers library does the matching, restricted to the GB region. Numbers in Ofcom's
ranges reserved for drama (07700 900xxx, 01632 960xxx) are not "valid" to the library but are
still phone-shaped: they score a little lower and are redacted all the same.
"""

from __future__ import annotations

import phonenumbers
import regex as re

from redaction.recognizers.base import DIGIT, Result, RuleRecognizer

# Where a UK number can be: the (slow, pure-Python) phonenumbers matcher reads only these
# windows, not every digit in a page or a data file.
# Never inside a longer word or code: a sha256 digest or a reference such as "f0492669080b"
# holds phone-shaped digit runs.
PATTERNS = [re.compile(r"(?<![\p{L}\p{N}])(?:\+[ \t]?44|\(?0)[\d \t()\-.]{8,}\d(?![\p{L}\p{N}])")]
CONTEXT = ["phone", "telephone", "tel", "mobile", "mob", "number", "call", "contact", "text"]
REGION = "GB"
VALID_SCORE = 0.95
POSSIBLE_SCORE = 0.85


class UkPhoneRecognizer(RuleRecognizer):
    ENTITY = "PHONE_NUMBER"
    CONTEXT = CONTEXT
    NEEDS = DIGIT

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: object = None
    ) -> list[Result]:
        results = []
        for window in (m for p in PATTERNS for m in p.finditer(text)):
            results += self._in_window(text, window.start(), window.end())
        return results

    def _in_window(self, text: str, start: int, end: int) -> list[Result]:
        # A character of context each side lets the matcher see word boundaries.
        left = max(0, start - 1)
        results = []
        matcher = phonenumbers.PhoneNumberMatcher(
            text[left : end + 1], REGION, leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matcher:
            raw = match.raw_string
            digits = sum(c.isdigit() for c in raw)
            # A national number starts with 0 or +44: bare digit runs (years, NHS numbers,
            # paragraph references) are left to other recognisers.
            if not raw.lstrip("(").startswith(("0", "+")) or digits < 10:
                continue
            valid = phonenumbers.is_valid_number(match.number)
            score = VALID_SCORE if valid else POSSIBLE_SCORE
            why = "valid GB number" if valid else "GB-shaped number"
            results.append(self.result(left + match.start, left + match.end, score, why))
        return results
