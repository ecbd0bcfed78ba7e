"""Sentences as the leak gate compares them (normalised: words joined by single spaces).

Here rather than in leaks.py so that the redact stage (stage.py, which leaks.py imports) can
work out a document's sentences when it redacts the document and keep them with its result in
the document cache: the gate then needs no walk over a thousand unchanged plans per build to
know which sentences the redact stage already read (issue 18).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from redaction.text_spans import find_urls

WORDS = re.compile(r"\w+")  # compiled once: normalise runs for every cell of a workbook
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_CAPITALISED = re.compile(r"[A-Z][a-z]")


def normalise(sentence: str) -> str:
    return " ".join(WORDS.findall(sentence))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def could_name(text: str) -> bool:
    """Cheap: every name-shaped word (recognizers.names.NAME_WORD) holds a capital followed by
    a small letter, so a text without one can never pass leaks._name_like."""
    return _CAPITALISED.search(text) is not None


def known_of(values: Iterable[str]) -> set[str]:
    """The normalised sentences of redacted text values, those the gate could ask about only
    (could_name), links left out: what leaks.known_sentences gathers, for some values."""
    known: set[str] = set()
    for value in set(values):  # distinct: a workbook repeats its cells
        if not value or not could_name(value):
            continue
        text = value
        for url in reversed(find_urls(value, "markdown")):
            text = text[: url.start] + text[url.end :]
        for line in text.splitlines():
            for s in sentences(line):
                known.add(normalise(s))
    known.discard("")
    return known
