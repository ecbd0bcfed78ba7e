"""The UK knowledge lookups, on wording from real published plans and FOI responses.

The positive cases are the findings the name finder wrongly redacted in real documents
(issue 12); the negative ones are real names that are also places or body words, where
the lookup must not hide a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from redaction import gazetteer as g
from redaction import spans as sp

UK = resources.files("redaction") / "data" / "uk"


def span_of(text: str, candidate: str) -> str | None:
    start = text.index(candidate)
    found = sp.body_span(text, start, start + len(candidate))
    return text[found[0] : found[1]] if found else None


def spans(case: str) -> tuple[str | None, str | None]:
    """A case written as its text with the candidate in [brackets] and, where the lookup must
    find a body around it, that expression in {braces}: (what body_span finds, what it must)."""
    plain = case.replace("{", "").replace("}", "")
    start, end = plain.index("["), plain.index("]") - 1
    text = plain.replace("[", "").replace("]", "")
    found = sp.body_span(text, start, end)
    marked = re.search(r"\{(.*)\}", case, re.DOTALL)
    expected = marked[1].replace("[", "").replace("]", "") if marked else None
    return (text[found[0] : found[1]] if found else None), expected


# Published texts (search tool, 29 Nov 2026): the Bassetlaw DHR action plan's agency list,
# the Barking and Dagenham DHR overview report, mentalhealthlaw.co.uk on the Peter Bryan
# reports, and the Sussex Partnership thematic review's team list.
REAL_BODIES = [
    "Doncaster and Bassetlaw Hospital Trust\n{[Nottinghamshire Women]'s Aid}\nThis Action Plan",
    "Nottinghamshire Police\n{[Nottinghamshire Office] of the Police and Crime Commissioner}",
    "at the instigation of the Community Safety Partnership (CSP) in {Barking and [Dagenham]}.",
    "was subsequently admitted to {[Broadmoor]} and in April 2004",
]
REAL_PEOPLE = [
    "Prepared by: Dr [Tony Fowles] (Lead reviewer, Caring Solutions UK Ltd)",
    "[Maggie Clifton] (Review manager, Caring Solutions UK Ltd)",
    "Dr [Ashok Roy] (Consultant in the Psychiatry of Learning Disability)",
    "He murdered [Brian Cherry] in February 2004",
    "Independent Chair and Author of Report: [Mark Yexley]",
]


@pytest.mark.parametrize(
    "case",
    [
        "Owner: {[Hertfordshire] Safeguarding Adults Board}",
        "Lead: {[Hertfordshire] Police}",
        "ensure offenders leave {[Hertfordshire]} prisons",
        "{Clinical Directors for [Secure Services] and Forensics}",
        "this letter acts as a {[Refusal Notice]}",
        "Lead: {[Borough Commander]}, Tower Hamlets",
        "Lead: Borough Commander, {[Tower Hamlets]}",
        "HSAB Business Unit, {[County Hall]}, Hertford",
        "listed at {[Hertfordshire] Court}",
        "admitted to {[Holly] Ward} on 3 May",
        "referred to {[Women's Aid]}",
        "a disclosure under {[Clare]'s Law}",
        "a disclosure under {[Clare]’s law}",
        "{Blackburn with [Darwen] Borough Council}",
        "moved from {[Hong Kong]} in 2019",
        "{[Tower Hamlets] Council}",
        "referred by {[Kent Police]}",
        "{Sheffield [City Council]}",
        "a student at the {University of [Hertfordshire]}",
        "released from {HMP [Holloway]}",
        "{[Betsi] Cadwaladr University Health Board}",
        "{Named Nurse for [Safeguarding Children]}",
        "completed a {[DASH Risk Assessment]}",
        "the {[Herbert] Protocol} form",
        *REAL_BODIES,
    ],
)
def test_body_span_finds_the_enclosing_expression(case: str) -> None:
    found, expected = spans(case)
    assert expected is not None and found == expected


@pytest.mark.parametrize(
    "case",
    [
        # "Holly Ward" with no cue may be a person called Holly Ward: Ward is a weak suffix.
        "[Holly Ward] said she would call back",
        # A given name and surname before a team name in a table row: more likely a person.
        "[John Smith] Safeguarding Team",
        "Action 3 John [Smith] Hertfordshire County Council",
        # Places that are also given names need a cue such as "in" or "to".
        "[Jordan] said he was fine",
        "[Florence] attended the meeting",
        "[Lincoln] attended the panel",
        # A single-word town or borough is often a surname (Bolton, Preston, Barnes).
        "[Bolton] said the plan was agreed",
        # Suburbs shaped like a person's name (OS Open Names: Holly Hall, Dudley).
        "[Holly Hall] attended the meeting",
        # A title or rank before the word makes it a person whatever the word is.
        "Mr [Kent] attended",
        "DS [Smith] of Hertfordshire Police",
        # A possessive that is also a charity's or hospital's short name.
        "[Guy]'s mother said he had left",
        "[Tommy]'s school reported it",
        # A person's name after a job title is not part of the title.
        "Clinical Director [John Smith]",
        *REAL_PEOPLE,
    ],
)
def test_body_span_leaves_people_alone(case: str) -> None:
    assert spans(case) == (None, None)


def test_a_cue_makes_an_ambiguous_place_a_place() -> None:
    assert span_of("he travelled to Jordan", "Jordan") == "Jordan"
    assert span_of("she lives in Kent", "Kent") == "Kent"
    assert span_of("she moved to Holly Hall in 2019", "Holly Hall") == "Holly Hall"


@pytest.mark.parametrize(
    "place", ["North Devon", "Milton Keynes", "Kingston upon Thames", "Tower Hamlets", "Hong Kong"]
)
def test_places_that_cannot_be_names_need_no_cue(place: str) -> None:
    assert span_of(f"Lead: {place}", place) == place


PLACES = [
    "Hertfordshire",
    "Blackburn with Darwen",
    "blackburn with darwen",
    "Tower Hamlets",
    "Medway",
    "Southend-on-Sea",
    "Isle of Wight",
    "the Wirral",
    "Hertfordshire's",
    "Hong Kong",
    "Herts",
    "Northants",
    "Dacorum",
    "Welwyn Hatfield",
    "Whitechapel",
    "Stevenage",
    "Northern Ireland",
    "Pakistan",
    "Lagos",
]
NOT_PLACES = [
    "Holly",
    "Smith",
    "Safeguarding",
    "John Smith",
    "Deal",
    "Green",
]
JOB_TITLES = [
    "Borough Commander",
    "Clinical Director",
    "clinical directors",
    "Named Nurse for Safeguarding",
    "Designated Doctor",
    "Director of Adult Social Services",
    "Head of Service",
    "Team Manager",
    "Safeguarding Lead",
    "Senior Investigating Officer",
    "Independent Chair",
    "Report Author",
    "Acting Director of Nursing",
    "Interim Head of Safeguarding",
]
NOT_JOB_TITLES = [
    "John Smith",
    "Hertfordshire",
    "Borough",
    "Manager Smith",
]


def yes_and_no(lookup: Callable[[str], bool], yes: list[str], no: list[str]) -> list[Any]:
    return [pytest.param(lookup, words, expected, id=f"{lookup.__name__}({words}) {expected}")
            for expected, cases in ((True, yes), (False, no)) for words in cases]


@pytest.mark.parametrize(("lookup", "words", "expected"), [
    *yes_and_no(g.is_place, PLACES, NOT_PLACES),
    *yes_and_no(g.is_job_title, JOB_TITLES, NOT_JOB_TITLES),
])
def test_place_and_job_title_lookups(lookup: Callable[[str], bool], words: str,
                                     expected: bool) -> None:
    assert bool(lookup(words)) is expected

def test_names_that_are_also_places_are_both() -> None:
    """Reported both ways on purpose: the engine weighs them with the context."""
    for word, kind in [
        ("Florence", "suburb"),
        ("Lincoln", "authority"),
        ("Chelsea", "town"),
        ("Jordan", "country"),
        ("Kent", "county"),
        ("Sheffield", "authority"),
    ]:
        assert g.place_kind(word) == kind
        assert g.is_given_name(word)
    # Hope is a given name and a Derbyshire village; villages are not in places.txt.
    assert g.is_given_name("Hope") and not g.is_place("Hope")


@pytest.mark.parametrize(
    ("name", "community"),
    [
        ("Mohammed", "ARA"),
        ("Gurpreet", "IND"),
        ("Agnieszka", "PL"),
        ("Siobhan", "IE"),
        ("Wei", "CN"),
        ("Florin", "RO"),
        ("Oluwaseun", "EW"),
        ("Kwame", "EW"),
        ("Hodan", "EW"),
        ("Eilidh", "SCT"),
        ("Oisin", "NI"),
        ("Thi", "VN"),
        ("Emre", "TR"),
        # Eritrean and Ethiopian (habesha-names), with a spelling variant and a compound.
        ("Haile", "HAB"),
        ("Yohannes", "HAB"),
        ("Gebremedhin", "HAB"),
        # Tamil (tamil-names).
        ("Arivazhagan", "TAM"),
        ("Ilango", "TAM"),
    ],
)
def test_given_names_from_many_communities(name: str, community: str) -> None:
    assert g.is_given_name(name)
    assert g.is_given_name(name.upper())
    assert community in g.given_name_communities(name)


def test_accented_names_are_found_typed_without_accents() -> None:
    # Notes and forms often drop the accents: "Agnietė" typed as "Agniete".
    assert g.is_given_name("Agniete") and g.is_given_name("Adoracion")
    assert "LT" in g.given_name_communities("Agniete")
    # ... but not where the plain form is an English word: the Dutch "Bé" is not "Be".
    assert not g.is_given_name("Be")


def test_hyphenated_names_count_when_each_part_does() -> None:
    assert g.is_given_name("Mary-Jane")
    assert g.is_given_name("Muhammad-Ali")
    assert g.given_name_communities("Mary-Jane")


def test_everyday_and_role_words_are_not_given_names() -> None:
    for word in ["The", "To", "Link", "Baby", "Lead", "Chair"]:
        assert not g.is_given_name(word), word
    assert g.given_name_communities("Hertfordshire") == ()



@pytest.mark.parametrize(
    "text",
    [
        "PC Patel",
        "DC Jones",
        "PS Brown",
        "DS Khan",
        "Insp. Brown",
        "DI Green",
        "CI Grey",
        "DCI Jones",
        "Supt Hill",
        "DSupt Ali",
        "C/Supt Green",
        "DCS Wood",
        "ACC Hill",
        "DCC Lowe",
        "CC Ward",
        "Cmdr Lee",
        "A/DS Khan",
        "T/DCI Jones",
        "A/Insp Shah",
        "Acting Detective Sergeant Khan",
        "Temporary Chief Inspector Osei",
        "detective chief inspector Osei",
    ],
)
def test_rank_before(text: str) -> None:
    """The rank is all before the surname, however many words it has."""
    assert g.rank_before(text, text.rindex(" ") + 1) == text[: text.rindex(" ")]


def test_no_rank_before() -> None:
    for text in ["the Smith", "Mr Smith", "ADS Smith", "pc Smith"]:
        assert g.rank_before(text, text.rindex(" ") + 1) is None, text


def test_a_rank_in_the_cell_before_is_not_a_title() -> None:
    """From the seed DHR action plan: the owner cell, then the target date cell."""
    text = "Police Detective Chief Inspector\tJun-13\tOfficers are better informed"
    assert g.rank_before(text, text.index("Jun")) is None
    assert g.rank_before("Detective Chief Inspector\nJones", 26) is None


def test_a_place_in_a_real_plan() -> None:
    """mr-s-homicide-action-plan.txt: the name finder tags Kent as a person."""
    text = "Review the process for all patients discharged to Kent. FOLS CMHT Link Database"
    assert span_of(text, "Kent") == "Kent"


NOT_RANKS = set(
    """Dr DR Doctor Mr MR Mrs MRS Ms Miss Mx Professor Prof Sir Dame Lord Lady Rev Revd Reverend
    Father Sister Cllr Councillor Judge HHJ Nurse Matron Midwife Emeritus""".split()  # noqa: SIM905
)


def test_every_rank_in_titles_txt_is_known_to_rank_before() -> None:
    """titles.txt keeps the ranks the titled-person recogniser uses; ranks.txt is the full
    table, and the two must not drift apart (see both headers)."""
    titles = (resources.files("redaction") / "data" / "titles.txt").read_text(encoding="utf-8")
    ranks = [t for t in titles.splitlines() if t and not t.startswith("#") and t not in NOT_RANKS]
    assert len(ranks) > 40
    for rank in ranks:
        assert g.rank_before(f"{rank} Smith", len(rank) + 1) == rank, rank


def test_every_data_file_states_its_source_and_licence() -> None:
    names = sorted(p.name for p in UK.iterdir() if p.name.endswith(".txt"))
    assert names == [
        "document_names.txt",
        "given_names.txt",
        "job_titles.txt",
        "named_after_people.txt",
        "places.txt",
        "public_body_patterns.txt",
        "ranks.txt",
    ]
    for name in names:
        text = (UK / name).read_text(encoding="utf-8")
        header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        assert "ource" in header or "urated" in header, name
    given = (UK / "given_names.txt").read_bytes()
    assert len(given) < 1_000_000
    assert b"GNU Free Documentation License" in given and b"Open Government Licence" in given


def test_lookups_are_cached() -> None:
    assert g.places() is g.places()
    assert g.given_names() is g.given_names()
