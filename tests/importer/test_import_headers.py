"""Header detection by meaning: the names real plans use, in any order, case and spacing."""

from __future__ import annotations

import random

import pytest

from generator.importer.headers import detect_header, field_for
from generator.importer.table import Cell, Row

REAL_NAMES = [  # every header seen in real plans (issue 5), with the field it means
    ("Ref", "ref"), ("Action", "action"), ("Action (SMART)", "action"),
    ("Smart Action", "action"), ("Lead Officer and Agency", "lead"),
    ("Lead organisation", "agency"), ("Target Date for Completion", "target"),
    ("Timescale", "target"), ("Desired Outcome", "desired_outcome"),
    ("Monitoring Arrangements", "monitoring"), ("How will Success be Measured", "success_measure"),
    ("Outcome/Progress", "progress"), ("Outcome/ Progress", "progress"), ("Progress", "progress"),
    ("Written Evidence/ Location", "evidence"), ("Status (RAG)", "status"), ("RAG", "status"),
    ("Quality Assured by BCSP", "assured_by"), ("Quality Assured by …", "assured_by"),
    ("Actions to be taken", "action"), ("Person responsible", "lead"),
    ("Target completion date", "target"), ("Evidence to be probed", "evidence"),
    ("Progress to date", "progress"), ("Issues identified", "recommendation"),
    ("Agency", "agency"), ("Date of update", "progress_date"),
]


@pytest.mark.parametrize(("name", "field"), REAL_NAMES)
def test_real_header_names(name: str, field: str) -> None:
    assert field_for(name) == field


@pytest.mark.parametrize("mangle", [str.upper, str.lower, lambda s: f"  {s} ",
                                    lambda s: s.replace(" ", "   "),
                                    lambda s: s.replace(" ", "\n")])
def test_case_and_spacing_do_not_matter(mangle) -> None:
    for name, field in REAL_NAMES:
        assert field_for(mangle(name)) == field, name


@pytest.mark.parametrize("name", ["", "Notes", "Column1", "Cost (£)",
                                  "Carers team to do a desk top impact assessment of policies"])
def test_other_columns_are_not_fields(name: str) -> None:
    assert field_for(name) is None


def _row(names: list[str]) -> Row:
    return Row(1, [Cell(i, name) for i, name in enumerate(names, 1)])


@pytest.mark.parametrize("seed", range(5))
def test_a_header_row_in_any_order(seed: int) -> None:
    names = ["Ref", "Action (SMART)", "Lead Officer and Agency", "Target Date for Completion",
             "Outcome/ Progress", "Written Evidence/ Location", "Status (RAG)", "Notes"]
    random.Random(seed).shuffle(names)
    header = detect_header(_row(names))
    assert header is not None
    by_name = {names[c - 1]: f for c, f in header.fields.items()}
    assert by_name == {"Ref": "ref", "Action (SMART)": "action",
                       "Lead Officer and Agency": "lead", "Target Date for Completion": "target",
                       "Outcome/ Progress": "progress", "Written Evidence/ Location": "evidence",
                       "Status (RAG)": "status"}
    assert list(header.unknown.values()) == ['the column "Notes" is not a plan field']


def test_a_repeated_field_is_reported_not_overwritten() -> None:
    header = detect_header(_row(["Ref", "Action", "Progress", "Progress update"]))
    assert header is not None
    assert header.fields == {1: "ref", 2: "action", 3: "progress"}
    assert header.unknown == {4: 'a second column for the same field as "Progress"'}


def test_recommendation_and_issue_columns_are_number_and_text() -> None:
    header = detect_header(_row(["Recommendation", "Issues identified", "Actions to be taken",
                                 "Person responsible"]))
    assert header is not None
    assert header.fields == {1: "recommendation_number", 2: "recommendation", 3: "action",
                             4: "lead"}


@pytest.mark.parametrize("cells", [
    ["3.8.2", "A documented briefing note sent out to all staff", "BSMHFT - Medical Director",
     "Sep-13", "", "Evidence provided", "Progressing"],
    ["Recommendation 8: BSMHFT ensure that all risk assessments consider"],
    ["Ref", "Lead", "Progress"],  # no action column
    ["Action", "Lead", "Notes", "Cost", "Owner's manager", "Budget"],  # mostly unknown
])
def test_data_rows_are_not_headers(cells: list[str]) -> None:
    assert detect_header(_row(cells)) is None
