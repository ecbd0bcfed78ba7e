"""One edit, one page (issue 18, generator/site/delta.py): when nothing site-wide changed,
MkDocs builds only the changed files, and the rest comes from the published site. Every
kind of change still gives exactly the site a build from nothing gives, and the shortcut is
really taken (or really not, when the navigation changes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from siteaudit import Workspace, differences_from_clean

from generator.site.incremental import BuildState, load_state
from publisher_fixtures import replace_once


def _state(workspace: Workspace) -> BuildState:
    [path] = (workspace.root / ".cache").glob("site/*/build-state.pickle")
    state = load_state(path)
    assert state is not None
    return state


def _add_plan(content: Path) -> None:
    text = (content / "plans" / "river-review.yaml").read_text()
    (content / "plans" / "lake-review.yaml").write_text(
        text.replace("River ward review action plan", "Lake ward review action plan")
            .replace("River ward", "Lake ward"))


def _build(workspace: Workspace) -> None:
    result = workspace.build()
    assert result.exit_code == 0, result.output


def _search_locations(site: Path) -> list[str]:
    index = json.loads((site / "search" / "search_index.json").read_text())
    return [doc["location"] for doc in index["docs"]]


@pytest.mark.parametrize("change", ["plan edited", "page edited", "plan added"])
def test_a_content_change_takes_the_one_page_path_and_equals_clean(
        change: str, workspace: Workspace, tmp_path: Path) -> None:
    _build(workspace)
    assert not _state(workspace).one_page  # the first build is MkDocs' own
    if change == "plan edited":
        replace_once(workspace.content / "plans" / "river-review.yaml", "Train ward staff",
                 "Train every team")
    elif change == "page edited":
        path = workspace.content / "pages" / "statement.md"
        path.write_text(path.read_text() + "\nA new paragraph.\n")
    else:
        _add_plan(workspace.content)
    _build(workspace)
    state = _state(workspace)
    assert state.one_page and state.delta_ready
    assert 0 < state.built < state.reused  # a few files built, the rest linked
    assert differences_from_clean(workspace, tmp_path / "clean") == []
    if change == "plan added":
        assert "plans/lake-review/" in _search_locations(workspace.site)
        assert "/plans/lake-review/</loc>" in (workspace.site / "sitemap.xml").read_text()


def test_a_newer_progress_date_moves_every_list_page_s_date_in_the_sitemap(
        workspace: Workspace, tmp_path: Path) -> None:
    """A list page's sitemap date is its newest plan's: it changes though the page does not
    (the overdue list shows no change notes), and the sitemap must say so as a full build
    does."""
    _build(workspace)
    replace_once(workspace.content / "plans" / "river-review.yaml", "approval:\n",
             "changes:\n  - date: 2026-01-10\n    note: The policy was checked again.\n"
             "approval:\n")
    overdue = (workspace.site / "overdue" / "index.html").read_bytes()
    _build(workspace)
    assert _state(workspace).one_page
    assert (workspace.site / "overdue" / "index.html").read_bytes() == overdue
    assert "<lastmod>2026-01-10</lastmod>" in (workspace.site / "sitemap.xml").read_text()
    assert differences_from_clean(workspace, tmp_path / "clean") == []


def test_a_removed_plan_leaves_the_site_sitemap_and_search_index(
        workspace: Workspace, tmp_path: Path) -> None:
    _add_plan(workspace.content)
    _build(workspace)
    assert (workspace.site / "plans" / "lake-review" / "index.html").is_file()
    (workspace.content / "plans" / "lake-review.yaml").unlink()
    _build(workspace)
    assert _state(workspace).one_page
    assert not (workspace.site / "plans" / "lake-review").exists()
    assert "lake-review" not in (workspace.site / "sitemap.xml").read_text()
    assert not any("lake-review" in loc for loc in _search_locations(workspace.site))
    assert differences_from_clean(workspace, tmp_path / "clean") == []


def test_a_navigation_change_builds_every_page(workspace: Workspace, tmp_path: Path) -> None:
    """A page's title is in the navigation of every page: MkDocs' own build, every page."""
    _build(workspace)
    replace_once(workspace.content / "pages" / "statement.md", "title: Statement on the review",
             "title: Our statement on the review")
    _build(workspace)
    state = _state(workspace)
    assert not state.one_page and state.reused == 0
    assert state.delta_ready  # and the next edit can take the one-page path again
    assert "Our statement on the review" in (workspace.site / "index.html").read_text()
    assert differences_from_clean(workspace, tmp_path / "clean") == []
    # The spare is now the version before the whole build: nothing in it is kept.
    replace_once(workspace.content / "plans" / "river-review.yaml", "Train ward staff",
             "Train every team")
    _build(workspace)
    assert _state(workspace).one_page
    assert differences_from_clean(workspace, tmp_path / "clean-2") == []


def test_the_version_before_last_becomes_the_next_site_and_keeps_nothing_stale(
        workspace: Workspace, tmp_path: Path) -> None:
    """spare.py: the third build is made in the folder of the first (kept in the cache when
    the second replaced it). A file in it that is not the published one goes, even one with
    the path of an unchanged page, and so does anything the site no longer has."""
    plan = workspace.content / "plans" / "river-review.yaml"
    _build(workspace)
    first = workspace.site.stat().st_ino
    replace_once(plan, "Train ward staff", "Train every team")
    _build(workspace)
    [spare] = (workspace.root / ".cache").glob("site/*/spare")
    assert spare.stat().st_ino == first
    (spare / "stray.html").write_text("not published")
    unchanged = spare / "statement" / "index.html"
    unchanged.unlink()
    unchanged.write_text("a copy that is not the published file")
    replace_once(plan, "Train every team", "Train every team twice")
    _build(workspace)
    assert _state(workspace).one_page
    assert workspace.site.stat().st_ino == first
    assert not (workspace.site / "stray.html").exists()
    assert differences_from_clean(workspace, tmp_path / "clean") == []


def test_a_site_changed_by_hand_is_built_whole(workspace: Workspace, tmp_path: Path) -> None:
    """The published site replaced by something else (a restore from backup): its files are
    not what the state describes, so nothing is taken from it."""
    _build(workspace)
    backup = tmp_path / "backup"
    shutil.copytree(workspace.site, backup)
    shutil.rmtree(workspace.site)
    backup.rename(workspace.site)
    replace_once(workspace.content / "plans" / "river-review.yaml", "Train ward staff",
             "Train every team")
    _build(workspace)
    assert not _state(workspace).one_page
    assert differences_from_clean(workspace, tmp_path / "clean") == []
