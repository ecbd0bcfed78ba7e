"""Is a name-finder hit really a person? The small model calls places, public bodies, wards,
charities, laws, job titles and anonymised references people ("Safer Devon Partnership",
"Surrey", "Clare's Law", "Subject A", "HMIC"). A hit inside one of those expressions is kept,
and the decision is recorded so that the leak gate does not raise it again.

The lists (places, body patterns, charities, laws, titles, documents) are the gazetteer's
(redaction/gazetteer.py, data under redaction/data/uk/); the shape rules here need no list:
an organisation noun after the words ("... Partnership", "... Police"), a role or body noun
before "of/for" ("Police and Crime Commissioner for Sussex"), a possessive before "Law" or
"Scheme", a single letter after an everyday word ("Subject A"), a lone acronym.
"""

from __future__ import annotations

from functools import cache

import regex as re

from redaction import gazetteer as _gazetteer
from redaction import spans as _spans
from redaction import vocab

ORG_NOUNS = (
    "Trust|Police|Constabulary|Council|Service|Services|Partnership|Partnerships|Team|Board|"
    "Group|Commission|Committee|Foundation|Hospital|Hospitals|University|College|School|"
    "Academy|Society|Authority|Agency|Unit|Department|Directorate|Prison|Probation|Court|"
    "Borough|County|City|Area|Ltd|Limited|plc|PLC|LLP|CIC|Company|Housing|Homes|Inspectorate|"
    "Office|Centre|Center|Clinic|Practice|Surgery|Healthcare|Health|Network|Alliance|Forum|"
    "Panel|Consortium|Association|Federation|Institute|Ministry|Tribunal|Chambers|Ward|Wing|"
    "House|Lodge|Court|Project|Programme|Refuge|Aid|Solutions|Consulting|Associates|Care|"
    "Doctors|Safeguarding|Community|District|Region|Division|Command|Force|Borough|Parish"
)
# Words after an organisation noun that make the whole a job title, not a body:
# "Sarah Jones Team Manager".
_ROLE_AFTER_ORG = re.compile(
    r"[ \t]+(?:Manager|Lead|Leader|Officer|Director|Coordinator|Co-ordinator|Administrator|"
    r"Chair|Member|Worker|Nurse|Secretary|Clerk|Head|Representative|Rep|Liaison|Visitor|"
    r"Practitioner|Assistant|Advisor|Adviser|Consultant|Therapist|Champion|Partner)\b"
)
# Organisation nouns that are also surnames: "Sarah Ward" is a person, "on Holly Ward" a ward.
_SURNAME_NOUNS = frozenset(
    ["Ward", "House", "Court", "Lodge", "Wing", "Care", "Hall", "Health", "Force", "Parish"]
)
_PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:on|to|onto|at|from|in|into|of|attended|admitted|transferred|discharged|"
    r"visited|left|leaving|under)[ \t]+)$"
)
_CAP = r"(?:[A-Z][\w'’()-]*|\([A-Z]+\))"
# "Devon and Cornwall Police", "Bassetlaw, Newark & Sherwood Community Safety Partnership":
# a comma joins only a list that ends in "and"/"&" ("Jo Bloggs, Devon Police" is a person).
# A soft line break (one newline in Markdown prose) joins words like a space.
_SP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_ORG_AFTER = re.compile(
    rf"(?:(?:,{_SP}{_CAP})*{_SP}(?:and|&){_SP}{_CAP})?(?:{_SP}{_CAP}){{0,4}}?"
    rf"{_SP}(?:{ORG_NOUNS})(?![\w'’])"
)
# Last words of events and documents, seldom surnames: "Learning and Recall Event".
_THING_NOUNS = frozenset(
    """Event Events Meeting Meetings Conference Briefing Report Reports Plan Plans Policy
    Policies Strategy Scheme Programme Assessment Notice Letter Order Orders Review Reviews
    Framework Protocol Procedure Procedures Guidance Toolkit Form Audit Summary Minutes
    Agenda Register Process Pathway Model Standards Tool Training Day Week Month""".split()  # noqa: SIM905
)
_OF_BEFORE = re.compile(
    rf"(?:{ORG_NOUNS}|Commissioner|Manager|Director|Head|Lead|Officer|Minister|Secretary|"
    r"Coordinator|Chair|Member|Governor|Mayor|Sheriff|Lieutenant|Report|Review|Plan|Policy|"
    r"Strategy|Guidance|Protocol)[ \t]+(?:of|for)(?:[ \t]+the)?[ \t]+(?:[A-Z][\w'’-]*[ \t]+"
    r"(?:and|&)[ \t]+)?$"
)
_POSSESSIVE_THING = re.compile(
    r"['’]s?[ \t]+(?:Law|law|Scheme|scheme|Principles?|Aid|Trust|House|Ward|Unit|Hospice|"
    r"Inspectorate|Review|Act|Syndrome|Disease|Foundation|Fund|Centre|Court|Place|College|"
    r"Hospital|Way)\b"
)
_ANON_AFTER = re.compile(r"[ \t]+(?:[A-Z]|\d{1,3}|[A-Z]\d{1,2})(?![\w'’.])")
_QUOTE_TITLE = re.compile(r"[‘'“\"]")


