"""Our recognisers as Presidio recognisers, for the engine's analyzer only (engine.py).

Imported only where the analyzer is built: Presidio (and through it spaCy) takes seconds to
import, and the leak gate and a warm build use the recognisers without it (base.py).
"""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.recognizers.base import Recognizer, Result

LANGUAGE = "en"


class PresidioRecognizer(EntityRecognizer):
    """One of our recognisers under Presidio's interface: same name, entity and context words
    (for the context enhancer), results converted one for one."""

    def __init__(self, inner: Recognizer) -> None:
        self.inner = inner
        super().__init__(
            supported_entities=inner.supported_entities,
            name=inner.name,
            supported_language=LANGUAGE,
            context=inner.context,
        )

    def load(self) -> None:
        """Nothing to load: our recognisers are ready when built."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.inner.could_match(text):
            return []
        return [self._convert(r) for r in self.inner.analyze(text, entities, nlp_artifacts)]

    def _convert(self, r: Result) -> RecognizerResult:
        pattern = r.pattern
        explanation = AnalysisExplanation(
            recognizer=r.recognizer,
            original_score=pattern.score if pattern else r.score,
            pattern_name=pattern.name if pattern else None,
            pattern=pattern.regex if pattern else None,
            validation_result=r.validated,
            textual_explanation=r.explanation,
        )
        return RecognizerResult(
            entity_type=r.entity_type,
            start=r.start,
            end=r.end,
            score=r.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: r.recognizer,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
