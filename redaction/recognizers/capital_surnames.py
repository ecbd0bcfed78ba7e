"""Surnames in capitals, as police and health records write them, in otherwise cased text:
"CLARKE D.", "PRICE SHADRACH" (surname first), "SOUSA has a caution", "ABRAHAMS – Office of
the Public Guardian informed". Strong evidence, as name_shapes' full shapes are (it reports
them). An acronym ("HMIC", "CHUFT") has few vowels; a surname two or more.
"""

from __future__ import annotations

from collections.abc import Container

import regex as re

from redaction import not_person, vocab
from redaction.recognizers.name_words import everyday, given, vowels

_FOUR_CAPITALS = re.compile(r"\p{Lu}[\p{Lu}'’]{3}")
_CAPS_WORD = r"\p{Lu}[\p{Lu}'’]+(?:-\p{Lu}+)*"
_CAPS_INITIAL = re.compile(rf"(?<![\w'’-])({_CAPS_WORD})[ \t]+\p{{Lu}}\.(?!\w)")
_CAPS_PAIR = re.compile(rf"(?<![\w'’-])({_CAPS_WORD})[ \t]+({_CAPS_WORD})(?![\w'’-])")
# A surname in capitals standing alone, as police and health records write it, before a
# verb or a dash: "SOUSA has a caution", "ABRAHAMS – Office of the Public Guardian informed".
_CAPS_ALONE = re.compile(
    rf"(?<![\w'’-])({_CAPS_WORD})(?=[ \t]+(?:was|is|has|had|said|told|recorded|reported|"
    r"stated|attended|denied|declined|agreed|refused|did|does|would|will|could|gave|made|"
    r"disclosed|called|returned|left|arrived|admitted)\b|[ \t]*[–—-][ \t])"
)


def _surname_in_capitals(word: str, seen: Container[str]) -> bool:
    """Capitals that are a surname, not an acronym or a heading word: acronyms have few
    vowels ("HMIC", "CHUFT"), surnames two or more ("SOUSA", "CLARKE", "ŽUKAUSKAS")."""
    return (
        len(word) >= 4
        and vowels(word) >= 2
        and word not in vocab.acronyms()
        and word.lower() not in seen
        and not everyday(word)
        and not not_person.is_place(word.title())
    )


def capital_surnames(text: str, seen: Container[str]) -> list[tuple[int, int]]:
    if not any(c.islower() for c in text) or not _FOUR_CAPITALS.search(text):
        return []  # a heading all in capitals (the fold and the NER read it), or no surname
    found = []
    for m in _CAPS_INITIAL.finditer(text):  # "CLARKE D."
        if _surname_in_capitals(m.group(1), frozenset()):
            found.append((m.start(), m.end()))
    for m in _CAPS_PAIR.finditer(text):  # "PRICE SHADRACH": surname first, then given name
        first, second = m.group(1), m.group(2)
        if (
            given(second.title())
            and len(first) >= 3
            and vowels(first) >= 2
            and vowels(second) >= 2
            and first not in vocab.acronyms()
            and not everyday(first)
        ):
            found.append((m.start(), m.end()))
    for m in _CAPS_ALONE.finditer(text):
        # Before a verb even a surname the model knows ("CLARKE did not"); before a dash
        # (a heading-like record line) only a word the model never saw.
        verb = text[m.end(1) : m.end(1) + 2].strip() not in ("–", "—", "-", "")
        if _surname_in_capitals(m.group(1), frozenset() if verb else seen):
            found.append((m.start(1), m.end(1)))
    return found