def reason(text: str, start: int, end: int, strong: bool = False) -> str | None:
    """Why text[start:end] is not a person ("public body", "place"...), or None.

    `strong`: the hit has a name's shape or a title before it ("Dr Patel", "KARIM, Kamal",
    "Yours faithfully, Alan Wright"); only an expression that holds it whole can overrule
    that, never an organisation that merely follows ("Alan Wright Metropolitan Police").
    """
    words = text[start:end].split()
    if not words:
        return None
    after = text[end : end + 120]
    if strong:
        if _named_thing(text, start, end):
            return "named thing"  # "told by Karma Nirvana": the whole expression is listed
        if _inside_body(text, start, end):
            return "inside a public body"  # "St John the Baptist Greek Orthodox Church"
        if _FACILITY_AFTER.match(after):
            return "ward or unit"  # "under Silver Birches crisis house"
        if _POSSESSIVE_THING.match(after):
            return "named after a person"
        if _gazetteer.is_job_title(text[start:end]):
            return "job title"
        return None
    found = _gazetteer_reason(text, start, end, words)
    if found:
        return found
    last = _PLAIN_WORD.findall(text[start:end])[-1]
    if last in _THING_NOUNS and len(words) > 1:
        return "event or document"
    if _ORG_NOUN.fullmatch(last) and len(words) > 1 and not _ROLE_AFTER_ORG.match(after):
        surname_like = last in _SURNAME_NOUNS and is_given_name(words[0])
        if not surname_like or _PLACE_PREPOSITION.search(text[max(0, start - 12) : start]):
            return "public body"
    org = _ORG_AFTER.match(after)
    if org and not _ROLE_AFTER_ORG.match(after, org.end()):
        # "Sarah" found alone in "Sarah Ward" is a person; "Holly" in "on Holly Ward" is not.
        alone = org.group().strip()
        surname_like = alone in _SURNAME_NOUNS and is_given_name(words[-1])
        if not surname_like or _PLACE_PREPOSITION.search(text[max(0, start - 12) : start]):
            return "public body"
    if _OF_BEFORE.search(text[max(0, start - 80) : start]):
        return "job title or body"
    if _POSSESSIVE_THING.match(after):
        return "named after a person"
    if len(words) == 1 and words[0].lower() in vocab.english_words() and _ANON_AFTER.match(after):
        return "anonymised reference"
    if len(words) == 2 and words[0].lower() in vocab.english_words() and len(words[1]) == 1:
        return "anonymised reference"  # "Subject B", "Adult A"
    if len(words) == 1 and _is_acronym(words[0]):
        return "acronym"
    names = [w.strip(".,;:()'’\"") for w in words]
    if (
        len(names) > 1
        and all(w[:1].isupper() for w in names)
        and not any(is_given_name(w) for w in names)
        and any(is_place(w) for w in names)
    ):
        return "named after a place"  # "Citizens Advice Peterborough", "Coventry Haven"
    if (
        len(names) > 1
        and is_place(names[0])
        and not is_given_name(names[0])
        and all(_dictionary_form(w) for w in names[1:])
    ):
        return "named after a place"  # "Coventry Haven", "Leeds Mind"
    if _FACILITY_AFTER.match(after):
        return "ward or unit"
    if _DOCUMENT_AFTER.match(after) and len(words) == 1 and everyday_word(words[0]):
        return "document"  # "KMPT Transfer and discharge of care policy"
    if _everyday_title(text, start, end):
        return "name of a body or thing"  # "Rights of Women", "Hope for Justice"
    if len(names) == 1 and _abstract_noun(names[0]):
        return "everyday word"  # "Transfer", "Protection", "Parliament"
    if len(names) > 1 and all(everyday_word(w) for w in names):
        return "everyday words"  # "Call Takers", "Overview Writer", "Prime Minister"
    return None


