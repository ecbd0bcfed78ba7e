"""A pattern recognizer that can redact part of its match (the named group `pii`).

Presidio's PatternRecognizer reports the whole match. Titles ("Dr"), context words ("DOB:")
and street numbers must anchor a match without being redacted themselves, so these
recognizers report only the `pii` group and may veto a match in `accept`.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

CASE_SENSITIVE = re.DOTALL | re.MULTILINE
CASE_INSENSITIVE = re.DOTALL | re.MULTILINE | re.IGNORECASE


class SpanPatternRecognizer(PatternRecognizer):
    """PatternRecognizer reporting the `pii` group of each match, with a per-match veto."""

    ENTITY: str = ""
    FLAGS: int = CASE_SENSITIVE
    PATTERNS: list[Pattern] = []  # noqa: RUF012 - overridden per class
    CONTEXT: list[str] = []  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language="en",
            global_regex_flags=self.FLAGS,
            name=type(self).__name__,
        )
        self._compiled = [(p, re.compile(p.regex, self.FLAGS)) for p in self.patterns]

    def accept(self, text: str, start: int, end: int) -> tuple[int, int, float] | None:
        """Adjust or veto one match; returns (start, end, score_delta) or None."""
        return start, end, 0.0

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                group = "pii" if "pii" in compiled.groupindex else 0
                start, end = match.span(group)
                if start < 0 or start == end:
                    continue
                verdict = self.accept(text, start, end)
                if verdict is None:
                    continue
                start, end, delta = verdict
                validation = self.validate_result(text[start:end])
                if validation is False:
                    continue
                score = EntityRecognizer.MAX_SCORE if validation else pattern.score + delta
                explanation = self.build_regex_explanation(
                    self.name,
                    pattern.name,
                    pattern.regex,
                    pattern.score,
                    bool(validation),
                    self.FLAGS,
                )
                results.append(
                    RecognizerResult(
                        entity_type=self.ENTITY,
                        start=start,
                        end=end,
                        score=min(score, EntityRecognizer.MAX_SCORE),
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return EntityRecognizer.remove_duplicates(results)


class RuleRecognizer(LocalRecognizer):
    """A recognizer of our own rules rather than one pattern: one entity and its CONTEXT words.
    Named by its class, as Presidio looks recognizers up by name (see recognizers/__init__)."""

    ENTITY: str = ""
    CONTEXT: list[str] = []  # noqa: RUF012 - overridden per class

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            supported_language="en",
            context=list(self.CONTEXT),
            name=type(self).__name__,
        )

    def load(self) -> None:
        """Nothing to load: a rule's word lists and tables load on first use."""

    def result(self, start: int, end: int, score: float, why: str,
               name: str | None = None) -> RecognizerResult:
        """A finding of this recognizer, explained; `name`: the rule it reports it under."""
        name = name or self.name
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=name, original_score=score, textual_explanation=why
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
