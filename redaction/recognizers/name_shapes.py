"""Names in the shapes real records write them, which the small NER model misses:
"ADEBAYO, Tunde" (police and NHS letters), "K. Karim" and "J Smith", a known given name
before a surname in any case ("Kwame MENSAH", "sarah pascoe"), a name after a letter's
closing ("Yours faithfully, Alan Wright"), and a lone given name ("Clare is 43").

Which words can be names is name_words.py's (a given name that is also an everyday word,
"Will", "Hope", counts only in a full name); surnames in capitals are capital_surnames.py's.
Full shapes are strong evidence (NameShapeRecognizer: the words may spread to the rest of
the document); a lone given name is not (GivenNameRecognizer).
"""

from __future__ import annotations

from collections.abc import Container, Iterator

import regex as re

from redaction import not_person, vocab
from redaction.recognizers.base import RuleRecognizer
from redaction.recognizers.capital_surnames import capital_surnames
from redaction.recognizers.name_words import (
    everyday,
    foreign,
    given,
    lone_given,
    surname_ok,
    vowels,
    word_form,
)
from redaction.recognizers.names import PARTICLES

# Above the NER's 0.85: Presidio drops a finding inside a longer one of no higher score, and
# a name must survive inside a longer NER hit that turns out to be a body ("Alan Wright
# Metropolitan Police Service").
STRONG = 0.9
WEAK = 0.6
# A lone lower-case given name: above the NER's score, whose own hit on a lower-case word is
# dropped as not a name (engine.trim_person), so that ours is not lost with it.
WEAK_LOWER = 0.86
_L = r"\p{Lu}"
_W = r"[\p{L}'’]"
# A surname in title case or capitals, with prefixes and hyphens: O'Neill, McDonald,
# Al-Sayed, Osei-Bonsu, GÜLER.
_SURNAME = rf"(?:(?:[Aa]l|[Ee]l)-)?{_L}{_W}*(?:-{_L}{_W}*)*"
_PARTICLE = (
    "(?:"
    + "|".join(
        sorted(
            PARTICLES
            | {"binti", "bint", "ibn", "dos", "das", "do", "Mac", "Mc", "Ní", "Nic", "Ó", "Ua"}
            | {"Van", "Von", "De", "Da", "Di", "Du", "Del", "Della", "Le", "La", "Al", "El"}
            | {"Abu", "Ben", "Bin", "Ter", "Ten"}
        )
    )
    + ")"
)
_PARTICLE_TAIL = re.compile(rf"(?:[ \t]+{_PARTICLE})+[ \t]+{_L}[\p{{L}}'’-]+")
PATTERNS = {
    # "ADEBAYO, Tunde": surname in capitals, a comma, the given name.
    "comma_name": re.compile(
        rf"(?<![\w'’-])({_L}[\p{{Lu}}'’-]+(?:[ \t]{_L}[\p{{Lu}}'’-]+)?),[ \t]+"
        rf"({_L}\p{{Ll}}{_W}*(?:-{_L}\p{{Ll}}{_W}*)?)(?![\w'’-])"
    ),
    # "Kwame MENSAH", "Ged McManus": a given name, an initial or particles, a surname.
    "full": re.compile(
        rf"(?<![\w'’-])({_L}{_W}+)((?:[ \t]+{_L}\.?)?(?:[ \t]+{_PARTICLE})*[ \t]+)({_SURNAME})"
        rf"(?![\w'’-])"
    ),
    # "K. Karim", "J Smith".
    "initial": re.compile(
        rf"(?<![\w'’.-])({_L})(\.[ \t]*|[ \t]+)((?:{_PARTICLE}[ \t]+)?{_SURNAME})(?![\w'’-])"
    ),
    # "Yours faithfully, Alan Wright": the name after a letter's closing.
    "closing": re.compile(
        r"(?:Yours[ \t]+(?:faithfully|sincerely|truly)|(?:Kind|Best|Warm|Many)?[ \t]*[Rr]egards|"
        # "Thank you for your time, Basia Cummings"
        r"Many[ \t]+thanks|Thank[ \t]+you(?:[ \t]+for[ \t]+[\w ’']{1,30}?,)?|Thanks)[,.]?[ \t\n]+"
        r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+)?"
        rf"({_W}+(?:[ \t]+(?:{_L}\.[ \t]*)?{_W}+)?)"
    ),
    # "spoke to amara okonjo": a full name typed in lower case.
    "lower_full": re.compile(r"(?<![\w'’-])(\p{Ll}{2,})[ \t]+(\p{Ll}[\p{Ll}'’-]{2,})(?![\w'’-])"),
    # A pseudonym in quotes: "Grace", ‘Peter’.
    "quoted": re.compile(r"[\"“‘'](\p{Lu}\p{Ll}+)[\"”’'](?![\w])"),
    # A lone given name: "Clare is 43".
    "lone": re.compile(r"(?<![\w'’-])(\p{Lu}\p{L}+|\p{Ll}{3,})(?![\w-])"),
    # "binti Ahmad", "bin Saleh", "ibn Rushd": a patronymic particle before a capitalised name.
    "patronymic": re.compile(r"(?<![\w'’-])(?:binti|bint|bin|ibn)[ \t]+\p{Lu}\p{Ll}[\p{L}'’-]*"),
}
# The shape itself is the evidence: no context words raise a score.
CONTEXT: list[str] = []
_NEXT_CAPITAL = re.compile(r"[ \t]+\p{Lu}\p{Ll}")
_ORG_NEXT = re.compile(rf"(?:[ \t]+\p{{Lu}}\w+)?[ \t]+(?:{not_person.ORG_NOUNS})(?![\w'’])")
_ORG_AFTER_ROLE = re.compile(r"[ \t]+\w+[ \t]+(?:Manager|Lead|Leader|Officer|Worker|Nurse)\b")
_CAPITAL_COMMA_BEFORE = re.compile(r"\p{Lu}[\w'’-]*,[ \t]*$")
_CAPITAL_BEFORE = re.compile(r"\p{Lu}[\w'’-]*[ \t]+$")
_CAPITAL_AFTER = re.compile(r"[ \t]+\p{Lu}")
_PREV_CAPITAL = re.compile(r"(\p{Lu}[\w'’-]*)[ \t]+$")
_FIRST_WORD_BEFORE = re.compile(r"(?:^|[.!?:;|•\n(\"“‘-])[ \t]*\S+[ \t]+$")
_JOINED_BEFORE = re.compile(r"\p{Lu}[\w'’-]*[ \t]+(?:for|and|&)[ \t]+$")
_NUMBER_OR_OF_AFTER = re.compile(r"[ \t]+(?:\d|\p{Lu}[\w'’-]*[ \t]+(?:for|of)\b)")
_PREV_WORD = re.compile(r"(\p{Lu}\p{Ll}+)[ \t]+$")
_VERB_ENDING = re.compile(r"(?:ed|ing|ly|es)$")