_ABSTRACT = re.compile(r"(?:tion|sion|ment|ness|ity|ship|ism|ogy|ground|ance|ence)s?$")


def _abstract_noun(word: str) -> bool:
    """A capitalised everyday abstract noun ("Manslaughter" aside): a dictionary word with a
    noun ending, not a given name. Surnames seldom end so."""
    return (
        bool(_ABSTRACT.search(word.lower()))
        and vocab.is_dictionary_word(re.sub(r"s$", "", word))
        and not is_given_name(word)
    )


def everyday_word(word: str) -> bool:
    """A dictionary word (or its plural) that is not a given name: "Takers", "Writer"."""
    low = word.lower()
    forms = [low]
    if low.endswith("s"):
        forms += [low[:-1], low[:-2], low[:-3] + "y"]
    return (
        len(word) > 2
        and any(f in vocab.dictionary_words() for f in forms)
        and not is_given_name(word)
    )


def _is_acronym(word: str) -> bool:
    bare = word.strip(".,;:'’\"()")
    return (
        bare.isupper()
        and 2 <= len(bare) <= 6
        and not is_given_name(bare.title())
        and "'" not in bare
    )


_STRICT_CUE = re.compile(r"\b(?:in|at|from|near|across|around|throughout|within|of)[ \t]+$")


# A lower-case kind of ward, unit or house after the words: "Silver Birches crisis house",
# "River ward". A person's name is followed by a possessive before such words, not by them.
_FACILITY_AFTER = re.compile(
    r"[ \t]+(?:(?:crisis|respite|residential|nursing|care|supported|bail|safe|inpatient|"
    r"psychiatric|acute|secure|rehabilitation|recovery|assessment|mother and baby|"
    r"mental health)[ \t]+(?:house|home|unit|centre|hostel|ward)|ward|wards|unit|hostel|"
    r"refuge)\b(?![''’])"
)
# "Transfer and discharge of care policy": lower-case words up to a document noun.
_DOCUMENT_AFTER = re.compile(
    r"(?:[ \t]+(?:and|of|&|[a-z]+)){1,5}?[ \t]+(?:policy|policies|procedure|procedures|"
    r"protocol|guidance|strategy|pathway|framework|toolkit)\b"
)


def _inside_body(text: str, start: int, end: int) -> bool:
    """A strong hit wholly inside a body's name that begins before it or with a body
    prefix ("Tîm Llywodraethu ..."); never one the body merely follows ("Alan Wright
    Metropolitan Police": there the body starts after the hit)."""
    span = _spans.body_span(text, start, end)
    if span is None or not (span[0] <= start and end <= span[1]) or span == (start, end):
        return False
    return span[0] < start or _gazetteer.opens_with_prefix(text[start:end])


