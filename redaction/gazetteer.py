"""Knowledge of the UK public sector as lookups (data in redaction/data/uk/, see its README).

The name finder tags places, public bodies, wards, laws named after people, job titles and
document names as people. These lookups give the engine evidence against such findings;
none of them decides alone. Everything is loaded once per process and cached.

Ambiguity is resolved towards redaction, because leaking a name is worse than hiding a
place: a word that is both a place and a given name (Florence, Lincoln, Jordan, Kent) is
reported by is_place() and by is_given_name(), but body_span() returns a bare place only
when it cannot also be a person's name or a cue word ("in", "from", "leave") precedes it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from redaction import vocab
from redaction.tables import remembered

_DATA = resources.files("redaction") / "data" / "uk"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# Words that may join the capitalised words of a name ("Blackburn with Darwen Borough
# Council", "Director of Adult Social Services"); never at either end of one.
JOINERS = frozenset("of and for with the upon on in under & de la le y yr ar a ac".split())  # noqa: SIM905
# A word before an expression that shows a place or building is meant, not a person.
CUES = frozenset(
    """on at to the from in into onto within of via for across near around throughout
    leave leaves left visit visited visiting admitted transferred discharged flee fled fleeing
    enter entered entering moved relocated travelled returned towards outside""".split()  # noqa: SIM905
)
HONORIFICS = frozenset("Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Cllr Prof Professor Rev".split())  # noqa: SIM905
# Place kinds that are seldom a surname on their own; a single-word authority, city, town
# or suburb (Bolton, Preston, Barnes, Sutton) is, so it needs a cue.
MAJOR_PLACE_KINDS = frozenset(
    ("nation", "region", "county", "abbreviation", "country", "world_city")
)
# Spaces only, never a tab or line break: those separate table cells and lines, and a rank
# at the end of one cell is not the title of the word in the next ("DCI⇥Jun-13").
SPACE = r"[ \u00a0]+"
COMPASS = frozenset("north south east west mid upper lower great little new old".split())  # noqa: SIM905
RANK_PREFIX = rf"(?:A/T|A/|T/|(?i:acting|temporary|temp\.?|ag\.?|act\.?){SPACE})?"
# Compiled once: the lookups below run for every finding of every text.
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_TITLE_PREFIX = re.compile(r"^(?:the |acting |interim |temporary |joint )+")
_PLURAL = re.compile(r"(?<=[a-z])s\b")


@lru_cache(maxsize=8192)  # the same words are looked up again and again, one by one
def norm(text: str) -> str:
    """Case-folded, curly apostrophes made straight, runs of spaces made one."""
    return " ".join(text.translate(_APOSTROPHES).casefold().split())


def _rows(name: str) -> list[list[str]]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _bare(text: str) -> str:
    """'the Wirral' -> 'wirral', "Hertfordshire's" -> 'hertfordshire'."""
    s = norm(text).strip(' .,;:()"')
    s = s.removeprefix("the ")
    return _POSSESSIVE.sub(lambda m: "s" if m.group(0) == "s'" else "", s)


@cache
def places() -> dict[str, str]:
    """Normalised place name -> kind. "The Green" keeps its "the", so "Green" is no place."""
    table = {norm(row[0]): row[1] for row in _rows("places.txt")}
    # "Royal Leamington Spa", "Royal Tunbridge Wells": the official name is seldom written.
    for name, kind in list(table.items()):
        if name.startswith("royal ") and len(name.split()) > 2:
            table.setdefault(name.removeprefix("royal "), kind)
    return table


@cache
def given_names() -> dict[str, tuple[str, ...]]:
    """Name (case-folded) -> community codes; a name with accents is also found without
    them, as notes and forms often type it ("Grazyna", "Hevi" for Grażyna, Hêvî), unless
    that is an English word: "Bé" is Dutch, "be" is not a name. Built once per code key
    (redaction/tables.py)."""
    return remembered("given_names", _given_names)


def _given_names() -> dict[str, tuple[str, ...]]:
    rows = _rows("given_names.txt")
    table = {norm(r[0]): tuple(r[1].split(",")) if len(r) > 1 and r[1] else () for r in rows}
    words = vocab.english_words() | vocab.dictionary_words()
    for key, codes in list(table.items()):
        plain = _unaccented(key)
        if plain != key and plain not in words:
            table.setdefault(plain, codes)
    return table


def _unaccented(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    )


@cache
def job_titles() -> frozenset[str]:
    return frozenset(norm(r[0]) for r in _rows("job_titles.txt"))


@cache
def _rank_regex() -> re.Pattern[str]:
    full, short = set(), set()
    for row in _rows("ranks.txt"):
        full.add(row[0])
        if len(row) > 1:
            short.update(a.strip() for a in row[1].split(",") if a.strip())
    alt_full = "|".join(
        re.escape(f).replace(r"\ ", SPACE) for f in sorted(full, key=len, reverse=True)
    )
    alt_short = "|".join(
        re.escape(s).replace(r"\ ", SPACE) for s in sorted(short, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w/]){RANK_PREFIX}(?:(?i:{alt_full})|(?:{alt_short}))\.?{SPACE}$")


@cache
def _phrase_regex() -> re.Pattern[str]:
    """Fixed expressions: named after people, documents, job titles, whole-body names."""
    phrases = [r[0] for r in _rows("named_after_people.txt")]
    phrases += [r[0] for r in _rows("document_names.txt")]
    phrases += [r[0] for r in _rows("job_titles.txt")]
    phrases += [r[0] for r in _rows("public_body_patterns.txt") if r[1] == "whole"]
    alts = []
    for p in sorted({norm(p) for p in phrases}, key=len, reverse=True):
        body = re.escape(p).replace(r"\ ", SPACE).replace("'", "['’]")
        alts.append(body + (r"s?" if p[-1].isalpha() else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


_WORD = re.compile(r"\w+")


@cache
def _phrase_firsts() -> frozenset[str]:
    """The first word of every fixed expression, case-folded: the only places where one of
    them can begin."""
    phrases = [r[0] for r in _rows("named_after_people.txt")]
    phrases += [r[0] for r in _rows("document_names.txt")]
    phrases += [r[0] for r in _rows("job_titles.txt")]
    phrases += [r[0] for r in _rows("public_body_patterns.txt") if r[1] == "whole"]
    return frozenset(_WORD.match(norm(p)).group(0) for p in phrases if _WORD.match(norm(p)))


# Small on purpose: it serves the several questions asked about one text's findings, and
# must not let a benchmark's second pass over the same texts skip the work.
@lru_cache(maxsize=64)
def phrase_matches(text: str) -> tuple[tuple[int, int], ...]:
    """Every fixed expression in `text`, longest at each place it can begin. The large
    alternation is tried only where a word that opens one stands: scanning every position
    of every text with it cost as much as a quarter of the name finder."""
    firsts = _phrase_firsts()
    pattern = _phrase_regex()
    found = []
    for w in _WORD.finditer(text):
        if w.group(0).casefold() in firsts and (w.start() == 0 or (not text[w.start() - 1].isalnum()
                                                 and text[w.start() - 1] != "_")):
            m = pattern.match(text, w.start())
            if m:
                found.append(m.span())
    return tuple(found)


@cache
def body_patterns() -> tuple[dict[tuple[str, ...], bool], tuple[tuple[str, ...], ...]]:
    """(suffix token tuple -> weak, prefix token tuples)."""
    suffixes: dict[tuple[str, ...], bool] = {}
    prefixes = []
    for row in _rows("public_body_patterns.txt"):
        toks = tuple(norm(row[0]).split())
        if row[1] == "suffix":
            suffixes[toks] = len(row) > 2 and row[2] == "weak"
        elif row[1] == "prefix":
            prefixes.append(toks)
    return suffixes, tuple(prefixes)


def is_place(words: str) -> bool:
    """A UK nation, region, county, council area, city, town or suburb, a country or a world
    city of a million people: case-insensitive; 'the' and a possessive are ignored."""
    return place_kind(words) is not None


@lru_cache(maxsize=8192)  # every capitalised pair of every text asks (name_shapes.find)
def place_kind(words: str) -> str | None:
    """The kind places.txt gives ('county', 'authority', 'town', 'country' ...), or None."""
    table = places()
    plain = norm(words).strip(' .,;:()"')
    for key in (plain, plain.removeprefix("the "), _bare(words)):
        if key in table:
            return table[key]
    return None


def is_given_name(word: str) -> bool:
    """A given name recorded in the UK birth registers or nam_dict (case-insensitive);
    a hyphenated name counts when each part does ("Mary-Jane", "Wei-Ming")."""
    key = _bare(word)
    table = given_names()
    if key in table:
        return True
    parts = key.split("-")
    return len(parts) > 1 and all(p in table for p in parts)


def given_name_communities(word: str) -> tuple[str, ...]:
    """The codes of given_names.txt for a name (EW, SCT, NI, GB, IND, ARA ...), else ()."""
    key = _bare(word)
    table = given_names()
    if key in table:
        return table[key]
    codes: list[str] = []
    for part in key.split("-"):
        codes += [c for c in table.get(part, ()) if c not in codes]
    return tuple(codes) if is_given_name(word) else ()


def is_job_title(words: str) -> bool:
    """A job title, singular or plural, optionally acting/interim/temporary/joint."""
    key = _TITLE_PREFIX.sub("", _bare(words))
    titles = job_titles()
    if key in titles:
        return True
    singular = _PLURAL.sub("", key, count=1)  # "clinical directors for ..."
    return singular in titles or (key.endswith("s") and key[:-1] in titles)


def opens_with_prefix(words: str) -> bool:
    """The words open with a body prefix ("Tîm Llywodraethu", "HMP Holloway")."""
    keys = tuple(norm(words).split())
    return any(keys[: len(p)] == p and len(keys) > len(p) for p in body_patterns()[1])


def rank_before(text: str, start: int) -> str | None:
    """The rank or rank abbreviation, with any acting/temporary prefix, that ends just
    before `start` ("T/DCI" in "T/DCI Jones"), or None."""
    m = _rank_regex().search(text[max(0, start - 60) : start])
    return m.group(0).strip() if m else None
