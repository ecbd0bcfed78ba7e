"""Case-folding for the name finder: police and NHS records write names in capitals
("PREPARED BY RICHARD CORKHILL", "KARIM, Kamal", "Kwame MENSAH"), which the small spaCy model
does not read as names. The model sees a copy with those words title-cased; the copy is
exactly as long as the original, so every span found in it is a span of the original.

Acronyms stay as they are (NHS, MARAC, CAMHS: the built-in list and any capital word of
three letters or fewer without a vowel), and small joining words in a folded run are
lower-cased ("DEATH OF" → "Death of"). Lower-case words that are known given names in an
otherwise cased sentence ("spoke to sarah pascoe") are capitalised, with the word after
them when that word could be a surname.
"""

from __future__ import annotations

from functools import cache

import regex as re

from redaction import vocab

_CAPS = re.compile(r"(?<![\w'’])\p{Lu}[\p{Lu}'’]*\p{Lu}(?:-\p{Lu}+)*(?![\w'’])")
_JOINING = frozenset(
    [
        "OF",
        "THE",
        "AND",
        "BY",
        "INTO",
        "FOR",
        "TO",
        "IN",
        "ON",
        "AT",
        "A",
        "AN",
        "WITH",
        "FROM",
        "OR",
        "AS",
        "IS",
        "WAS",
    ]
)
_GAP = re.compile(r"[ \t,.:;|\"“”‘’'()/-]*")


@cache
def _acronyms() -> frozenset[str]:
    return vocab.acronyms()


def _is_acronym(word: str) -> bool:
    return word in _acronyms() or (len(word) <= 3 and not re.search(r"[AEIOUYÀ-ÝĄĘ]", word))


def fold(text: str) -> str:
    """`text` with capitalised name-like runs title-cased (same length, same offsets)."""
    if not any(c.isupper() for c in text):
        return text
    words = [m for m in _CAPS.finditer(text) if not _is_acronym(m.group())]
    if not words:
        return text
    chars = list(text)
    for i, m in enumerate(words):
        if not _foldable(text, words, i):
            continue
        word = m.group()
        first_of_run = i == 0 or not _adjacent(text, words[i - 1], m)
        new = word.lower() if word in _JOINING and not first_of_run else _title(word)
        chars[m.start() : m.end()] = new
    return "".join(chars)


def _title(word: str) -> str:
    # "O'BRIEN" → "O'Brien", "SMITH-JONES" → "Smith-Jones", "MCDONALD" → "Mcdonald".
    return re.sub(r"\p{Lu}+", lambda p: p.group()[0] + p.group()[1:].lower(), word)


def _adjacent(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    gap = text[a.end() : b.start()]
    return bool(_GAP.fullmatch(gap)) and len(gap) <= 4


def _foldable(text: str, words: list[re.Match[str]], i: int) -> bool:
    """In a run of two or more capital words, or next to a cased name word: "KARIM, Kamal",
    "Kwame MENSAH", "Mr SMITH"."""
    m = words[i]
    if (i > 0 and _adjacent(text, words[i - 1], m)) or (
        i + 1 < len(words) and _adjacent(text, m, words[i + 1])
    ):
        return True
    before = text[max(0, m.start() - 30) : m.start()]
    after = text[m.end() : m.end() + 30]
    return bool(
        re.search(r"(?:^|[^\w])[A-Z][a-z][\w'’-]*\.?[ \t]+$", before)
        or re.match(r",?[ \t]+[A-Z][a-z]", after)
    )
