"""Names where case notes, minutes and chronologies put them (recognizers/record_names.py),
and the name-shape fixes that came with them (recognizers/name_shapes.py).

Sentences are written in the patterns of published MARAC minutes, IMR chronologies, FOI
letters and review reports; none is copied from the real-text evaluation set.
"""

from __future__ import annotations

import pytest

from redaction.recognizers import name_shapes, record_names


def found(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in record_names.find(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # A record line that opens with a surname typed in lower case.
        ("adeyemi – breached the non-molestation order on 4/11; police informed.", ["adeyemi"]),
        ("Update from probation: mazur remains in custody at HMP Leeds.", ["mazur"]),
        ("gashi did not attend the strategy meeting at Bradford Royal Infirmary.", ["gashi"]),
        ("hussaini family – two children at Whitley Bay High School.", ["hussaini"]),
        # A known given name, even where nothing in the text is capitalised.
        ("fatuma (recorded by the duty worker) was placed in temporary housing.", ["fatuma"]),
        # A given name that is also a word, before a surname nobody would take for one.
        ("rose mcgovern – Family Support Worker to call on Monday.", ["rose mcgovern"]),
        # An initial and a surname in lower case.
        ("k. papadopoulos – referral form, received 12/03, passed to MASH.", ["k. papadopoulos"]),
        # "SURNAME GIVEN –" where the surname is also a word.
        ("WOOD KAYLEIGH – statement taken 14/06/2022; no further action.", ["WOOD KAYLEIGH"]),
        # A pseudonym, whatever its script or spelling.
        ("Rêzan (pseudonym agreed with the family) was 23.", ["Rêzan"]),
        ("the death of ‘Cara’ (pseudonym), who had a history of self-neglect", ["Cara"]),
        # Authors in a reference list.
        ("Stark, E. (2007) Coercive Control. Oxford University Press.", ["Stark, E."]),
        ("Sharp-Jeffs, N. and Kelly, L. (2016) Domestic Homicide Review Case Analysis.",
         ["Sharp-Jeffs, N.", "Kelly, L."]),
        # "SURNAME, Given" typed in lower case, and a title typed in lower case.
        ("sandhu, gurpreet – home visit 3/2, no concerns.", ["sandhu, gurpreet"]),
        ("Phone call: mrs begum said her son had not returned.", ["begum"]),
        ("Discussed with mr smith and his social worker.", ["smith"]),
        # The possessive stays outside: "adeyemi's partner".
        ("Update: adeyemi's partner – arrested for breach of bail.", ["adeyemi"]),
        # A possessive typed without its apostrophe.
        ("The panel asked how this affected Marcias care plan.", ["Marcias"]),
    ],
)
def test_record_names_are_found(text: str, want: list[str]) -> None:
    assert found(text) == want


@pytest.mark.parametrize(
    "text",
    [
        # Everyday, British, plural, compound and hyphenated words opening a record line.
        "behaviour – escalating since the move; see chronology.",
        "wellbeing – discussed with the school nurse at Sandwell.",
        "safeguarding concerns were raised by the GP.",
        "self-neglect was noted by the district nurse.",
        "referrals – two received from the police this month.",
        "signposting (to Citizens Advice) was offered.",
        "lockdown – visits moved to telephone contact.",
        "organisation – the trust has merged two teams.",
        # A word used as a name abroad that is an everyday word here.
        "pip – not applicable to this patient.",
        # Code and lower-case words not at the start of a sentence.
        "The report calls merge(a, b) once.",
        "He was seen on River ward; staff spoke to the family about Hope Street.",
        "Admitted to River ward – no concerns.",
        # A heading, a place, a body and a rank, not a person.
        "SAFETY PLAN – agreed at the MARAC.",
        "DUDLEY COUNCIL – response to request 2291.",
        "Sandwell – MARAC referrals rose in 2022.",
        # Plurals of words that are also given names, and a body.
        "Pens and paper were removed from the room.",
        "Roberts Court residents were visited (see appendix).",
        "Hope Street (Southwark) was the address given.",
        # A lower-case title before an everyday word or a place.
        "Ask dr on call to review; mr kent is the ward's name for the bay.",
        "smith, ward – not a record line but a list of words.",
    ],
)
def test_words_places_and_bodies_are_not_names(text: str) -> None:
    assert found(text) == []


def test_a_lower_case_name_in_a_text_without_capitals_needs_a_dash_or_a_known_name() -> None:
    # Without any capital, a verb after an unknown word is not enough ("cpoms was updated");
    # in a cased sentence it is.
    assert found("kowalczyk was seen at home.") == []
    assert found("Visit: kowalczyk was seen at home by the Health Visitor.") == ["kowalczyk"]
    assert found("kowalczyk – seen at home.") == ["kowalczyk"]


def test_texts_joined_by_blank_lines_read_as_they_read_alone() -> None:
    # plain_texts.py joins workbook cells with blank lines: whether a sentence is cased is
    # judged per line, so a capital in one cell says nothing about the next.
    alone = found("kowalczyk was seen at home.")
    joined = found("ME16 9PH\n\nkowalczyk was seen at home.")
    assert alone == joined == []


def shapes(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in name_shapes.find(text)]


def test_every_pair_of_words_is_tried_as_a_full_name() -> None:
    # Read two by two, "Author Ged" and "McManus Date" would hide the name.
    text = "Overview Report Author Ged McManus Date: 23 April 2017"
    assert "Ged McManus" in shapes(text)
    # ... but a surname found is not then the first name of the next pair.
    assert set(shapes("Yours faithfully, Neil Wilby Investigative journalist")) == {"Neil Wilby"}


def test_a_lower_case_full_name_after_a_word() -> None:
    # Read two by two, "spoke to" and "amara okonjo" must not become "to amara", "okonjo about".
    assert "amara okonjo" in shapes("Home visit: spoke to amara okonjo about the move.")


def test_an_initial_after_a_greeting() -> None:
    assert "P John" in shapes("Dear P John Freedom of Information Request 2016-0101")


def test_a_name_after_thank_you_for_something() -> None:
    text = "Thank you for your time, Basia Cummings Information Rights Officer"
    assert "Basia Cummings" in shapes(text)
    assert shapes("Thank you for your patience, Information Rights Team") == []
    # A clause after the comma is not a name: "..., received at this office".
    assert shapes("Thank you for your request for information, received at this office") == []


def test_an_acronym_is_not_a_first_name() -> None:
    assert shapes("Glossary: AWOL Absent Without Official Leave | ASW Approved Social Worker") == []
