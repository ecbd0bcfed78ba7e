"""Names where case notes, minutes and chronologies put them, in the shapes typed records use
and the name-shape rules (name_shapes.py) do not cover:

- a record line that opens with the person, typed in lower case: "okafor – arrested 18/10",
  "nimal did not attend", "violet lovell – Traveller Education Adviser to visit",
  "d. cohen – panel attendance sheet". A sentence of cased text that opens with a lower-case
  word the dictionary does not hold, followed by a dash, a bracket or a person's verb, is a
  name typed without its capital; a known given name ("abdirahman (as recorded...)") is one
  even where the whole text is lower case;
- a record line that opens "SURNAME GIVEN –" with a surname that is also a word
  ("PRICE SHADRACH – statement dated ...");
- a name given as a pseudonym: "Hêvî (pseudonym chosen by the family)";
- an author in a reference: "Mullane, F. (2017)", "Sharp-Jeffs, N. and Kelly, L.";
- a given name's possessive typed without its apostrophe: "impacted on Gillians outcome".
"""

from __future__ import annotations

from collections.abc import Container
from functools import cache

import regex as re

from redaction import not_person, vocab
from redaction.recognizers import name_shapes as shapes
from redaction.recognizers import name_words as words
from redaction.recognizers.base import RuleRecognizer

# What follows a person who opens a record line: a dash, a bracket, or a verb of a person.
PERSON_VERBS = (
    "was|is|has|had|did|does|remains|remained|agreed|asked|attended|declined|denied|said|"
    "says|told|wishes|wants|wanted|would|will|could|should|reported|stated|refused|"
    "disclosed|called|returned|left|arrived|admitted|lives|lived|moved|became|continues|"
    "confirmed|explained|alleged|accepted|missed|failed|spoke|went|gave|made|described"
)
_AFTER = (
    rf"(?=[ \t]*[–—-][ \t]|[ \t]+\(|[ \t]+(?:family|household)\b|[ \t]+(?:{PERSON_VERBS})\b"
    r"|['’]s[ \t])"  # "okafor's partner –"
)
# A lower-case word; an apostrophe inside ("o'brien") but not a possessive's.
_LOWER_WORD = r"\p{Ll}(?:[\p{Ll}-]|['’](?!s\b))*\p{Ll}"
# The start of the text, a sentence or a record line ("Police update (DS Okonkwo): malik").
_OPENS = r"(?<=(?:^|[.!?:;\n•*|–-])[ \t\"“‘'(]*)"
PATTERNS = {
    # "okafor –", "d. cohen –", "violet lovell –", at the start of a sentence or line.
    "lower_one": re.compile(
        rf"{_OPENS}(?<![\w'’.-])(?:(?P<initial>\p{{Ll}})\.[ \t]?)?(?P<last>{_LOWER_WORD}){_AFTER}"
    ),
    "lower_pair": re.compile(
        rf"{_OPENS}(?<![\w'’.-])(?P<first>{_LOWER_WORD})[ \t]+(?P<last>{_LOWER_WORD}){_AFTER}"
    ),
    # "kaur, harpreet –": a police record's "SURNAME, Given", typed in lower case.
    "lower_comma": re.compile(
        rf"{_OPENS}(?<![\w'’.-])(?P<surname>{_LOWER_WORD}),[ \t]+(?P<given>{_LOWER_WORD})"
        r"(?=[ \t]*[–—-][ \t]|[ \t]+\(|[ \t]*[,;:])"
    ),
    # "mr okafor", "ms begum", anywhere: a title typed in lower case before a name.
    "lower_titled": re.compile(
        rf"(?<![\w'’.-])(?:mr|mrs|ms|miss|mx|dr)\.?[ \t]+(?P<name>{_LOWER_WORD})(?![\w'’-])"
    ),
    # "PRICE SHADRACH –": surname in capitals, then a given name, then a dash or comma.
    "caps_record": re.compile(
        rf"{_OPENS}(?<![\w'’-])(?P<last>\p{{Lu}}[\p{{Lu}}'’-]+\p{{Lu}})[ \t]+"
        r"(?P<first>\p{Lu}[\p{Lu}'’-]+\p{Lu})"
        r"(?=[ \t]*(?:[–—-][ \t]|,|:))"
    ),
    "pseudonym": re.compile(
        # The name's closing quote stays: "‘Cara’ (pseudonym)".
        r"(?<![\w'’-])(?P<name>\p{Lu}\p{L}+(?:['’-]\p{L}+)*)"
        r"(?=['’\"”]?[ \t]*\((?:a[ \t]+|the[ \t]+)?pseudonym)"
    ),
    # "Mullane, F. (2017)", "Kelly, L. and", "Monckton-Smith, J.,".
    "citation": re.compile(
        r"(?<![\w'’-])(?P<name>\p{Lu}\p{Ll}[\p{L}'’-]+,[ \t]+\p{Lu}\.(?:[ \t]?\p{Lu}\.){0,2})"
        r"(?=[ \t]*(?:\([12]\d{3}|,|and\b|&|$))"
    ),
    "possessive_s": re.compile(r"(?<![\w'’-])(?P<name>\p{Lu}\p{Ll}{2,})s(?=[ \t]+\p{Ll})"),
}
CONTEXT = ["pseudonym", "family", "attended", "declined", "agreed"]