# "to" and "of" are left out: "support to Clive", "the death of Neil".
_PLACE_CUE = re.compile(r"\b(?:in|at|from|near|across|around|throughout|within)[ \t]+$")


def _place_context(text: str, start: int, end: int) -> bool:
    """A place reading: after "in", "from"...; or next to another capitalised word."""
    before = text[max(0, start - 16) : start]
    word = text[start:end]
    if not_person.is_major_place(word):
        return True  # a county, nation or country ("Kent", "Jordan") alone is the place
    return bool(
        _PLACE_CUE.search(before)
        or _CAPITAL_COMMA_BEFORE.search(before)
        or _CAPITAL_BEFORE.search(before)
        or _CAPITAL_AFTER.match(text[end : end + 3])
    )


_GREETING = frozenset(["Dear", "Hi", "Hello", "Thanks", "Dearest"])


def in_a_name(text: str, start: int, end: int) -> bool:
    """Part of a longer capitalised expression ("Old Bailey", "Hope for Justice") or a
    reference ("Reg 28"): not a first name standing alone."""
    before = text[max(0, start - 40) : start]
    prev = _PREV_CAPITAL.search(before)
    if (
        prev
        and prev.group(1) not in _GREETING
        and prev.group(1) not in vocab.title_words()
        # ... unless that word opens the sentence: "Clive had", "However Clare said".
        and not _FIRST_WORD_BEFORE.search(before)
    ):
        return True
    if _JOINED_BEFORE.search(before):
        return True
    return bool(_NUMBER_OR_OF_AFTER.match(text[end : end + 30]))


