"""The forms real plans need, built: tests/fixtures/real-forms/ holds two real published plans
written in as drafts (HMIC Leicestershire domestic abuse plan, 2016, whose leads name an
officer; Thames Valley OPCC delivery plan 2015/16, whose targets are "Ongoing") and an approved
plan with every new form (ongoing, quarter and financial-year targets, shared and closed
actions).

Golden files of what we render, in tests/golden/real-forms/
(`pytest tests/test_real_forms.py --regen-golden`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.content.load import load
from generator.pipeline import BuildOptions, BuildResult, build_site
from publisher_fixtures import PROJECT, assert_matches_golden, private_caches

FIXTURE = PROJECT / "tests" / "fixtures" / "real-forms"
GOLDEN = PROJECT / "tests" / "golden" / "real-forms"
AS_AT = date(2018, 1, 15)
PLAN = "plans/multi-agency-tracker/index.html"
RENDERED = ["plans/multi-agency-tracker.md", "data/actions.csv"]  # as tests/test_golden.py


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("real-forms")
    shutil.copytree(FIXTURE, root / "content")
    with private_caches(root):
        return root, build_site(BuildOptions(root / "content", root / "site", root / "reports",
                                             AS_AT))


def text_of(path: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text()).split())


@pytest.mark.parametrize("page", RENDERED)
def test_rendered_pages_match_golden(built: tuple[Path, BuildResult], page: str,
                                     regen_golden: bool) -> None:
    root, _ = built
    assert_matches_golden(root, page, GOLDEN, regen_golden)


def test_the_real_plan_checks_with_a_warning_for_each_named_lead() -> None:
    content = load(FIXTURE)
    warned = [(w.line, w.field) for w in content.warnings if w.field == "lead"]
    assert warned == [(27, "lead"), (42, "lead"), (57, "lead")]
    real = content.plan("hmic-leicestershire-da-2016")
    assert real is not None and not real.approved  # a draft: checked, never published


def test_a_real_plans_ongoing_actions_are_never_overdue() -> None:
    from generator.content.status import action_status

    real = load(FIXTURE).plan("thames-valley-opcc-delivery-plan-2015-16")
    assert real is not None
    assert {action_status(a, date(2030, 1, 1)).label for a in real.data.actions()} == {
        "In progress"}


def test_period_targets_ongoing_and_closed_read_as_described(
        built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    page = text_of(root / "site" / PLAN)
    for expected in ["Target date Ongoing Status In progress",
                     "Target date July to September 2017 Status Overdue",
                     "Target date October to December 2019 (Q3 2019/20) Status Not started",
                     "Target date January to March 2017 (Q4 2016/17) Status Closed",
                     "Why it was closed Superseded by the 2016 multi-agency audit programme.",
                     "1 of 5 actions complete (20%), 1 closed without being completed",
                     "Housing Service (3 actions)", "Adult Social Care (3 actions)"]:
        assert expected in page, expected
    # A shared action is under each of its agencies, with an id of its own each time.
    ids = re.findall(r'id="([^"]+)"', (root / "site" / PLAN).read_text())
    assert len(ids) == len(set(ids))


def test_overdue_list_and_counts_leave_closed_and_ongoing_out(
        built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    overdue = text_of(root / "site" / "overdue" / "index.html")
    assert "action 1.2" in overdue
    assert not re.search(r"action (1\.1|2\.2)\b", overdue)
    home = text_of(root / "site" / "index.html")
    assert "Closed 1" in home and "Overdue 1" in home and "Complete 1" in home


def test_data_files_list_every_agency_and_the_new_forms(built: tuple[Path, BuildResult]) -> None:
    root, _ = built
    rows = list(csv.DictReader(io.StringIO((root / "site" / "data" / "actions.csv").read_text())))
    assert [(r["ref"], r["agency"], r["target"], r["target_due"], r["shown_status"],
             r["overdue"]) for r in rows] == [
        ("1.1", "Housing Service; Adult Social Care; Community Health Trust", "Ongoing", "",
         "In progress", "no"),
        ("1.2", "Adult Social Care", "2017-Q3", "2017-09-30", "Overdue", "yes"),
        ("1.3", "Community Health Trust", "2019/20 Q3", "2019-12-31", "Not started", "no"),
        ("2.1", "Housing Service", "2017-12-31", "2017-12-31", "Complete", "no"),
        ("2.2", "Housing Service; Adult Social Care", "2016/17 Q4", "2017-03-31", "Closed",
         "no"),
    ]
    assert rows[4]["closed_reason"] == "Superseded by the 2016 multi-agency audit programme."
    plans = json.loads((root / "site" / "data" / "plans.json").read_text())["plans"]
    shared = plans[0]["recommendations"][0]["actions"][0]
    assert (shared["agency"], shared["target"], shared["target_due"]) == (
        ["Housing Service", "Adult Social Care", "Community Health Trust"], "Ongoing", None)
    columns = text_of(root / "site" / "data" / "index.html")
    assert "closed_reason" in columns and "separated by semicolons" in columns
