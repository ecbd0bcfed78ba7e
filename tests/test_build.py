"""End-to-end: content folders built into tmp_path, read back as a reader or a reuser would."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.pipeline import BuildOptions, BuildResult, build_site
from generator.presentation.data_files import ACTION_COLUMNS
from publisher_fixtures import AS_AT, PLAN_YAML

DRAFT = PLAN_YAML.replace("title: Test plan", "title: Secret draft plan").replace(
    "status: approved", "status: draft").replace("Review the policy.", "Zebra quokka action.")


def every_text(site: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*")
                     if p.is_file() and p.suffix in {".html", ".json", ".csv", ".xml", ".txt"})


def build(content: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    build_site(BuildOptions(content, site, tmp_path / "reports", AS_AT))
    return site


def test_drafts_are_never_published(content_dir: Callable[..., Path], tmp_path: Path) -> None:
    site = build(content_dir({"test-plan": PLAN_YAML, "secret": DRAFT}), tmp_path)
    assert (site / "plans" / "test-plan" / "index.html").exists()
    assert not (site / "plans" / "secret").exists()
    text = every_text(site)
    assert "Secret draft plan" not in text
    assert "Zebra quokka" not in text
    assert "Test plan" in text
    rows = list(csv.DictReader(io.StringIO((site / "data" / "actions.csv").read_text())))
    assert {r["plan_slug"] for r in rows} == {"test-plan"}


def test_example_site_pages(example_build: tuple[Path, BuildResult]) -> None:
    root, result = example_build
    site = root / "site"
    assert (result.plans, result.foi, result.pages) == (2, 1, 1)
    for page in ["index.html", "plans/index.html", "plans/mr-s-homicide/index.html",
                 "plans/dhr-bdhr2011-12-03/index.html", "thematic-review-statement/index.html",
                 "accessibility/index.html", "data/index.html", "sitemap.xml",
                 "search/search_index.json"]:
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text()
    assert 'href="plans/mr-s-homicide/"' in home
    assert "Mr S homicide action plan" in home
    assert "2 of 3 actions complete (67%)" in home
    assert '<html lang="en-GB"' in home


def test_overdue_is_shown_in_words(example_build: tuple[Path, BuildResult]) -> None:
    root, _ = example_build
    page = (root / "site" / "plans" / "mr-s-homicide" / "index.html").read_text()
    # 7.2 is in progress with a 2019 target: overdue as at 2026-11-22
    assert 'id="action-7-2-h" class="ap-action__title">Action 7.2 <strong class="ap-tag ' \
           'ap-tag--overdue">Overdue</strong>' in page
    assert '<strong class="ap-tag ap-tag--complete">Complete</strong>' in page


def test_data_files_rows_and_columns(example_build: tuple[Path, BuildResult]) -> None:
    root, _ = example_build
    data = root / "site" / "data"
    rows = list(csv.DictReader(io.StringIO((data / "actions.csv").read_text())))
    assert list(rows[0]) == [name for name, _ in ACTION_COLUMNS]
    by_plan: dict[str, int] = {}
    for row in rows:
        by_plan[row["plan_slug"]] = by_plan.get(row["plan_slug"], 0) + 1
    assert by_plan == {"mr-s-homicide": 3, "dhr-bdhr2011-12-03": 13}
    row = next(r for r in rows if r["ref"] == "7.2")
    assert (row["target"], row["status"], row["shown_status"], row["overdue"],
            row["latest_progress_date"]) == ("2019-09-30", "in-progress", "Overdue", "yes",
                                             "2020-08-01")
    plans = json.loads((data / "plans.json").read_text())
    assert plans["as_at"] == "2026-11-22"
    assert sorted(p["slug"] for p in plans["plans"]) == ["dhr-bdhr2011-12-03", "mr-s-homicide"]
    actions = [a for p in plans["plans"] for r in p["recommendations"] for a in r["actions"]]
    assert len(actions) == 16
    assert all("approval" not in p for p in plans["plans"])


def test_cli_build_and_check(content_dir: Callable[..., Path], tmp_path: Path) -> None:
    content = content_dir()
    runner = CliRunner()
    site = tmp_path / "out"
    result = runner.invoke(cli, ["build", "--content", str(content), "--site", str(site),
                                 "--reports", str(tmp_path / "r"), "--as-at", "2026-11-22",
                                 "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Published 1 plan(s)" in result.output
    assert (site / "index.html").exists()
    checked = runner.invoke(cli, ["check", "--content", str(content)])
    assert checked.exit_code == 0
    assert "no problems found" in checked.output


def test_bad_content_leaves_the_previous_site(content_dir: Callable[..., Path],
                                              tmp_path: Path) -> None:
    content = content_dir()
    site = build(content, tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (content / "plans" / "test-plan.yaml").write_text(PLAN_YAML.replace("2019-09-30", "Apr-14"))
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--site", str(site),
                                      "--reports", str(tmp_path / "r"), "--as-at", "2026-11-22"])
    assert result.exit_code == 1
    assert '"target" must be a date (2019-09-30)' in result.output
    assert "nothing was published" in result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_as_at_changes_overdue(content_dir: Callable[..., Path], tmp_path: Path) -> None:
    content = content_dir()
    early = tmp_path / "early"
    build_site(BuildOptions(content, early, tmp_path / "r", date(2019, 9, 30)))
    late = build(content, tmp_path)
    early_row = (early / "data" / "actions.csv").read_text().splitlines()[1]
    late_row = (late / "data" / "actions.csv").read_text().splitlines()[1]
    assert ",In progress,no," in early_row
    assert ",Overdue,yes," in late_row


def test_csv_cells_cannot_run_as_formulas(content_dir: Callable[..., Path],
                                          tmp_path: Path) -> None:
    text = PLAN_YAML.replace("Review the policy.", '"=2+2 and review"')
    site = build(content_dir({"test-plan": text}), tmp_path)
    row = next(csv.DictReader(io.StringIO((site / "data" / "actions.csv").read_text())))
    assert row["action"] == "'=2+2 and review"
