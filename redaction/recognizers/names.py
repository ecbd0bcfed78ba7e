"""Shapes of personal names, shared by the name recognisers."""

from __future__ import annotations

from functools import cache

import regex as re

from redaction import vocab

# A capitalised name word: Smith, McDonald, MacLeod, O'Brien, D'Souza, Smith-Jones, DeVito.
NAME_WORD = r"(?:(?:Mc|Mac|O['’]|D['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)*)"
INITIAL = r"(?:[A-Z]\.?)"
PARTICLES = frozenset(
    """van von de da di du del della der den le la bin al el ap""".split()  # noqa: SIM905
)
PARTICLE = "(?:" + "|".join(sorted(PARTICLES)) + ")"
NAME_WORD_RE = re.compile(NAME_WORD)
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday""".split()  # noqa: SIM905
)


@cache
def is_name_word(word: str) -> bool:
    """A capitalised word that could be part of a person's name in this domain."""
    bare = word.rstrip(".,;:")
    return (
        bool(NAME_WORD_RE.fullmatch(bare))
        and not vocab.is_never_name(bare)
        and bare not in vocab.title_words()
        and bare.lower() not in MONTHS_AND_DAYS
    )


def is_initial(word: str) -> bool:
    return bool(_INITIALS.fullmatch(word))


# Compiled once: the module-level calls looked each pattern up in the cache on every call.
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]")
