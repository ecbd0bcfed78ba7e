"""Broken content never takes the site down: each case is a folder under cases/ holding the
files that replace or join those of base/ (a DELETE file lists base files to remove), and
expected.txt, the exact error output the author must see.

Every case: exit status 1, exactly the expected messages (file, line, what is wrong, hint),
no traceback, and the previously published site/ byte for byte as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from badinput import AS_AT, CASES, Workspace, cache_env, tree_digest
from click.testing import CliRunner

from generator.cli import cli

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
PUBLISHER = Path(sys.executable).with_name("publisher")


def apply_case(case: Path, content: Path) -> None:
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_file() and rel.as_posix() not in ("expected.txt", "DELETE"):
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, content / rel)
    if (case / "DELETE").exists():
        for rel in (case / "DELETE").read_text().split():
            (content / rel).unlink()


def assert_refused(space: Workspace, before: dict[str, str], output: str, code: int) -> None:
    assert code == 1, output
    assert "Traceback" not in output
    assert tree_digest(space.site) == before, "the published site changed"
    assert space.leftovers() == []


def test_there_are_enough_cases() -> None:
    assert len(CASE_NAMES) >= 30
    for name in CASE_NAMES:
        expected = (CASES / name / "expected.txt").read_text()
        assert expected.endswith("found; nothing was published.\n"), name


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_is_refused_with_the_expected_message(workspace: Workspace, name: str) -> None:
    case = CASES / name
    apply_case(case, workspace.content)
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.stderr == (case / "expected.txt").read_text()
    assert_refused(workspace, before, result.output, result.exit_code)
    assert isinstance(result.exception, SystemExit)  # handled, not a crash


@pytest.mark.parametrize("name", ["yaml-unclosed-quote", "not-utf8", "yaml-alias-bomb"])
def test_the_installed_command_says_the_same(workspace: Workspace, name: str) -> None:
    """The real entry point (a new process), not only the click group in this one."""
    case = CASES / name
    apply_case(case, workspace.content)
    before = tree_digest(workspace.site)
    env = {**os.environ, **cache_env(workspace.root)}
    env.pop("PUBLISHER_DEBUG", None)
    proc = subprocess.run(
        [str(PUBLISHER), "build", "--as-at", AS_AT], cwd=workspace.root, env=env,
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.stderr == (case / "expected.txt").read_text()
    assert_refused(workspace, before, proc.stdout + proc.stderr, proc.returncode)


def test_a_50_mb_file_is_refused_without_being_read(workspace: Workspace) -> None:
    huge = workspace.content / "plans" / "huge.yaml"
    with huge.open("wb") as out:
        out.write(b"title: A plan pasted into itself\nsummary: >-\n")
        line = b"  " + b"x" * 1022 + b"\n"
        for _ in range(50 * 1024):
            out.write(line)
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.stderr == (
        "content/plans/huge.yaml: the file is 50 MB; content files are expected to be well "
        "under 5 MB. Hint: check that the right file was saved here.\n"
        "1 problem found; nothing was published.\n")
    assert_refused(workspace, before, result.output, result.exit_code)


def test_byte_order_marks_and_windows_line_ends_are_accepted(workspace: Workspace) -> None:
    """What Windows editors save is valid content: it builds, and reads the same."""
    for rel in ("plans/river-review.yaml", "pages/statement.md", "site.yaml"):
        path = workspace.content / rel
        text = path.read_text().replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 0, result.output
    # Same content, same as-at date: the site comes out byte for byte as before.
    assert tree_digest(workspace.site) == before


def test_cases_run_from_a_content_folder_with_another_name(workspace: Workspace) -> None:
    """Messages name the file as the author sees it: from the content folder's own name."""
    apply_case(CASES / "non-iso-month", workspace.content)
    renamed = workspace.content.rename(workspace.root / "kmpt-content")
    result = workspace.build("--content", str(renamed))
    assert result.stderr.splitlines()[0].startswith("kmpt-content/plans/river-review.yaml, "
                                                    "line 19: ")
    assert result.exit_code == 1


def test_check_reports_the_same_problems(workspace: Workspace) -> None:
    case = CASES / "several-problems-in-several-files"
    apply_case(case, workspace.content)
    result = CliRunner().invoke(cli, ["check", "--content", str(workspace.content)])
    assert result.exit_code == 1
    assert result.stderr == (case / "expected.txt").read_text()
