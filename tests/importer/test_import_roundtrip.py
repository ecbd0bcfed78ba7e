"""Round trips.

export then import: import(export(plan)) == draft(plan), where draft(plan) is the plan with
its approval replaced by {status: draft, by: "(to be approved)", date: the import's --as-at}
(a spreadsheet edit is never an approval), for any plan whose text has no leading or trailing
whitespace (cells are read stripped; Markdown does not see the difference). A plan written
by the importer has none, so for it the round trip is exact.

write then load: the YAML the importer writes loads, with the project's own loader, to
exactly the plan it was written from.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_fixtures import AS_AT, build_workbook
from pydantic import BaseModel

from generator.cli.importer import load_plan
from generator.content.dates import FinancialQuarter, Month, Quarter
from generator.content.load import validate_data
from generator.content.models import ActionPlan, Approval
from generator.content.yamlfile import parse_yaml
from generator.importer import DRAFT_BY, Imported, export_plan, import_file, plan_yaml
from generator.importer.values import parse_heading

EXAMPLES = sorted((Path(__file__).parents[2] / "content" / "plans").glob("*.yaml"))


@pytest.fixture(scope="module")
def dhr_imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    path = build_workbook(tmp_path_factory.mktemp("dhr") / "dhr-bdhr2011-12-03.xlsx")
    return import_file(path, as_at=AS_AT)


def draft(plan: ActionPlan, as_at: date = AS_AT) -> ActionPlan:
    return plan.model_copy(update={"approval": Approval(status="draft", by=DRAFT_BY,
                                                        date=as_at)})


def stripped(model: Any) -> Any:
    """The model with every string's outer whitespace removed."""
    if isinstance(model, str):
        return model.strip()
    if isinstance(model, list):
        return [stripped(item) for item in model]
    if not isinstance(model, BaseModel):
        return model
    return model.model_copy(update={name: stripped(getattr(model, name))
                                    for name in type(model).model_fields})


def round_trip(plan: ActionPlan, folder: Path) -> Any:
    export_plan(plan, folder / "plan.xlsx")
    return import_file(folder / "plan.xlsx", as_at=AS_AT)


def loads_back(text: str) -> ActionPlan:
    parsed, problems = parse_yaml(text, "plan.yaml")
    assert parsed is not None and not problems, problems
    plan = validate_data(parsed, ActionPlan, "plan.yaml", problems)
    assert plan is not None and not problems, problems
    return plan


def test_the_dhr_import_round_trips_exactly(dhr_imported, tmp_path: Path) -> None:
    again = round_trip(dhr_imported.plan, tmp_path)
    assert again.plan == dhr_imported.plan
    assert again.report.unmapped == []
    assert again.report.actions_written == 13


def test_the_dhr_yaml_loads_back_to_the_same_plan(dhr_imported) -> None:
    assert loads_back(plan_yaml(dhr_imported.plan, dhr_imported.comments)) == dhr_imported.plan


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_example_plans_round_trip(path: Path, tmp_path: Path) -> None:
    plan = load_plan(path)
    again = round_trip(plan, tmp_path)
    assert again.plan == draft(stripped(plan))
    assert again.report.unmapped == []
    assert loads_back(plan_yaml(plan)) == plan


