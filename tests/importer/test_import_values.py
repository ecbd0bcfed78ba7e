"""Cell values → plan values: dates as plans write them, RAG words and colours, lists,
recommendation headings and dated progress."""

from __future__ import annotations

from datetime import date

import pytest

from generator.content.dates import Month
from generator.importer.table import Cell
from generator.importer.values import (
    dated_updates,
    heading_text,
    lead_roles,
    numbered_items,
    parse_date_cell,
    parse_date_text,
    parse_heading,
    status_from_fill,
    status_from_progress,
    status_from_word,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("Apr-14", Month(2014, 4)), ("Sep-13", Month(2013, 9)), ("Dec-13", Month(2013, 12)),
    ("30/11/2013", date(2013, 11, 30)), ("1/4/14", date(2014, 4, 1)),
    ("January 19", Month(2019, 1)), ("March 2019", Month(2019, 3)), ("Feb 2019", Month(2019, 2)),
    ("Sept 2019", Month(2019, 9)), ("30 September 2019", date(2019, 9, 30)),
    ("30th Sept 2019", date(2019, 9, 30)), ("September 30, 2019", date(2019, 9, 30)),
    ("2019-09-30", date(2019, 9, 30)), ("2019-09", Month(2019, 9)),
    ("By end of March 2019", Month(2019, 3)), ("  apr-14 ", Month(2014, 4)),
])
def test_dates_as_plans_write_them(text: str, expected: object) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", [
    "Dec/Jan", "Nov 18 March 18", "Q3 2019", "Ongoing", "31/02/2019", "TBC", "2019", "",
    "13/13/2013",
])
def test_what_is_not_a_date_is_not_guessed(text: str) -> None:
    assert parse_date_text(text) is None


def test_an_excel_date_cell_is_a_month_when_its_format_shows_no_day() -> None:
    assert parse_date_cell(Cell(1, "2014-04", when=date(2014, 4, 1), month_only=True)) == \
        Month(2014, 4)
    assert parse_date_cell(Cell(1, "2013-11-30", when=date(2013, 11, 30))) == date(2013, 11, 30)


@pytest.mark.parametrize(("word", "status"), [
    ("Green", "complete"), ("Amber", "in-progress"), ("Red", "not-started"),
    ("Completed", "complete"), ("In progress", "in-progress"), ("Not complete", "not-started"),
    ("Blue", "complete"), ("Complete and assured", "complete"), ("G", "complete"),
    ("Partially complete", "in-progress"), ("Not started", "not-started"),
    ("GREEN - complete", "complete"), ("Ongoing", "in-progress"),
])
def test_rag_words(word: str, status: str) -> None:
    assert status_from_word(word) == status


@pytest.mark.parametrize("word", ["", "TBC", "see note", "N/A"])
def test_unknown_rag_words_give_nothing(word: str) -> None:
    assert status_from_word(word) is None


@pytest.mark.parametrize(("rgb", "status"), [
    ("00B050", "complete"), ("92D050", "complete"), ("70AD47", "complete"),
    ("FFC000", "in-progress"), ("FFFF00", "in-progress"), ("ED7D31", "in-progress"),
    ("FF0000", "not-started"), ("C00000", "not-started"),
    ("0070C0", "complete"), ("00B0F0", "complete"),
])
def test_rag_fill_colours(rgb: str, status: str) -> None:
    found = status_from_fill(rgb)
    assert found is not None and found[0] == status


@pytest.mark.parametrize("rgb", [None, "FFFFFF", "000000", "D9D9D9", "808080"])
def test_white_grey_and_black_are_not_rag(rgb: str | None) -> None:
    assert status_from_fill(rgb) is None


@pytest.mark.parametrize(("text", "status"), [
    ("Complete. Each team has a named link.", "complete"), ("Completed - see minutes", "complete"),
    ("Complete", "complete"), ("Completed training for half the staff", "in-progress"),
    ("in place and being monitored", "in-progress"), ("", "not-started"),
    ("Not complete. Awaiting sign-off", "in-progress"),
])
def test_status_from_progress_only_when_it_says_so_plainly(text: str, status: str) -> None:
    assert status_from_progress(text) == status


def test_numbered_lists_in_cells() -> None:
    assert numbered_items("1. Review a\n   carried on\n2. Improve b\n3) Identify c") == \
        ["Review a\n   carried on", "Improve b", "Identify c"]
    assert numbered_items("Do this:\n1. a\n2. b") is None  # an action that contains a list
    assert numbered_items("1. only one") is None
    assert numbered_items("1. a\n3. b") is None


def test_lead_roles_one_per_line() -> None:
    assert lead_roles("• Director of Forensic Care\n• Associate Medical Director") == \
        ["Director of Forensic Care", "Associate Medical Director"]
    assert lead_roles("BSMHFT - CPA lead. Medical Director") == \
        ["BSMHFT - CPA lead. Medical Director"]
    assert lead_roles("- Chief Nurse\n\n- Medical Director") == ["Chief Nurse", "Medical Director"]


@pytest.mark.parametrize(("text", "number", "rest"), [
    ("Recommendations 5, 7 and 10: Improved record keeping", "5, 7 and 10",
     "Improved record keeping"),
    ("Recommendation 8: BSMHFT ensure that", "8", "BSMHFT ensure that"),
    ("Recommendation 7", "7", ""), ("Recommendation 9 - Transfer of care", "9", "Transfer of care"),
    ("Recommendation R1: x", "R1", "x"),
    ("Key stakeholders work jointly", None, "Key stakeholders work jointly"),
    ("Recommendations are: be kind", None, "Recommendations are: be kind"),
])
def test_recommendation_headings(text: str, number: str | None, rest: str) -> None:
    heading = parse_heading(text)
    assert (heading.number, heading.text) == (number, rest)
    if rest:
        assert parse_heading(heading_text(number, rest)) == heading


def test_dated_progress_paragraphs() -> None:
    assert dated_updates("2020-08-01: Complete. x\n\n2020-09: more\nstill more") == [
        (date(2020, 8, 1), "Complete. x"), (Month(2020, 9), "more\nstill more")]
    assert dated_updates("01/08/2020: Started.") == [(date(2020, 8, 1), "Started.")]
    assert dated_updates("Started on 2020-08-01: slowly") is None
    assert dated_updates("in place and being monitored") is None