def _cased_sentence(text: str) -> bool:
    return any(c.isupper() for c in text)


def find(text: str, seen: Container[str] | None = None) -> list[tuple[int, int, float]]:
    """(start, end, score) of every name shape in `text` (the original, not folded).

    `seen`: everyday English words in lower case (default: the dictionary in vocab.py). A
    lower-case word is taken for a name only when it is not one ("halima", "okafor"), so
    that "harm", "said" or "grace" in running text are never taken for names."""
    if seen is None:
        seen = vocab.dictionary_words()
    found: list[tuple[int, int, float]] = []
    for m in PATTERNS["comma_name"].finditer(text):
        surname, first = m.group(1), m.group(2)
        if surname_ok(surname.split()[0]) and not everyday(first):
            found.append((m.start(), m.end(), STRONG))
    # Overlapping: in "Report Author Ged McManus Date" the pairs read left to right are
    # "Report Author", "Ged McManus" only if every pair is tried.
    taken = -1  # ... but a surname found is not then a first name: "Neil Wilby Investigative"
    for m in _pairs(PATTERNS["full"], text, 3):
        first, last = m.group(1), m.group(3)
        if m.start() < taken:
            continue
        if first.isupper() and (len(first) <= 3 or first in vocab.acronyms()):
            continue  # an acronym: "DA Languages", "AWOL Absent Without Official Leave"
        if not_person.is_place(m.group()) or (
            not_person.is_place(last) and first.lower() in seen
        ):
            continue  # "Hong Kong", "Royal Greenwich"
        if given(first.title()) and surname_ok(last) and not _org_next(text, m.end()):
            found.append((m.start(), m.end(), STRONG))
            taken = m.end()
    for m in PATTERNS["initial"].finditer(text):
        initial, gap, last = m.group(1), m.group(2), m.group(3)
        if not gap.startswith(".") and initial in "AI":
            continue  # "A Smith" is more often an article than an initial
        surname = last.split()[-1]
        if not gap.startswith(".") and surname.lower() in seen:
            continue  # "Part E Accident", "Q Residential Home": a label and a word
        if surname.isupper() and vowels(surname) < 2:
            continue  # "M SHA": an acronym
        prev = _PREV_WORD.search(text[max(0, m.start() - 20) : m.start()])
        if prev and prev.group(1).lower() in seen and prev.group(1) not in _GREETING:
            continue  # "Appendix C. Methodology", "Adult B Edwards": a label, not an initial
        if surname_ok(surname) and not _org_next(text, m.end()) and not _title_before(text, m):
            if not_person.is_place(surname) and not gap.startswith("."):
                continue
            found.append((m.start(), m.end(), STRONG))
    found += [(s, e, STRONG) for s, e in capital_surnames(text, seen)]
    for m in PATTERNS["closing"].finditer(text):
        words = m.group(1).split()
        if " for " in m.group() and not all(w[:1].isupper() for w in words):
            continue  # "Thank you for your request, received at this office": no name
        if words and all(not everyday(w.strip(".")) for w in words if len(w) > 2):
            found.append((m.start(1), m.end(1), STRONG))
    if _cased_sentence(text):
        for m in _pairs(PATTERNS["lower_full"], text, 2):  # "spoke to amara okonjo"
            first, last = m.group(1), m.group(2)
            if (
                not (found and found[-1][0] < m.start() < found[-1][1])
                and given(first.title())
                and (first not in seen or (foreign(first) and not word_form(last, seen)))
                and not everyday(last)
                # The dictionary holds rare words that are surnames too ("patel"): after a
                # given name only a verb-like or adverb-like ending says it is not one.
                and not _VERB_ENDING.search(last)
            ):
                found.append((m.start(), m.end(), STRONG))
    for m in PATTERNS["quoted"].finditer(text):
        # A pseudonym in quotes ("Grace", ‘Peter’): even a name that is an everyday word.
        word = m.group(1)
        if not_person.is_given_name(word) and not vocab.is_never_name(word):
            found.append((m.start(1), m.end(1), WEAK))
    cased = _cased_sentence(text)
    for m in PATTERNS["lone"].finditer(text):
        word = m.group(1)
        # The cheap, cached test first: most words are not given names at all.
        if not lone_given(word.title() if word.isupper() or word.islower() else word):
            continue
        if word.islower() and (not cased or word in seen):
            continue
        if word.lower() in seen and not not_person.recorded_abroad(word.title()):
            continue  # "Given the ...", "Gypsy and Traveller": an everyday word, capitalised
        if word.lower() in seen and text.strip(" \t:.") == word:
            continue  # a one-word cell that is a word too: a column heading ("Harm"), not a name
        if word.isupper() and any(c.islower() for c in text):
            continue  # capitals in a cased sentence: an acronym ("HART") or a surname rule's
        if _NEXT_CAPITAL.match(text, m.end()):
            continue  # a first word of several: a full name is the other rules' to find
        if word.isupper() and (len(word) <= 3 or word in vocab.acronyms()):
            continue
        if in_a_name(text, m.start(), m.end()):
            continue
        if not (not_person.is_place(word) and _place_context(text, m.start(), m.end())):
            found.append((m.start(), m.end(), WEAK_LOWER if word.islower() else WEAK))
    for m in PATTERNS["patronymic"].finditer(text):
        found.append((m.start(), m.end(), STRONG))
    return _no_possessive(text, [_with_particles(text, s, e, sc) for s, e, sc in found])


