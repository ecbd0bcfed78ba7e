"""Each UK recogniser against a table of text that must and must not be found.

Each case: the text, and what the recogniser must report (the redacted part), or None.
"""

from __future__ import annotations

import pytest

from redaction.recognizers import (
    AlwaysRedactRecognizer,
    DateOfBirthRecognizer,
    OfflineEmailRecognizer,
    StreetAddressRecognizer,
    TitledPersonRecognizer,
    UkNationalInsuranceRecognizer,
    UkNhsNumberRecognizer,
    UkPhoneRecognizer,
    UkStrictPostcodeRecognizer,
)
from redaction.recognizers.nhs_number import nhs_check_digit_ok


def found(recognizer, text: str) -> list[str]:
    return [text[r.start : r.end] for r in recognizer.analyze(text, [], None)]


CASES = {
    UkNhsNumberRecognizer: [
        ("NHS number 943 476 5919 on file", "943 476 5919"),
        ("NHS 943-476-5919", "943-476-5919"),
        ("patient 9434765919.", "9434765919"),
        ("NHS number 943 476 5918", None),  # fails the modulus-11 check
        ("all zeros 000 000 0000", None),
        ("switchboard 01795 514525", None),
        ("BDHR2011/12-03 and 3.11.1", None),
        ("reference 12943476591900", None),  # inside a longer number
    ],
    UkNationalInsuranceRecognizer: [
        ("NI number AB 12 34 56 C", "AB 12 34 56 C"),
        ("NINO: JG103759A.", "JG103759A"),
        ("lower case ab123456c is not one", None),
        ("GB123456A is not allocated", None),
        ("DA123456A has a bad first letter", None),
        ("AB123456E has a bad suffix", None),
    ],
    UkStrictPostcodeRecognizer: [
        ("Maidstone ME16 9PH", "ME16 9PH"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("lives in M1 1AE now", "M1 1AE"),
        ("B338TH without a space", "B338TH"),
        ("lower case me16 9ph", None),
        ("police form WC392", None),
        ("under s136 and S136", None),
        ("Q1 1AA cannot start with Q", None),
    ],
    UkPhoneRecognizer: [
        ("Tel: 01795 514525", "01795 514525"),
        ("mobile 07911 123456 please", "07911 123456"),
        ("call +44 7911 123456", "+44 7911 123456"),
        ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("(0113) 496 0900", "(0113) 496 0900"),
        ("drama range 07700 900123", "07700 900123"),
        ("between 2018 and 2022", None),
        ("NHS 485 777 3456", None),
        ("action 3.11.1 by 30/11/2013", None),
    ],
    OfflineEmailRecognizer: [
        ("email jo.bloggs@nhs.net today", "jo.bloggs@nhs.net"),
        ("write to kmpt.infoaccess@nhs.net.", "kmpt.infoaccess@nhs.net"),
        ("internal a.person@trust.internal", "a.person@trust.internal"),
        ("twitter @handle", None),
        ("no address here", None),
    ],
    StreetAddressRecognizer: [
        ("lived at 14 Acacia Avenue until", "14 Acacia Avenue"),
        (
            "Flat 2, 14 Acacia Avenue, Maidstone ME16 9PH",
            "Flat 2, 14 Acacia Avenue, Maidstone ME16 9PH",
        ),
        ("221B Baker Street, London.", "221B Baker Street, London"),
        ("at 7 Old Mill Close", "7 Old Mill Close"),
        ("Section 136 Mental Health Act", None),
        ("Farm Villa Hermitage Lane Maidstone", None),  # no house number
        ("3 Champions work across 3 teams", None),
        ("Recommendation 7 Review", None),
    ],
    DateOfBirthRecognizer: [
        ("DOB: 03/04/1980", "03/04/1980"),
        ("date of birth 3 April 1980", "3 April 1980"),
        ("born on 1980-04-03 in Kent", "1980-04-03"),
        ("She died 12 May 2019.", "12 May 2019"),
        ("D.O.B. 3rd of April 1980", "3rd of April 1980"),
        ("born in 1980", "1980"),
        ("Target date 30/09/2019", None),
        ("by May 2013", None),
        ("a newly born service", None),
    ],
    TitledPersonRecognizer: [
        ("seen by Dr Smith today", "Smith"),
        ("Mrs Jane O'Brien-Smith attended", "Jane O'Brien-Smith"),
        ("DCI Jones agreed", "Jones"),
        ("C/Inspector Patel", "Patel"),
        ("Dr J. Smith", "J. Smith"),
        ("Professor Sir Simon Wessely said", "Simon Wessely"),
        ("Dr May reviewed", "May"),
        ("Dr Patel Consultant Psychiatrist", "Patel"),
        ("Cllr McDonald", "McDonald"),
        ("Mr S homicide action plan", None),  # the review's own anonymised initial
        ("Nurse Consultant for the ward", None),
        ("Lead SPO and Force Lead", None),
    ],
}
TABLE = [(cls, text, want) for cls, rows in CASES.items() for text, want in rows]


@pytest.mark.parametrize(
    ("cls", "text", "want"), TABLE, ids=[f"{c.__name__}:{t[:30]}" for c, t, _ in TABLE]
)
def test_recognizer_table(cls, text: str, want: str | None) -> None:
    hits = found(cls(), text)
    assert hits == ([want] if want else [])


def test_nhs_check_digit() -> None:
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765910")
    assert not nhs_check_digit_ok("1111111111")


def test_email_scores_known_suffix_higher() -> None:
    (known,) = OfflineEmailRecognizer().analyze("jo@nhs.net", [], None)
    (unknown,) = OfflineEmailRecognizer().analyze("jo@trust.internal", [], None)
    assert known.score == 1.0
    assert 0.5 <= unknown.score < 0.85


ALWAYS = [
    ("John Smith's family", ["John Smith"]),
    ("JOHN  SMITH was there", ["JOHN  SMITH"]),
    ("smith said", ["smith"]),
    ("Smith's flat", ["Smith"]),
    ("Mrs Smith-Jones and O'Neill", ["Smith-Jones", "O'Neill"]),
    ("Smithson is someone else", []),
    ("we will attend; Will attended", ["Will"]),  # an everyday word: capitalised only
    ("in May 2013, May said", ["May"]),  # a month-name part, not next to a date
    ("the ward manager met May Ward", ["May Ward"]),
    ("Mr Brown is not Mr O Neill", []),  # a title alone is never a name part
]


@pytest.mark.parametrize(("text", "want"), ALWAYS)
def test_always_redact_matching(text: str, want: list[str]) -> None:
    recognizer = AlwaysRedactRecognizer(["John Smith", "Mr Will O'Neill", "May Ward"])
    assert [text[s:e] for s, e in recognizer.find(text)] == want


def test_always_redact_empty_list_matches_nothing() -> None:
    assert AlwaysRedactRecognizer([]).find("John Smith") == []


def test_no_phone_number_inside_a_digest_or_code() -> None:
    """A sha256 in a bundle's manifest holds phone-shaped runs ("f0492669080b"): not a number."""
    from redaction.recognizers.phone import UkPhoneRecognizer

    phone = UkPhoneRecognizer()
    found = phone.analyze("17ab3bb8a1f0492669080bb89d70274a1a5c419e", ["PHONE_NUMBER"])
    assert found == []
    assert [(r.start, r.end) for r in phone.analyze("Tel: 01632 960123.", ["PHONE_NUMBER"])] == [
        (5, 17)]
