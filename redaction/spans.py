"""Where a place, public body, ward, law, job title or document name around a name finder's
candidate begins and ends (the lookups are in gazetteer.py).

Ambiguity is resolved towards redaction, because leaking a name is worse than hiding a
place: body_span() returns a bare place that is also a given name (Florence, Lincoln) only
when a cue word ("in", "from", "leave") precedes it or a postcode follows it.
"""

from __future__ import annotations

import re

from redaction.gazetteer import (
    COMPASS,
    CUES,
    HONORIFICS,
    JOINERS,
    MAJOR_PLACE_KINDS,
    body_patterns,
    is_given_name,
    is_job_title,
    is_place,
    norm,
    phrase_matches,
    place_kind,
    rank_before,
)

_BREAKS = HONORIFICS | {"Dear", "Dearest"}
_LAST_WORD = re.compile(r"([\w'’]+)[^\w\n]*$")
_TOKEN = re.compile(r"[^\W_](?:[\w'’&-]*[\w'’])?|&|[^\w\s]")


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
    keys = [norm(w) for w in words]
    suffixes, prefixes = body_patterns()
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
