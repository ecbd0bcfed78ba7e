"""The engine skips a recogniser on a text without the character every match needs
(recognizers/base.py NEEDS): the skip must never lose a finding."""

from __future__ import annotations

import pytest

from redaction.recognizers import PATTERN_RECOGNIZERS
from redaction.recognizers.base import Recognizer

# Texts each of which one gated recogniser finds something in.
FINDABLE = [
    "NHS number 943 476 5919 on file",
    "NI number AB 12 34 56 C",
    "lives at SW1A 1AA",
    "call 07700 900123 after six",
    "write to jane.doe@example.org today",
    "date of birth: 12/03/1984",
    "lives at 12 Acacia Avenue, Leeds",
]
GATED = [r for r in PATTERN_RECOGNIZERS if r.NEEDS is not None]


def test_the_digit_and_email_recognisers_are_gated() -> None:
    names = {r.__name__ for r in GATED}
    assert {"UkNhsNumberRecognizer", "UkPhoneRecognizer", "OfflineEmailRecognizer"} <= names


@pytest.mark.parametrize("recognizer", GATED, ids=lambda r: r.__name__)
def test_every_finding_holds_the_needed_character(recognizer: type[Recognizer]) -> None:
    inner = recognizer()
    found = [(text, r) for text in FINDABLE for r in inner.analyze(text, [inner.ENTITY])]
    assert found, "no sample text gives this recogniser a finding"
    for text, _ in found:
        assert inner.could_match(text)
        # The same text without the needed characters: nothing left to find.
        bare = inner.NEEDS.sub("", text)  # type: ignore[union-attr]
        assert not inner.could_match(bare)
        assert inner.analyze(bare, [inner.ENTITY]) == []


def test_the_adapter_skips_a_text_that_cannot_match() -> None:
    from redaction.recognizers.adapter import PresidioRecognizer
    from redaction.recognizers.nhs_number import UkNhsNumberRecognizer

    adapter = PresidioRecognizer(UkNhsNumberRecognizer())
    assert adapter.analyze("no number here", ["UK_NHS"]) == []
    assert [(r.start, r.end) for r in adapter.analyze("NHS 943 476 5919", ["UK_NHS"])] == [(4, 16)]
