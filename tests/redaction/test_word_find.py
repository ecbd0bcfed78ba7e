"""word_find.find_words finds exactly what the per-document alternation pattern found."""

from __future__ import annotations

import re

import pytest

from redaction.word_find import find_words

CASES = [
    (
        "Ann Annabel Smith-Jones and Jones, jones Jones’s _Jones Jones_ x-Jones Jones2",
        ["Jones", "Ann", "Annabel", "Smith"],
    ),
    ("O'Connor met O'Con O'Connorville and O’Connor", ["O'Connor", "O'Con", "O’Connor"]),
    ("Mary-Jane Mary Jane Mary-Janes", ["Mary-Jane", "Mary", "Jane"]),
    ("Zoë Zoëy Zoë.", ["Zoë"]),
    ("SmithSmith Smith Smith", ["Smith", "SmithSmith"]),
    ("", ["Ali"]),
    ("Ali Alice Al", ["Al", "Ali", "Alice"]),
    ("Li Li Li", ["Li"]),
    ("Ahmed١ Ahmed ٢Ahmed", ["Ahmed"]),
]


def _by_pattern(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    alternation = "|".join(re.escape(n) for n in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])")
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(("text", "words"), CASES)
def test_same_as_the_alternation(text: str, words: list[str]) -> None:
    assert list(find_words(text, words)) == _by_pattern(text, words)


def test_same_on_real_text() -> None:
    from benchmarks import real_set

    for sentence in real_set.load()[:400]:
        words = sorted(set(re.findall(r"[A-Z][\w'’-]+", sentence.text)))[:6]
        if words:
            assert list(find_words(sentence.text, words)) == _by_pattern(sentence.text, words)
