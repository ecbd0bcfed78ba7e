"""UK telephone numbers: landlines, mobiles and +44 international form.

The phonenumbers library does the matching, restricted to the GB region. Numbers in Ofcom's
ranges reserved for drama (07700 900xxx, 01632 960xxx) are not "valid" to the library but are
still phone-shaped: they score a little lower and are redacted all the same.
"""

from __future__ import annotations

import phonenumbers
import regex as re
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# A cheap pre-check: text with no run like this cannot hold a UK number, so the (slow)
# phonenumbers matcher is skipped for most fields.
PATTERNS = [re.compile(r"(?:\+\s?44|\(?0)[\d ()\-.]{8,}\d")]
CONTEXT = ["phone", "telephone", "tel", "mobile", "mob", "number", "call", "contact", "text"]
REGION = "GB"
VALID_SCORE = 0.95
POSSIBLE_SCORE = 0.85


class UkPhoneRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(
            supported_entities=["PHONE_NUMBER"],
            supported_language="en",
            context=list(CONTEXT),
            name=type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load: phonenumbers ships its metadata."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not any(p.search(text) for p in PATTERNS):
            return []
        results = []
        matcher = phonenumbers.PhoneNumberMatcher(
            text, REGION, leniency=phonenumbers.Leniency.POSSIBLE
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
            results.append(
                RecognizerResult(
                    entity_type="PHONE_NUMBER",
                    start=match.start,
                    end=match.end,
                    score=score,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name,
                        original_score=score,
                        textual_explanation="valid GB number" if valid else "GB-shaped number",
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results
