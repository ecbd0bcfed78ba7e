"""publisher approve --note: the note is appended in place, in every layout an author may have
written `changes:` in, and is covered by the fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.content.approve import file_fingerprint, read_source
from generator.content.changes import with_change
from generator.content.load import load, load_file
from publisher_fixtures import PLAN_YAML, write_content

NEW = {"date": "2026-11-20", "note": "Progress updated: action 1.1"}


def scalar(value: str) -> str:
    from generator.content.approve import _scalar

    return _scalar(value)


@pytest.mark.parametrize("text", [
    "title: T\napproval: {status: draft, by: X, date: 2020-01-01}\n",  # no changes yet
    "title: T\nchanges:\napproval:\n  status: draft\n",  # empty
    "title: T\nchanges: []\n",  # flow, empty
    "title: T\nchanges: [{date: 2026-01-01, note: First}]  # kept\n",  # flow
    "title: T\nchanges:\n  - date: 2026-01-01\n    note: First  # a comment\n"
    "# between\napproval: {status: draft}\n",
    "title: T\nchanges:\n- date: 2026-01-01\n  note: |\n    First,\n    on two lines\n\nx: 1\n",
    "title: T\r\nchanges:\r\n  - date: 2026-01-01\r\n    note: First\r\n",  # CRLF
])
def test_a_note_is_appended_in_any_layout(text: str) -> None:
    before = yaml.safe_load(text)
    after_text = with_change(text, NEW["date"], NEW["note"], scalar)
    after = yaml.safe_load(after_text)
    def as_text(changes: list[dict[str, object]] | None) -> list[dict[str, str]]:
        return [{k: str(v) for k, v in c.items()} for c in changes or []]

    assert as_text(after["changes"]) == [*as_text(before.get("changes")), NEW]
    assert {k: v for k, v in after.items() if k != "changes"} == {
        k: v for k, v in before.items() if k != "changes"}
    for comment in ("# kept", "# a comment", "# between"):
        assert (comment in after_text) == (comment in text)
    if "\r\n" in text:
        assert after_text.count("\n") == after_text.count("\r\n")


def test_a_page_gets_its_note_in_the_front_matter(tmp_path: Path) -> None:
    page = ("---\ntitle: Statement\napproval:\n  status: draft\n  by: X\n  date: 2020-01-01\n"
            "---\n\nThe statement.\n")
    content = write_content(tmp_path / "content", extra={"pages/statement.md": page})
    path = content / "pages" / "statement.md"
    runner = CliRunner()
    args = ["approve", str(path), "--by", "Head of IG", "--date", "2026-11-01"]
    assert runner.invoke(cli, args).exit_code == 0
    path.write_text(path.read_text().replace("The statement.", "The revised statement."))
    result = runner.invoke(cli, [*args[:-1], "2026-11-20", "--note", "Statement revised."])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.endswith("---\n\nThe revised statement.\n")
    meta = load(content).pages[0].data.meta
    assert [(c.date.isoformat(), c.note) for c in meta.changes] == [
        ("2026-11-20", "Statement revised.")]
    load_file(path)


def test_the_fingerprint_covers_the_notes(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    path = content / "plans" / "test-plan.yaml"
    runner = CliRunner()
    base = ["approve", str(path), "--by", "Head of IG", "--date", "2026-11-01"]
    assert runner.invoke(cli, base).exit_code == 0
    path.write_text(path.read_text().replace("Review the policy.", "Review the policies."))
    assert runner.invoke(cli, [*base, "--note", "Action 1.1 widened."]).exit_code == 0
    source = read_source(path, path.name)
    digest, data = file_fingerprint(source)
    assert data["approval"]["sha256"] == digest
    assert data["changes"] == [{"date": "2026-11-01", "note": "Action 1.1 widened."}]
    # Rewording the published note by hand needs approving again.
    path.write_text(path.read_text().replace("Action 1.1 widened.", "Action 1.1 done."))
    result = runner.invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 1
    assert "has changed since" in result.output


def test_note_and_minor_together_are_refused(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", plans={"test-plan": PLAN_YAML})
    path = content / "plans" / "test-plan.yaml"
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["approve", str(path), "--by", "IG", "--note", "x",
                                      "--minor"])
    assert result.exit_code == 1
    assert "--note and --minor cannot be used together" in result.output
    assert path.read_bytes() == before
