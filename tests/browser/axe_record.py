"""The last axe-core verdict, kept for the accessibility statement the next build publishes.

The file sits with the templates, not with a build's reports: it describes the theme and
templates that were tested, so every build of that software states the same result, and a
rebuild of the same commit gives the same bytes.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.site.render import TEMPLATES

RESULT_FILE: Path = TEMPLATES / "accessibility-test.json"


Found = dict[tuple[str, int], list[dict[str, Any]]]


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every test process of this run shares (xdist workers sit one level down)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "axe-parts"
    folder.mkdir(exist_ok=True)
    return folder


def add_part(folder: Path, width: int, found: Found) -> Found:
    """Keep one width's results for this run; return every width's kept so far."""
    part = {f"{width}|{name}": violations for (name, _), violations in found.items()}
    temporary = folder / f".{width}.{os.getpid()}"
    temporary.write_text(json.dumps(part), encoding="utf-8")
    temporary.replace(folder / f"{width}.json")  # written before listing: the later test sees both
    merged: Found = {}
    for path in sorted(folder.glob("*.json")):
        for key, violations in json.loads(path.read_text(encoding="utf-8")).items():
            w, name = key.split("|", 1)
            merged[(name, int(w))] = violations
    return merged


def issues(found: Found) -> list[dict[str, Any]]:
    """One entry per axe rule that failed, with every page type and width it failed on."""
    by_rule: dict[str, dict[str, Any]] = {}
    for (page_type, width), violations in found.items():
        for violation in violations:
            entry = by_rule.setdefault(violation["id"], {
                "rule": violation["id"], "impact": violation.get("impact") or "",
                "description": violation["help"], "where": [],
            })
            entry["where"].append(f"{page_type} at {width} px ({len(violation['nodes'])} "
                                  f"element{'s' if len(violation['nodes']) != 1 else ''})")
    return sorted(by_rule.values(), key=lambda e: e["rule"])


def write(found: Found, *, axe_core: str, browser: str, tags: list[str],
          tested: date) -> dict[str, Any]:
    widths = sorted({width for _, width in found}, reverse=True)
    page_types = list(dict.fromkeys(name for name, _ in found))
    record = {
        "tested": tested.isoformat(),
        "axe_core": axe_core,
        "browser": browser,
        "tags": tags,
        "widths": widths,
        "page_types": page_types,
        "issues": issues(found),
    }
    if _same_verdict(record):
        # Rewritten only when the verdict changes: a test run on a new day (or in CI, on another
        # machine's Chromium build) must not edit a file that builds running beside it read
        # and that the code key hashes.
        return record
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    temporary = RESULT_FILE.with_name(f".{RESULT_FILE.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(RESULT_FILE)  # a build reading it meanwhile sees the old or the new
    return record


def _same_verdict(record: dict[str, Any]) -> bool:
    try:
        kept = json.loads(RESULT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    when = ("tested", "browser")
    return {k: v for k, v in kept.items() if k not in when} == {
        k: v for k, v in record.items() if k not in when}
