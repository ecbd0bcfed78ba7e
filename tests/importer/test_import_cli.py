"""`publisher import` and `publisher export` as users run them: output, report, exit codes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from import_fixtures import AS_AT

from generator.cli import cli
from generator.cli.importer import load_plan
from generator.content.dates import Month


def run(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_import_writes_yaml_to_stdout_and_the_report_to_stderr(dhr_xlsx: Path) -> None:
    result = run("import", dhr_xlsx, "--as-at", AS_AT.isoformat())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Imported from dhr-bdhr2011-12-03.xlsx")
    assert "title: Domestic Homicide Review BDHR2011/12-03 action plan" in result.stdout
    assert "13 actions written under 8 recommendations" in result.stderr
    assert "Cells not mapped (18):" in result.stderr
    assert "title:" not in result.stderr


def test_import_to_a_file_with_options(dhr_docx: Path, tmp_path: Path) -> None:
    out = tmp_path / "dhr.yaml"
    result = run("import", dhr_docx, "--out", out, "--owner", "Birmingham Community Safety "
                 "Partnership", "--title", "DHR action plan", "--kind", "domestic-homicide-review",
                 "--as-at", "2024-05-01", "--progress-date", "2014-05")
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {out}." in result.stderr and result.stdout == ""
    plan = load_plan(out)
    assert (plan.owner, plan.title, plan.approval.status) == (
        "Birmingham Community Safety Partnership", "DHR action plan", "draft")
    assert len(plan.actions()) == 13
    assert {u.date for a in plan.actions() for u in a.progress} == {Month(2014, 5)}
    assert "# TODO(author): the table does not date this update: set as --progress-date." in \
        out.read_text(encoding="utf-8")
    bad = run("import", dhr_docx, "--progress-date", "May 2014")
    assert bad.exit_code == 2 and "must be a date like 2014-05-01" in bad.stderr


def test_import_does_not_overwrite_without_force(dhr_xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "dhr.yaml"
    out.write_text("reviewed: true\n", encoding="utf-8")
    result = run("import", dhr_xlsx, "--out", out)
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "reviewed: true\n"
    assert run("import", dhr_xlsx, "--out", out, "--force").exit_code == 0
    assert load_plan(out).approval.status == "draft"


def test_an_unreadable_file_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(b"this is not a workbook")
    result = run("import", broken)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}: could not be read as an Excel workbook")
    assert "Traceback" not in result.stderr and result.stdout == ""
    missing = run("import", tmp_path / "missing.docx")
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_export_then_import(dhr_xlsx: Path, tmp_path: Path) -> None:
    yaml_path, book = tmp_path / "dhr.yaml", tmp_path / "dhr-working.xlsx"
    assert run("import", dhr_xlsx, "--out", yaml_path, "--as-at", "2024-05-01").exit_code == 0
    result = run("export", yaml_path, "--out", book)
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {book}." in result.stderr
    again = tmp_path / "again.yaml"
    result = run("import", book, "--out", again, "--as-at", "2024-05-01")
    assert result.exit_code == 0 and "Every cell was mapped." in result.stderr
    assert load_plan(again) == load_plan(yaml_path)


def test_export_reports_content_errors_with_lines(tmp_path: Path) -> None:
    plan = tmp_path / "bad.yaml"
    plan.write_text("title: T\nkind: homicide\n", encoding="utf-8")
    result = run("export", plan, "--out", tmp_path / "bad.xlsx")
    assert result.exit_code == 1
    assert f"{plan}, line 2:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "bad.xlsx").exists()
    wrong = run("export", plan, "--out", tmp_path / "bad.csv")
    assert wrong.exit_code == 1 and 'must end in ".xlsx"' in wrong.stderr


def test_an_imported_plan_cannot_be_approved_until_its_placeholders_are_written(
        tmp_path: Path) -> None:
    table = tmp_path / "ward.csv"
    table.write_text("Ref,Action,Lead,Target date,Status\n"
                     "1.1,Review the discharge policy,Director of Nursing,30/09/2019,Complete\n")
    plan = tmp_path / "content" / "plans" / "ward-review.yaml"
    plan.parent.mkdir(parents=True)
    assert run("import", table, "--out", plan).exit_code == 0
    refused = run("approve", plan, "--by", "Head of IG")
    assert refused.exit_code == 1
    fields = [line.split('"')[1] for line in refused.stderr.splitlines()[:-1]]
    assert fields == ["title", "owner", "summary", "text"]
    written = plan.read_text()
    for placeholder in ('"TODO: title (imported from ward.csv)"',
                        '"TODO: the organisation that owns this plan"',
                        '"TODO: what the plan is and why it exists."',
                        '"TODO: the recommendation these actions respond to"'):
        assert placeholder in written
        written = written.replace(placeholder, "Written by the author")
    plan.write_text(written)
    approved = run("approve", plan, "--by", "Head of IG")
    assert approved.exit_code == 0, approved.stderr