def _pairs(pattern: re.Pattern[str], text: str, second: int) -> Iterator[re.Match[str]]:
    """Every match of a two-word pattern, each next one tried from the second word of the
    last: "Report Author Ged McManus" gives "Author Ged" and "Ged McManus" too."""
    m = pattern.search(text)
    while m:
        yield m
        m = pattern.search(text, m.start(second))


def _with_particles(text: str, start: int, end: int, score: float) -> tuple[int, int, float]:
    """A name runs on over particles: "Nur Aisyah binti Ahmad", "Pádraig Mac Giolla"."""
    tail = _PARTICLE_TAIL.match(text, end)
    return (start, tail.end() if tail else end, score)


def _no_possessive(text: str, found: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """ "John Smith's family": the possessive stays in the sentence."""
    out = []
    for s, e, score in found:
        if e - s > 3 and text[e - 2 : e] in ("'s", "’s"):
            e -= 2
        out.append((s, e, score))
    return out


def _org_next(text: str, end: int) -> bool:
    return bool(_ORG_NEXT.match(text, end)) and not _ORG_AFTER_ROLE.match(text, end)


def _title_before(text: str, m: re.Match[str]) -> bool:
    # "Mr S Smith" is the titled recogniser's; "Adult A Review" is not a name.
    before = text[max(0, m.start() - 12) : m.start()].split()
    return bool(before) and before[-1].rstrip(".") in vocab.title_words()


class NameShapeRecognizer(RuleRecognizer):
    ENTITY = "PERSON"
    CONTEXT = CONTEXT

    EXPLANATION = "a name's shape"

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        return find(text)

    def name_for(self, score: float) -> str:
        # A lone given name is weak evidence, reported apart so the policy can tell them apart.
        return "NameShapeRecognizer" if score == STRONG else "GivenNameRecognizer"