_ENDINGS = ("s", "es", "ies", "ed", "d", "ied", "ing", "ly", "er", "ers", "ment", "ments")
_BRITISH = ((r"our(s|ed|ing|al)?$", r"or\1"), (r"is(e|ed|es|ing|ation|ations)$", r"iz\1"),
            (r"yse(s|d)?$", r"yze\1"), (r"tre(s)?$", r"ter\1"))


@cache
def _gcide() -> frozenset[str]:
    """The GNU Collaborative International Dictionary's words (english-words package): it
    holds newer and British words Webster's Second lacks ("email", "online", "colour")."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], lower=True))


def _a_word(word: str, seen: Container[str]) -> bool:
    """A dictionary word in any form: plural, verb form, British spelling, hyphenated or
    closed compound ("messages", "logged", "behaviour", "self-neglect", "wellbeing")."""
    if "-" in word:
        return all(_a_word(part, seen) for part in word.split("-") if part)
    forms = {word} | {re.sub(a, b, word) for a, b in _BRITISH}
    if any(_stem_known(f, seen) for f in forms):
        return True
    # A closed compound of two words of four letters or more: "lockdown", "signposting".
    return any(
        _plain_word(word[:i], seen) and _plain_word(word[i:], seen)
        for i in range(4, len(word) - 3)
    )


def _plain_word(word: str, seen: Container[str]) -> bool:
    return word in seen or word in _gcide()


def _stem_known(word: str, seen: Container[str]) -> bool:
    if _plain_word(word, seen):
        return True
    for end in _ENDINGS:
        stem = word[: -len(end)]
        if word.endswith(end) and len(stem) >= 3:
            known = {stem, stem + "e", stem + "y" if end.startswith("i") else stem}
            if end in ("ed", "ing", "er", "ers") and stem[-1:] == stem[-2:-1]:
                known.add(stem[:-1])  # "logged", "running"
            if any(_plain_word(k, seen) for k in known):
                return True
    return False


def _unknown_word(word: str, seen: Container[str]) -> bool:
    """Not a word: not in the dictionary, not an acronym typed small ("cpoms"), not a place."""
    return (
        not _a_word(word, seen)
        and not words.everyday(word)
        and word.upper() not in vocab.acronyms()
        and not not_person.is_place(word.title())
        and words.vowels(word) >= 1
    )


def _given_abroad(word: str) -> bool:
    """A given name recorded outside the UK registers that is a rare word at most: "malik"
    is in Webster's Second, but not in the newer dictionary ("pip" is in both)."""
    return (
        words.lone_given(word.title())
        and not_person.recorded_abroad(word.title())
        and word not in _gcide()
    )


_CAPITALISED = re.compile(r"(?<![\w'’-])\p{Lu}\p{L}*(?![\w'’-])")


