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
_BREAKS = HONORIFICS | {"Dear", "Dearest"}
COMPASS = frozenset("north south east west mid upper lower great little new old".split())  # noqa: SIM905
RANK_PREFIX = rf"(?:A/T|A/|T/|(?i:acting|temporary|temp\.?|ag\.?|act\.?){SPACE})?"
# Compiled once: the lookups below run for every finding of every text.
_POSSESSIVE = re.compile(r"(?:'s|s')$")
_TITLE_PREFIX = re.compile(r"^(?:the |acting |interim |temporary |joint )+")
_PLURAL = re.compile(r"(?<=[a-z])s\b")
_LAST_WORD = re.compile(r"([\w'’]+)[^\w\n]*$")
_TOKEN = re.compile(r"[^\W_](?:[\w'’&-]*[\w'’])?|&|[^\w\s]")


@lru_cache(maxsize=8192)  # the same words are looked up again and again, one by one
def _norm(text: str) -> str:
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
    s = _norm(text).strip(' .,;:()"')
    s = s.removeprefix("the ")
    return _POSSESSIVE.sub(lambda m: "s" if m.group(0) == "s'" else "", s)


@cache
def places() -> dict[str, str]:
    """Normalised place name -> kind. "The Green" keeps its "the", so "Green" is no place."""
    table = {_norm(row[0]): row[1] for row in _rows("places.txt")}
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
    table = {_norm(r[0]): tuple(r[1].split(",")) if len(r) > 1 and r[1] else () for r in rows}
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
    return frozenset(_norm(r[0]) for r in _rows("job_titles.txt"))


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
    for p in sorted({_norm(p) for p in phrases}, key=len, reverse=True):
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
    return frozenset(_WORD.match(_norm(p)).group(0) for p in phrases if _WORD.match(_norm(p)))


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
def _body_patterns() -> tuple[dict[tuple[str, ...], bool], tuple[tuple[str, ...], ...]]:
    """(suffix token tuple -> weak, prefix token tuples)."""
    suffixes: dict[tuple[str, ...], bool] = {}
    prefixes = []
    for row in _rows("public_body_patterns.txt"):
        toks = tuple(_norm(row[0]).split())
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
    plain = _norm(words).strip(' .,;:()"')
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
    keys = tuple(_norm(words).split())
    return any(keys[: len(p)] == p and len(keys) > len(p) for p in _body_patterns()[1])


def rank_before(text: str, start: int) -> str | None:
    """The rank or rank abbreviation, with any acting/temporary prefix, that ends just
    before `start` ("T/DCI" in "T/DCI Jones"), or None."""
    m = _rank_regex().search(text[max(0, start - 60) : start])
    return m.group(0).strip() if m else None