def test_the_export_is_a_workbook_authors_can_read(dhr_imported, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    export_plan(dhr_imported.plan, tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx")
    actions, meta = book["Actions"], book["Plan"]
    assert [c.value for c in actions[1]][:5] == ["Ref", "Agency", "Action", "Lead",
                                                 "Target date"]
    assert actions["A2"].value.startswith("Key stakeholders")
    assert actions["A3"].value == "3.1.1" and actions["E3"].number_format == "mmm yyyy"
    assert actions["E4"].value.date() == date(2013, 11, 30)
    assert actions["K3"].value == "In progress"
    assert actions["K3"].fill.fgColor.rgb.endswith("FFC000")
    assert [meta.cell(r, 1).value for r in range(2, 5)] == ["Title", "Kind", "Reference"]


# ---------------------------------------------------------------- any plan

_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))
_DATE_LINE = re.compile(r"^(\d{4}-\d{2}(-\d{2})?|\d{1,2}/\d{1,2}/\d{4}):\s", re.M)
line = st.text(_CHARS, min_size=1, max_size=40).map(str.strip).filter(bool)
text = st.lists(line, min_size=1, max_size=3).map("\n".join)
days = st.dates(date(2000, 1, 1), date(2040, 12, 31))
months = st.builds(Month, st.integers(2000, 2040), st.integers(1, 12))
when = st.one_of(days, months)
targets = st.one_of(when, st.builds(Quarter, st.integers(2000, 2040), st.integers(1, 4)),
                    st.builds(FinancialQuarter, st.integers(2000, 2040), st.integers(1, 4)),
                    st.just("ongoing"))
# Bullets and numbers at the start of a role would be read as list markers.
role = line.filter(lambda s: not re.match(r"[-*•·▪◦‣]|o\s|\d{1,2}[.)]\s", s))
progress_text = text.filter(lambda s: not _DATE_LINE.search(s))
number = st.one_of(st.none(), st.from_regex(r"[1-9][0-9]?(\.[1-9])?", fullmatch=True),
                   st.just("5, 7 and 10"))


@st.composite
def plans(draw: st.DrawFn) -> ActionPlan:
    refs = draw(st.lists(st.from_regex(r"[1-9][0-9]?(\.[0-9]{1,2}){0,2}", fullmatch=True),
                         min_size=1, max_size=5, unique=True))
    recs: list[dict[str, Any]] = []
    for ref in refs:
        if not recs or draw(st.booleans()):
            rec_number = draw(number)
            rec_text = draw(text.filter(lambda s: parse_heading(s).number is None
                                        and not re.fullmatch(r"[A-Za-z]{0,3}\d[\w./-]{0,10}", s)))
            recs.append({"number": rec_number, "text": rec_text, "actions": []})
        optional = st.one_of(st.none(), text)
        status = draw(st.sampled_from(["not-started", "in-progress", "complete", "closed"]))
        recs[-1]["actions"].append({
            "ref": ref, "action": draw(text),
            "agency": draw(st.one_of(st.none(), line, st.lists(line, min_size=2, max_size=3))),
            "lead": draw(st.lists(role, max_size=3)),
            "target": draw(st.one_of(st.none(), targets)),
            "desired_outcome": draw(optional), "monitoring": draw(optional),
            "success_measure": draw(optional), "evidence": draw(optional),
            "assured_by": draw(optional),
            "status": status,
            "closed_reason": draw(line) if status == "closed" else None,
            "progress": draw(st.lists(st.fixed_dictionaries(
                {"date": when, "text": progress_text}), max_size=3)),
        })
    period = draw(st.one_of(st.none(), st.fixed_dictionaries(
        {"from": when, "to": st.one_of(when, st.just("ongoing"))})))
    return ActionPlan.model_validate({
        "title": draw(line), "kind": draw(st.sampled_from([
            "independent-homicide-review", "domestic-homicide-review", "other"])),
        "reference": draw(st.one_of(st.none(), line)), "owner": draw(line),
        "commissioned_by": draw(st.one_of(st.none(), line)),
        "reviewer": draw(st.one_of(st.none(), line)), "published": draw(when),
        "period": period, "summary": draw(text), "note": draw(st.one_of(st.none(), text)),
        "approval": {"status": "approved", "by": draw(line), "date": draw(days)},
        "recommendations": recs,
    })


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=plans())
def test_any_plan_round_trips(plan: ActionPlan, tmp_path: Path) -> None:
    again = round_trip(plan, tmp_path)
    assert again.plan == draft(plan)
    assert again.report.unmapped == []
    assert loads_back(plan_yaml(plan)) == plan