def _cased_line(text: str, pos: int) -> bool:
    """The line around `pos` has a capitalised word: a cased sentence, in which a name typed
    in lower case stands out. Per line, so that texts joined by blank lines
    (plain_texts.py) read as they read alone."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return bool(_CAPITALISED.search(text, start, end if end >= 0 else len(text)))


_OPENING = re.compile(r"(?:^|[.!?:;\n•*|–-])[ \t\"“‘'(]*")


def _openings(text: str) -> tuple[list[int], list[int]]:
    """Where a sentence or line opens, before a lower-case and before a capital letter: the
    patterns are tried only there (a lookbehind tried at every character costs more than the
    rest of this recogniser)."""
    lower, upper = [], []
    for o in _OPENING.finditer(text):
        c = text[o.end() : o.end() + 1]
        (lower if c.islower() else upper if c.isupper() else []).append(o.end())
    return lower, upper


def _at(name: str, text: str, positions: list[int]) -> list[re.Match[str]]:
    pattern = PATTERNS[name]
    return [m for m in (pattern.match(text, p) for p in positions) if m]


def _lower_record(
    text: str, seen: Container[str], opens: list[int]
) -> list[tuple[int, int, float]]:
    found = []
    matches = [*_at("lower_one", text, opens), *_at("lower_pair", text, opens)]
    for m in matches:
        cased = _cased_line(text, m.start())
        last = m.group("last")
        first = m.groupdict().get("first")
        if m.groupdict().get("initial"):
            ok = cased and _unknown_word(last, seen)
        elif first:
            # "violet lovell": a given name (even an everyday word) before a surname.
            ok = (
                _unknown_word(last, seen)
                and not_person.is_given_name(first.title())
                and not vocab.is_never_name(first)
            )
        else:
            name = words.lone_given(last.title()) and (last not in seen or _given_abroad(last))
            # Without capitals anywhere, a verb after an unknown word is not enough ("cpoms
            # was updated"); a record line's dash is: "kyriacou – two breaches".
            dash = bool(re.match(r"[ \t]*[–—-][ \t]", text[m.end() :]))
            ok = name or ((cased or dash) and _unknown_word(last, seen))
        if ok:
            found.append((m.start(), m.end(), shapes.WEAK_LOWER))
    for m in _at("lower_comma", text, opens):
        surname, first = m.group("surname"), m.group("given")
        if words.lone_given(first.title()) and first not in seen and (
            _unknown_word(surname, seen) or words.lone_given(surname.title())
        ):
            found.append((m.start(), m.end(), shapes.WEAK_LOWER))
    for m in PATTERNS["lower_titled"].finditer(text):
        name = m.group("name")
        # After a title a rare word is a surname too: "mr smith", "ms begum", "dr patel".
        if not words.everyday(name) and not not_person.is_place(name.title()):
            found.append((m.start("name"), m.end("name"), shapes.WEAK_LOWER))
    return found


def _caps_record(text: str, opens: list[int]) -> list[tuple[int, int, float]]:
    found = []
    if not any(c.islower() for c in text):
        return found  # a heading all in capitals
    for m in _at("caps_record", text, opens):
        last, first = m.group("last"), m.group("first")
        if (
            words.given(first.title())
            and len(last) >= 3
            and words.vowels(last) >= 1
            and last not in vocab.acronyms()
            and not vocab.is_never_name(last.title())
            and last.lower() not in words.org_words()
            and not not_person.is_place(last.title())
        ):
            found.append((m.start(), m.end(), shapes.STRONG))
    return found


def _named(text: str) -> list[tuple[int, int, float]]:
    found = []
    for m in PATTERNS["pseudonym"].finditer(text) if "pseudonym" in text else ():
        if not vocab.is_never_name(m.group("name")):
            found.append((m.start("name"), m.end("name"), shapes.STRONG))
    for m in PATTERNS["citation"].finditer(text):
        surname = m.group("name").split(",")[0]
        if words.surname_ok(surname) and not not_person.is_place(surname):
            found.append((m.start("name"), m.end("name"), shapes.STRONG))
    for m in PATTERNS["possessive_s"].finditer(text):
        stem, word = m.group("name"), m.group("name") + "s"
        if (
            words.lone_given(stem)
            and not _plural_noun(stem.lower(), vocab.dictionary_words())
            and not not_person.is_given_name(word)
            and not not_person.is_place(word)
            and not words.everyday(word)
            and not shapes.in_a_name(text, m.start(), m.end())
        ):
            found.append((m.start(), m.end(), shapes.WEAK))
    return found


def _plural_noun(stem: str, seen: Container[str]) -> bool:
    """ "Pens", "Stories": the plural of a word that is also a given name ("Pen", "Storie").
    Webster's Second only: the newer dictionary also lists names as words ("gillian")."""
    return stem in seen or stem + "s" in seen or (stem.endswith("ie") and stem[:-2] + "y" in seen)


def find(text: str, seen: Container[str] | None = None) -> list[tuple[int, int, float]]:
    """(start, end, score) of every record-shaped name in `text`."""
    if seen is None:
        seen = vocab.dictionary_words()
    lower, upper = _openings(text)
    found = _lower_record(text, seen, lower) + _caps_record(text, upper) + _named(text)
    # "k. papadopoulos": the surname alone, tried after the initial's full stop, is inside.
    return [f for f in found if not any(
        o[0] <= f[0] and f[1] <= o[1] and o[:2] != f[:2] for o in found)]


class RecordNameRecognizer(RuleRecognizer):
    ENTITY = "PERSON"
    CONTEXT = CONTEXT

    EXPLANATION = "a record's name"

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        return find(text)