def body_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the place, public body, ward, charity, law, job title or document name
    that wholly contains text[start:end], or None. See the module docstring for the
    rule on places that are also given names."""
    return phrase_span(text, start, end) or _chain_span(text, start, end)


def phrase_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    for s, e in phrase_matches(text):
        if s <= start and e >= end:
            return s, e
    return None


def _tokens(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, lo, hi))


def _chain(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The run of capitalised words and joiners on one line around text[start:end]."""
    line_lo = max(text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
    hi_candidates = [i for i in (text.find("\n", end), text.find("\t", end)) if i != -1]
    line_hi = min(hi_candidates) if hi_candidates else len(text)
    toks = _tokens(text, line_lo, line_hi)
    inside = [i for i, t in enumerate(toks) if t.end() > start and t.start() < end]
    if not inside:
        return None

    def joins(i: int) -> bool:
        word = toks[i].group(0)
        return word[0].isupper() or word[0].isdigit() or word.lower() in JOINERS

    def adjacent(i: int, j: int) -> bool:  # one space at most, no punctuation, between
        return toks[j].start() - toks[i].end() <= 1

    first, last = inside[0], inside[-1]
    while first > 0 and joins(first - 1) and adjacent(first - 1, first):
        first -= 1
    while last + 1 < len(toks) and joins(last + 1) and adjacent(last, last + 1):
        last += 1
    while first < inside[0] and toks[first].group(0).lower() in JOINERS:
        first += 1
    while last > inside[-1] and toks[last].group(0).lower() in JOINERS:
        last -= 1
    return toks[first].start(), toks[last].end()


def _word_before(text: str, pos: int) -> str:
    m = _LAST_WORD.search(text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


def _chain_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    chain = _chain(text, start, end)
    if chain is None:
        return None
    c_lo, c_hi = chain
    words = [t.group(0) for t in _tokens(text, c_lo, c_hi)]
    offsets = [(t.start(), t.end()) for t in _tokens(text, c_lo, c_hi)]
    # "NHS England Dear Ms Prentice": a greeting or title inside the run, before the
    # candidate, ends the body there; what follows it is a person's name.
    marks = [i for i, w in enumerate(words) if offsets[i][1] <= start and w in _BREAKS]
    if marks and marks[-1] > 0:
        c_lo = offsets[marks[-1]][0]
        words, offsets = words[marks[-1] :], offsets[marks[-1] :]
    if (words and words[0] in HONORIFICS) or rank_before(text, start):
        # "Mrs Marcia Campbell of Handsworth": the place after "of" or "from" is no name.
        if _word_before(text, start).lower() in ("of", "from", "in", "at") and not (
            rank_before(text, start)
        ):
            return _place_span(text, (start, end), (start, end), True)
        return None
    cue = _word_before(text, c_lo).lower() in CUES
    keys = [_norm(w) for w in words]
    suffixes, prefixes = _body_patterns()
    if any(tuple(keys[: len(p)]) == p and len(keys) > len(p) for p in prefixes):
        return chain
    # "Executive Summary May 2014 By Safer Devon": a prefix inside the chain, at or before
    # the candidate, opens the body there unless the words before it look like a person.
    for k in range(1, len(keys)):
        if offsets[k][0] > start:
            break
        opens = any(tuple(keys[k : k + len(p)]) == p and len(keys) > k + len(p) for p in prefixes)
        if opens and not _looks_like_person(text[offsets[0][0] : offsets[k - 1][1]]):
            return offsets[k][0], c_hi
    titled = _titled_span(words, offsets, start)
    if titled is not None:
        return titled, c_hi
    # "Nottinghamshire Women's Aid": a known name ends the chain and overlaps the candidate.
    for m_start, m_end in phrase_matches(text):
        if c_lo <= m_start and m_end <= c_hi and m_start < end and m_end > start and m_end >= end:
            if _looks_like_person(text[start:end]) and not cue:
                return None
            return c_lo, m_end
    cand_first = min(i for i, (s, e) in enumerate(offsets) if e > start)
    cand_last = max(i for i, (s, e) in enumerate(offsets) if s < end)
    # "John Smith Hertfordshire County Council" with only "Smith" found: a given name just
    # before the candidate makes it a surname, not the first word of the council's name.
    after_given = cand_first > 0 and _is_first_name(words[cand_first - 1])
    for j in range(len(keys) - 1, cand_last - 1, -1):
        found = _suffix_at(keys, j, suffixes)
        if found is None:
            continue
        weak, size = found
        # Only the candidate's words before the suffix can be a person ("Kent" of "Kent
        # Police" is one word; "John Smith" of "John Smith Safeguarding Team" is two).
        head = [offsets[i] for i in range(cand_first, min(cand_last + 1, j - size + 1))]
        named = bool(head) and _looks_like_person(text[head[0][0] : head[-1][1]])
        if (weak or after_given or named) and not cue:
            return None
        # "Harris Academy Peckham", "Citizens Advice Peterborough": a place after the suffix.
        if j < len(keys) - 1 and place_kind(" ".join(words[j + 1 :])) is not None:
            return c_lo, c_hi
        return c_lo, offsets[j][1]
    return _place_span(text, (c_lo, c_hi), (start, end), cue)


def _titled_span(words: list[str], offsets: list[tuple[int, int]], start: int) -> int | None:
    """Where "Clinical Directors for Secure Services and Forensics" begins, when the
    candidate lies after a job title and its "for" or "of"."""
    for k in range(len(words)):
        for i in range(k + 1, len(words)):
            if offsets[i][1] > start:
                break
            if words[i].lower() in ("for", "of") and is_job_title(" ".join(words[k:i])):
                return offsets[k][0]
    return None


def _suffix_at(
    keys: list[str], j: int, suffixes: dict[tuple[str, ...], bool]
) -> tuple[bool, int] | None:
    """Whether keys[..j] ends with a body suffix: None if not, else (weak, its length)."""
    last = keys[j]
    for form in (last, last[:-1] if last.endswith("s") else last):
        for size in (4, 3, 2, 1):
            if j - size + 1 < 0:
                continue
            toks = (*keys[j - size + 1 : j], form)
            if toks in suffixes:
                return suffixes[toks], size
    return None


def _is_first_name(word: str) -> bool:
    """A given name that is not also a compass word, joiner, or council or bigger place
    ("Sheffield City Council" is not Sheffield's surname City)."""
    low = word.lower()
    if low in COMPASS or low in JOINERS or not is_given_name(word):
        return False
    return place_kind(word) not in MAJOR_PLACE_KINDS | {"authority", "city"}


def _looks_like_person(candidate: str) -> bool:
    """Two or more words starting with a given name and not a place: "John Smith" before
    "Safeguarding Team" is more likely a person in a table row than part of the team."""
    words = candidate.split()
    return len(words) > 1 and is_given_name(words[0]) and not is_place(candidate)


def _place_span(
    text: str, chain: tuple[int, int], cand: tuple[int, int], cue: bool
) -> tuple[int, int] | None:
    for lo, hi in (chain, cand):
        kind = place_kind(text[lo:hi])
        if kind is None:
            continue
        if _could_be_a_name(text[lo:hi], kind) and not (
            cue or _word_before(text, lo).lower() in CUES or _POSTCODE_AFTER.match(text, hi)
        ):
            return None
        return lo, hi
    return None


# "PO Box 16738, Redditch, B97 9PT": a town before a postcode is the address's town.
_POSTCODE_AFTER = re.compile(r",?[ \u00a0]+[A-Z]{1,2}\d[A-Z\d]?[ \u00a0]+\d[A-Z]{2}\b")


def _could_be_a_name(place: str, kind: str) -> bool:
    """Florence, Jordan, Lincoln, Bolton; and suburbs shaped like a person's name (Holly
    Hall, Abbey Wood). Not "Tower Hamlets", "North Devon", "Kingston upon Thames", "Hong
    Kong"."""
    words = place.split()
    if any(w.lower() in COMPASS or w.lower() in JOINERS for w in words[:-1]):
        return False
    if len(words) == 1:
        return kind not in MAJOR_PLACE_KINDS or is_given_name(words[0])
    if kind in MAJOR_PLACE_KINDS:  # "Hong Kong", "Costa Rica": not a person's name
        return False
    if all(is_given_name(w) for w in words):
        return True
    first = words[0].lower()
    return (
        len(words) == 2
        and kind in ("suburb", "town", "city")
        and first not in COMPASS
        and is_given_name(first)
    )