def _named_thing(text: str, start: int, end: int) -> bool:
    """Inside a listed charity, law, report, document or body ("Hestia", "Karma Nirvana",
    "Keogh review"): the lists hold only forms that are not a person's name."""
    span = _spans.phrase_span(text, start, end)
    return span is not None and span[0] <= start and end <= span[1]


# A capitalised expression joined by "of" or "for" ("Rights of Women", "Hope for Justice",
# "Friends of the Earth"): every capitalised word a dictionary word makes it a title.
_OF_CHAIN = re.compile(r"\p{Lu}[\w'’-]*(?:[ \t]+(?:of|for)(?:[ \t]+the)?[ \t]+\p{Lu}[\w'’-]*)+")


def _everyday_title(text: str, start: int, end: int) -> bool:
    lo = max(0, start - 60)
    for m in _OF_CHAIN.finditer(text, lo, min(len(text), end + 60)):
        if m.start() <= start and end <= m.end():
            caps = [w for w in re.findall(r"[\w'’-]+", m.group()) if w[0].isupper()]
            return all(_dictionary_form(w) for w in caps)
    return False


def _dictionary_form(word: str) -> bool:
    low = word.lower()
    forms = [low] + ([low[:-1], low[:-2]] if low.endswith("s") else [])
    return any(f in vocab.dictionary_words() for f in forms) and len(word) > 2


def _gazetteer_reason(text: str, start: int, end: int, words: list[str]) -> str | None:
    if _named_thing(text, start, end):
        return "named thing"
    span = _spans.body_span(text, start, end)
    if span is not None and span[0] == start and text[end : span[1]] in ("'s", "’s"):
        span = (start, end)  # "to Clare’s admission": the place read with its possessive
    if span is not None and span[0] <= start and end <= span[1] and span != (start, end):
        return "inside a place, body or named thing"
    if span == (start, end):
        # A bare place that is also a given name ("Clive", "Clare", "Stanley"): a place only
        # after "in", "at", "from"... ("support to Clive" is a person; the gazetteer's own
        # cues include "to").
        if all(is_given_name(w) for w in words) and not (
            is_major_place(text[start:end]) or _STRICT_CUE.search(text[max(0, start - 16) : start])
        ):
            return None
        return "place, body or named thing"
    if _gazetteer.is_job_title(text[start:end]):
        return "job title"
    return None


@cache
def is_given_name(word: str) -> bool:
    """A first name from any UK community (the gazetteer's list, with its sources)."""
    if _gazetteer.is_given_name(word):
        return True
    plain = _plain(word)  # "Grażyna" is listed as "Grazyna", "Ionuț" as "Ionut"
    return plain != word and bool(_gazetteer.is_given_name(plain))


def given_name_communities(word: str) -> tuple[str, ...]:
    return tuple(_gazetteer.given_name_communities(word) or _gazetteer.given_name_communities(
        _plain(word)
    ))


def recorded_abroad(word: str) -> bool:
    """A given name that nam_dict records (any code beside the UK birth registers' EW, SCT,
    NI): a name in several countries, not an everyday word some parents chose ("Given")."""
    codes = _gazetteer.given_name_communities(word) or _gazetteer.given_name_communities(
        _plain(word)
    )
    return any(c not in ("EW", "SCT", "NI") for c in codes)


def _plain(word: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_major_place(words: str) -> bool:
    """A nation, region, county or country: seldom a person's name on its own."""
    return _gazetteer.place_kind(words) in _gazetteer.MAJOR_PLACE_KINDS


def is_place(words: str) -> bool:
    return _gazetteer.is_place(words)


# Compiled once: the module-level calls looked each pattern up in the cache on every call.
_PLAIN_WORD = re.compile(r"[\w'’]+")
_ORG_NOUN = re.compile(ORG_NOUNS)
