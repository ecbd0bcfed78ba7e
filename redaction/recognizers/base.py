"""The recognisers' own base classes, free of Presidio and spaCy.

The leak gate runs the pattern recognisers over every byte of a built site, and a warm build
(everything cached) runs nothing else: importing Presidio for that costs more than the build
(issue 18). So a recogniser here is a plain class with Presidio's shape (PATTERNS, CONTEXT,
`analyze(text, entities, nlp_artifacts)` returning results with entity_type, start, end and
score), and the engine wraps each in a Presidio recogniser (recognizers/adapter.py) only when
it builds an analyzer.

A pattern recogniser reports only the named group `pii` of a match: titles ("Dr"), context
words ("DOB:") and street numbers anchor a match without being redacted themselves, and
`accept` may veto or move a match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import regex as re

CASE_SENSITIVE = re.DOTALL | re.MULTILINE
CASE_INSENSITIVE = re.DOTALL | re.MULTILINE | re.IGNORECASE
MAX_SCORE = 1.0
# `\d` as the patterns read it (any decimal digit; [0-9] is a part of it).
DIGIT = re.compile(r"\d")
AT_SIGN = re.compile("@")


@dataclass(frozen=True)
class Pattern:
    """A named regular expression and its score, as Presidio's Pattern."""

    name: str
    regex: str
    score: float


@dataclass(frozen=True)
class Result:
    """One finding, with the fields of Presidio's RecognizerResult that anything reads."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    explanation: str = ""
    pattern: Pattern | None = None
    validated: bool | None = None


class Recognizer:
    """One entity, its context words, and `analyze`; named by its class, as Presidio looks
    recognisers up by name."""

    ENTITY: str = ""
    CONTEXT: ClassVar[list[str]] = []
    # A character every match must contain (DIGIT, AT_SIGN), or None: a text without one
    # cannot hold this entity, and the engine skips the recogniser on it (adapter.py).
    NEEDS: ClassVar[re.Pattern[str] | None] = None

    def could_match(self, text: str) -> bool:
        return self.NEEDS is None or self.NEEDS.search(text) is not None

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def supported_entities(self) -> list[str]:
        return [self.ENTITY]

    @property
    def context(self) -> list[str]:
        return list(self.CONTEXT)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None
                ) -> list[Result]:
        raise NotImplementedError

    def result(self, start: int, end: int, score: float, explanation: str,
               name: str | None = None) -> Result:
        return Result(self.ENTITY, start, end, score, name or self.name, explanation)


class RuleRecognizer(Recognizer):
    """A recogniser of our own rules rather than one pattern. A rule that reads only the text
    gives its findings' (start, end, score) from `spans` and is reported with EXPLANATION; a
    rule that reads the name finder's tokens overrides `analyze` instead."""

    EXPLANATION: str = ""

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        raise NotImplementedError

    def name_for(self, score: float) -> str:
        """The recogniser a finding is reported by (one class may report two kinds)."""
        return self.name

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None
                ) -> list[Result]:
        return [self.result(s, e, score, self.EXPLANATION, self.name_for(score))
                for s, e, score in self.spans(text)]


class SpanPatternRecognizer(Recognizer):
    """Reports the `pii` group of each match of its PATTERNS, with a per-match veto."""

    FLAGS: int = CASE_SENSITIVE
    PATTERNS: ClassVar[list[Pattern]] = []

    def __init__(self) -> None:
        self.patterns = list(self.PATTERNS)
        self._compiled = [(p, re.compile(p.regex, self.FLAGS)) for p in self.patterns]

    def accept(self, text: str, start: int, end: int) -> tuple[int, int, float] | None:
        """Adjust or veto one match; returns (start, end, score_delta) or None."""
        return start, end, 0.0

    def validate_result(self, pattern_text: str) -> bool | None:
        """True: certain (full score); False: not this entity; None: the pattern's score."""
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None
                ) -> list[Result]:
        results: list[Result] = []
        for pattern, compiled in self._compiled:
            group = "pii" if "pii" in compiled.groupindex else 0
            for match in compiled.finditer(text):
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
                score = MAX_SCORE if validation else pattern.score + delta
                results.append(Result(
                    self.ENTITY, start, end, min(score, MAX_SCORE), self.name,
                    f"Detected by `{self.name}` using pattern `{pattern.name}`",
                    pattern, validation))
        return remove_duplicates(results)


def remove_duplicates(results: list[Result]) -> list[Result]:
    """Presidio's EntityRecognizer.remove_duplicates, in the same order: zero scores go, and a
    result inside another of the same entity with an equal or higher score."""
    distinct = {(r.entity_type, r.start, r.end, r.score): r for r in results}
    ordered = sorted(distinct.values(),
                     key=lambda r: (r.entity_type, r.start, -(r.end - r.start), -r.score))
    kept: list[Result] = []
    active: list[Result] = []
    entity = None
    for r in ordered:
        if r.entity_type != entity:
            entity, active = r.entity_type, []
        if r.score == 0:
            continue
        active = [a for a in active if a.end >= r.start]
        if any(a.start <= r.start and r.end <= a.end and r.score <= a.score for a in active):
            continue
        kept.append(r)
        active.append(r)
    return sorted(kept, key=lambda r: (-r.score, r.start, -(r.end - r.start)))
