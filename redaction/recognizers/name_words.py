"""Which words can be part of a person's name, for the name-shape rules (name_shapes.py,
capital_surnames.py, record_names.py): a known given name that is not also an everyday word,
a surname that is not a word or a body's noun, a name recorded where it cannot be English.

Given names are the gazetteer's (UK birth registers and nam_dict, every community); a given
name that is also an everyday word ("Will", "Hope") counts only in a full name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container
from functools import cache

import regex as re
from spacy.lang.en.stop_words import STOP_WORDS

from redaction import not_person, vocab
from redaction.recognizers.names import MONTHS_AND_DAYS

_ARABIC_ARTICLE = re.compile(r"^(?:[Aa]l|[Ee]l)-")


@cache
def everyday(word: str) -> bool:
    """A dictionary, common or stop word, a month or day, a role or a title: not a name."""
    low = word.lower()
    return (
        low in vocab.english_words()
        or low in vocab.common_words()
        or low in STOP_WORDS
        or low in MONTHS_AND_DAYS
        or vocab.is_never_name(word)
        or word in vocab.title_words()
    )


@cache
def given(word: str) -> bool:
    """A known given name that is not also an everyday word or a place."""
    return (
        len(word) > 1
        and not everyday(word)
        and not_person.is_given_name(word)
        and not not_person.is_place(word)
    )


@cache
def lone_given(word: str) -> bool:
    """A known given name, not an everyday word; it may also be a place ("Clare")."""
    return len(word) > 2 and not everyday(word) and not_person.is_given_name(word)


_ANGLOPHONE = frozenset(["EW", "SCT", "NI", "GB", "IE", "US"])


@cache
def foreign(word: str) -> bool:
    """A given name recorded where it cannot be an English word (nam_dict's codes beside the
    UK, Ireland and the US): "florin" before a surname is a name, "grace period" is not."""
    codes = set(not_person.given_name_communities(word.title()))
    return bool(codes - _ANGLOPHONE) and not everyday(word)


def word_form(word: str, seen: Container[str]) -> bool:
    """The word or its singular is in the dictionary ("perpetrators")."""
    forms = [word]
    if word.endswith("s"):
        forms += [word[:-1], word[:-2] if word.endswith("es") else word[:-1]]
        forms += [word[:-3] + "y"] if word.endswith("ies") else []
    return any(w in seen for w in forms)


def surname_ok(word: str) -> bool:
    """Could be a surname: not an acronym, an everyday word or a body's noun ("Council")."""
    bare = _ARABIC_ARTICLE.sub("", word)
    if word.isupper() and (word in vocab.acronyms() or len(bare) <= 2):
        return False
    return not everyday(bare) and bare.lower() not in org_words()


@cache
def org_words() -> frozenset[str]:
    """The nouns of a body's name (not_person.ORG_NOUNS), in lower case."""
    return frozenset(w.lower() for w in not_person.ORG_NOUNS.split("|"))


def vowels(word: str) -> int:
    """Vowels, accents ignored: an acronym has few ("HMIC"), a surname two or more."""
    return sum(1 for c in _plain_lower(word) if c in "aeiouy")


def _plain_lower(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii())
