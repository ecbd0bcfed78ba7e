"""An edit reads only what it changed (issue 18): the plans it did not touch are neither decoded
from the parse cache (generator/content/lazy.py) nor viewed, rendered or given a new feed
(generator/site/page_cache.py), and the site is still byte for byte a --no-cache build's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from siteaudit import Workspace, differences

from generator.content.lazy import LazyDoc
from generator.site import render

OTHERS = ("lake", "brook", "pond")  # plans no edit below touches


def _add_plans(content: Path) -> None:
    text = (content / "plans" / "river-review.yaml").read_text()
    for name in OTHERS:
        title = name.capitalize()
        (content / "plans" / f"{name}-review.yaml").write_text(
            text.replace("River ward review action plan", f"{title} ward review action plan")
                .replace("River ward", f"{title} ward"))


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The slugs of the plans whose model was decoded, viewed for a page, or given a feed."""
    seen: dict[str, list[str]] = {"decoded": [], "viewed": [], "feeds": []}
    decode = LazyDoc._undefer

    def counted_decode(self: LazyDoc, name: str) -> None:
        if name == "data" and self.__dict__.get("_make") is not None:
            seen["decoded"].append(self.slug)
        decode(self, name)

    view, feed = render.plan_view, render.plan_feed_xml

    def counted_view(doc: Any, *args: Any) -> Any:
        seen["viewed"].append(doc.slug)
        return view(doc, *args)

    def counted_feed(plan: Any, base_url: str) -> str:
        seen["feeds"].append(plan.slug)
        return feed(plan, base_url)

    monkeypatch.setattr(LazyDoc, "_undefer", counted_decode)
    monkeypatch.setattr(render, "plan_view", counted_view)
    monkeypatch.setattr(render, "plan_feed_xml", counted_feed)
    return seen


@pytest.mark.parametrize("edit", ["progress note", "title"])
def test_an_edit_reads_only_the_edited_plan_and_equals_a_no_cache_build(
        edit: str, workspace: Workspace, tmp_path: Path, seen: dict[str, list[str]]) -> None:
    _add_plans(workspace.content)
    assert workspace.build().exit_code == 0  # every cache holds every plan
    for found in seen.values():
        found.clear()
    path = workspace.content / "plans" / "lake-review.yaml"
    old, new = (("Train ward staff", "Train every team") if edit == "progress note" else
                ("Lake ward review action plan", "Lake ward review action plan (revised)"))
    path.write_text(path.read_text().replace(old, new, 1))
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert seen["viewed"] == ["lake-review"]
    assert seen["feeds"] == ["lake-review"]
    # river-review is an annex of an FOI response, whose page shows it: that one is read.
    assert not {"brook-review", "pond-review"} & set(seen["decoded"])
    clean = tmp_path / "no-cache"
    assert workspace.build("--no-cache", site=clean).exit_code == 0
    assert differences(clean, workspace.site) == []
    assert new in (workspace.site / "plans" / "lake-review" / "index.html").read_text()
