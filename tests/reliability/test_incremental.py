"""Every kind of change, built on top of the last build (render, PDF and page caches, built
pages reused), gives exactly the site a build from nothing gives (issue 18)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from siteaudit import AS_AT, BASE, Workspace, differences, differences_from_clean, tree_digest

from generator import cache as cache_module
from generator.site import render as render_module
from generator.site.incremental import load_state
from generator.site.serve import preview
from publisher_fixtures import replace_once


def plan(content: Path) -> None:
    replace_once(content / "plans" / "river-review.yaml", "Train ward staff", "Train every team")


def page(content: Path) -> None:
    path = content / "pages" / "statement.md"
    path.write_text(path.read_text() + "\nA new paragraph with a word to find: quinoa.\n")


def foi(content: Path) -> None:
    replace_once(content / "foi" / "100.yaml", "Please find the action plan attached.",
             "Please find the action plan attached, as agreed.")


def site_yaml(content: Path) -> None:
    replace_once(content / "site.yaml", "title: Test action plans", "title: Our action plans")


def policy(content: Path) -> None:
    # A word of the plan's text becomes a name to redact: the plan's page and PDFs change.
    replace_once(content / "redaction.yaml", "  - Wilhelmina Quarrington",
             "  - Wilhelmina Quarrington\n  - Ward")


CHANGES: dict[str, Callable[[Path], None]] = {
    "plan": plan, "page": page, "foi": foi, "site.yaml": site_yaml, "policy": policy}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_equals_clean_after_a_change(
        change: str, workspace: Workspace, tmp_path: Path) -> None:
    assert workspace.build().exit_code == 0  # warm caches, published site
    before = tree_digest(workspace.site)
    CHANGES[change](workspace.content)
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert tree_digest(workspace.site) != before  # the change did change the site
    assert differences_from_clean(workspace, tmp_path / "clean") == []


def test_incremental_equals_clean_after_a_template_change(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        request: pytest.FixtureRequest) -> None:
    """A copy of the templates, so that other tests running at the same time see no change;
    the caches' code key (generator/cache.py) hashes that copy instead of site_templates/."""
    templates = tmp_path / "site_templates"
    shutil.copytree(render_module.TEMPLATES, templates)
    monkeypatch.setattr(render_module, "TEMPLATES", templates)
    monkeypatch.setattr(cache_module, "HASHED_ROOTS", [
        templates if root.name == "site_templates" else root
        for root in cache_module.HASHED_ROOTS])
    cache_module.code_key.cache_clear()
    request.addfinalizer(cache_module.code_key.cache_clear)  # later tests hash the real roots
    assert workspace.build().exit_code == 0
    replace_once(templates / "pages" / "_recommendation.j2", "</", "<!-- edited --></", )
    cache_module.code_key.cache_clear()  # a new process would hash the edited template
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert differences_from_clean(workspace, tmp_path / "clean") == []
    assert "<!-- edited -->" in (workspace.site / "plans" / "river-review" / "index.html"
                                 ).read_text()


def test_a_preview_rebuild_reuses_unchanged_pages_and_equals_a_fresh_preview(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`publisher serve` rebuilds through the same caches: after a page is saved, the other
    pages are the very files of the last preview (hard links), and the result is what a
    preview from nothing shows."""
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "redaction"))
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    as_at = date.fromisoformat(AS_AT)
    site = tmp_path / "preview"
    preview(content, site, as_at, tmp_path / "cache")
    plan_page = site / "plans" / "river-review" / "index.html"
    inode = plan_page.stat().st_ino
    page(content)
    preview(content, site, as_at, tmp_path / "cache")
    assert plan_page.stat().st_ino == inode  # reused, not built again
    state = load_state(tmp_path / "cache" / "build-state.pickle")
    assert state is not None and state.one_page  # MkDocs was given the changed files alone
    assert "quinoa" in (site / "statement" / "index.html").read_text()
    fresh = tmp_path / "fresh"
    preview(content, fresh, as_at, tmp_path / "fresh-cache")
    assert differences(fresh, site) == []


def test_a_plan_edit_read_record_by_record_by_the_gate_equals_clean(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate reads every JSON and CSV file record by record (as it reads the search index
    and open data of a big site), the open data comes from cached per-plan parts: still the
    site a build from nothing gives, and a second plan edit too."""
    from redaction import records

    monkeypatch.setattr(records, "RECORDS_FROM", 0)
    assert workspace.build().exit_code == 0
    plan(workspace.content)
    assert workspace.build().exit_code == 0
    replace_once(workspace.content / "plans" / "river-review.yaml", "Train every team",
             "Train every team twice")
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert "twice" in (workspace.site / "data" / "plans.json").read_text()
    assert differences_from_clean(workspace, tmp_path / "clean") == []
