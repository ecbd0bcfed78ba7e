"""The DHR plan, as a workbook, as Word tables and as the pasted text, imports to all 13
actions with the right agencies, refs, targets and the source's exact wording."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from import_fixtures import AS_AT, Block, actions, seed

from generator.content.dates import Month
from generator.content.load import validate_data
from generator.content.models import ActionPlan
from generator.content.yamlfile import parse_yaml
from generator.importer import Imported, import_file, imported_yaml

SEED_TEXT = Path(__file__).parent / "fixtures" / "dhr-bdhr2011-12-03-action-plan.txt"
NHS = "NHS"
BSMHFT = "Birmingham & Solihull Mental Health Foundation Trust (BSMHFT)"
BCC = "Birmingham City Council Adult Social Care"
WMP = "West Midlands Police"
EXPECTED = [  # ref, agency, target — read off the published plan
    ("3.1.1", NHS, Month(2014, 4)), ("3.1.2", NHS, date(2013, 11, 30)),
    ("3.2.3", BSMHFT, Month(2014, 4)), ("3.2.4", BSMHFT, Month(2013, 12)),
    ("3.5.1", BSMHFT, Month(2014, 4)), ("3.8.1", BSMHFT, Month(2013, 12)),
    ("3.8.2", BSMHFT, Month(2013, 9)), ("3.9.1", BSMHFT, Month(2013, 12)),
    ("3.2.1", BCC, Month(2013, 1)), ("3.2.2", BCC, Month(2013, 12)),
    ("3.5.2", BCC, Month(2014, 4)), ("3.11.1", WMP, Month(2013, 6)),
    ("3.11.2", WMP, Month(2013, 9)),
]
FIELDS = {  # the seed's column → the plan field it must land in, unchanged
    "Desired Outcome": "desired_outcome",
    "Monitoring Arrangements": "monitoring", "How will Success be Measured": "success_measure",
    "Written Evidence/ Location": "evidence", "Quality Assured by BCSP": "assured_by",
}


@pytest.fixture(scope="module")
def dhr_seed() -> tuple[list[str], list[Block]]:
    return seed()


@pytest.fixture(scope="module")
def dhr_imported(dhr_xlsx: Path) -> Imported:
    return import_file(dhr_xlsx, as_at=AS_AT)


@pytest.fixture(scope="module", params=["xlsx", "docx", "txt"])
def imported(request: pytest.FixtureRequest, dhr_xlsx: Path, dhr_docx: Path):
    path = {"xlsx": dhr_xlsx, "docx": dhr_docx, "txt": SEED_TEXT}[request.param]
    return import_file(path, as_at=AS_AT)


def test_all_13_actions_with_agencies_refs_and_targets(imported) -> None:
    found = [(a.ref, a.agency, a.target) for a in imported.plan.actions()]
    assert found == [(ref, [agency], target) for ref, agency, target in EXPECTED]
    assert imported.report.actions_written == 13


def test_the_sources_wording_is_kept_exactly(imported, dhr_seed: tuple[list[str], list[Block]]
                                             ) -> None:
    rows = actions(dhr_seed[1])
    assert len(rows) == len(imported.plan.actions())
    for (_, row), action in zip(rows, imported.plan.actions(), strict=True):
        assert action.action == (row.get("Action (SMART)") or row["Action"]).strip()
        assert action.lead == [row["Lead Officer and Agency"].strip()]
        for column, name in FIELDS.items():
            assert getattr(action, name) == (row[column].strip() or None), (action.ref, name)
        progress = (row.get("Outcome/Progress") or row["Outcome/ Progress"]).strip()
        assert [u.text for u in action.progress] == [progress]


def test_recommendation_rows_span_the_table(imported) -> None:
    recs = [(r.number, r.text[:30], [a.ref for a in r.actions])
            for r in imported.plan.recommendations]
    assert recs == [
        (None, "Key stakeholders, local Clinic", ["3.1.1", "3.1.2"]),
        (None, "TODO: the recommendation these", ["3.2.3", "3.2.4"]),
        ("5, 7 and 10", "Improved record keeping, impro", ["3.5.1"]),
        ("8", "BSMHFT ensure that all risk as", ["3.8.1", "3.8.2"]),
        ("9", "BSMHFT implements a procedure ", ["3.9.1"]),
        (None, "TODO: the recommendation these", ["3.2.1", "3.2.2"]),
        ("5, 7 and 10", "Improved record keeping, impro", ["3.5.2"]),
        ("11", "West Midlands Police ensure th", ["3.11.1", "3.11.2"]),
    ]


def test_plan_fields_come_from_the_titles_or_are_marked(imported) -> None:
    plan = imported.plan
    assert (plan.kind, plan.reference) == ("domestic-homicide-review", "BDHR2011/12-03")
    assert plan.title == "Domestic Homicide Review BDHR2011/12-03 action plan"
    assert plan.owner.startswith("TODO:") and plan.summary.startswith("TODO:")
    assert (plan.approval.status, plan.approval.date, plan.published) == ("draft", AS_AT, AS_AT)
    for key in ("title", "kind", "reference", "owner", "published", "summary"):
        assert imported.comments[(key,)][0].startswith("TODO(author):")


def test_empty_rag_cells_are_reported_and_status_follows_progress(imported) -> None:
    empty = [u for u in imported.report.unmapped if "RAG cell is empty" in u.why]
    assert len(empty) == 13
    assert {u.header for u in empty} == {"Status (RAG)"}
    # Every row has progress text and none says plainly "Complete.": all in progress.
    assert {a.status for a in imported.plan.actions()} == {"in-progress"}


def test_the_workbook_report_names_sheet_row_and_column(dhr_imported, dhr_xlsx: Path) -> None:
    report = dhr_imported.report
    lines = report.format().splitlines()
    assert lines[0].startswith(f"Imported {dhr_xlsx}: 32 rows read")
    assert 'sheet "DHR action plan", row 10, column J (Status (RAG)): "" — the RAG cell is ' \
           "empty: status in-progress because there is progress text" in report.format()
    above = [u for u in report.unmapped if "above the first header row" in u.why]
    assert [u.value for u in above] == ["BIRMINGHAM COMMUNITY SAFETY PARTNERSHIP",
                                        "WORKING TOGETHER FOR A SAFER CITY",
                                        "Domestic Homicide Review", "BDHR2011/12-03",
                                        "Action Plan"]
    assert len(report.unmapped) == len(above) + 13


def test_the_yaml_loads_and_passes_the_checks_once_approved(dhr_imported) -> None:
    text = imported_yaml(dhr_imported)
    assert not re.search(r"^\s*-?\s*(on|off|yes|no):", text, re.M | re.I)
    approved = text.replace("status: draft", "status: approved", 1)
    parsed, problems = parse_yaml(approved, "dhr.yaml")
    assert parsed is not None and not problems
    plan = validate_data(parsed, ActionPlan, "dhr.yaml", problems)
    assert not problems and plan is not None
    assert plan.approval.status == "approved"
    assert plan.model_copy(update={"approval": dhr_imported.plan.approval}) == dhr_imported.plan


def test_the_yaml_reads_like_content_md(dhr_imported) -> None:
    text = imported_yaml(dhr_imported)
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"[a-z_]+:", line)]
    assert keys == ["title", "kind", "reference", "owner", "published", "summary", "approval",
                    "recommendations"]
    assert "        target: 2014-04\n" in text and "        target: 2013-11-30\n" in text
    assert '  - number: "8"\n' in text
    assert max(len(line) for line in text.splitlines()) < 120
    assert yaml.safe_load(text)["recommendations"][0]["actions"][0]["ref"] == "3.1.1"
