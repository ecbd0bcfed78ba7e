"""Built-in word lists (redaction/data/): what is never a name, and what precedes one."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_DATA = resources.files("redaction") / "data"


def _lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [s.strip() for s in text.splitlines() if s.strip() and not s.startswith("#")]


@cache
def acronyms() -> frozenset[str]:
    """NHS, social-care and criminal-justice acronyms, case-sensitive."""
    return frozenset(_lines("acronyms.txt"))


@cache
def role_words() -> frozenset[str]:
    """Role, team, status and heading words, lower-case."""
    return frozenset(w.lower() for w in _lines("role_words.txt"))


@cache
def common_words() -> frozenset[str]:
    """Names that are also everyday words, lower-case."""
    return frozenset(w.lower() for w in _lines("common_words.txt"))


@cache
def titles() -> tuple[str, ...]:
    """Titles and ranks, longest first so "Detective Chief Inspector" wins over "Detective"."""
    return tuple(sorted(_lines("titles.txt"), key=len, reverse=True))


@cache
def title_words() -> frozenset[str]:
    return frozenset(w.rstrip(".") for t in titles() for w in t.split())


def is_never_name(word: str) -> bool:
    """A token that on its own is never a person's name: an acronym, role or heading word."""
    bare = word.strip(".,;:()'’\"-–")
    if not bare:
        return True
    if bare in acronyms():
        return True
    if bare.lower() in role_words():
        return True
    # Plurals and possessives of acronyms ("CMHTs", "KMPT's").
    stem = re.sub(r"(?:'s|’s|s)$", "", bare)
    return stem in acronyms() and stem != bare


@cache
def english_words() -> frozenset[str]:
    """Everyday English words, lower-case (see data/english_words.txt)."""
    return frozenset(w.lower() for w in _lines("english_words.txt"))
