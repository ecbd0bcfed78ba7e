"""After an edit, render writes again only the list pages that show what changed, and the
docs folder is exactly what a render from nothing writes (generator/site/page_cache.py)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from generator.content.load import load
from generator.site import page_cache
from generator.site import render as render_module
from publisher_fixtures import file_tree
from redaction import RedactedContent

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "benchmarks"))
import synthetic  # noqa: E402

AS_AT = date(2026, 11, 22)


@pytest.mark.parametrize("edit", ["progress note", "title", "deleted plan"])
def test_an_edit_renders_only_the_list_pages_that_show_it(
        edit: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "PAGE_SIZE", 2)  # 12 plans: six pages of each list
    content = tmp_path / "content"
    synthetic.write_content(content, 12, names=False)
    docs, manifest = tmp_path / "docs", tmp_path / "pages.pickle"
    render_module.render(RedactedContent(load(content)), AS_AT, docs, cache=manifest)
    rendered: list[str] = []
    real = page_cache.PlanPages.rendered_page
    monkeypatch.setattr(page_cache.PlanPages, "rendered_page",
                        lambda self, rel, key: (rendered.append(rel), real(self, rel, key)))

    if edit == "progress note":
        synthetic.edit_progress_note(content, "one")
    elif edit == "deleted plan":  # its page goes, and so do list pages left empty
        sorted((content / "plans").glob("*.yaml"))[0].unlink()
    else:  # the plan moves within the plan list: the pages between its old and new place
        path = sorted((content / "plans").glob("*.yaml"))[3]
        text = path.read_text()
        path.write_text(text.replace("title: ", "title: Zzz ", 1))
    render_module.render(RedactedContent(load(content)), AS_AT, docs, cache=manifest)
    partial = list(rendered)
    render_module.render(RedactedContent(load(content)), AS_AT, tmp_path / "clean")
    assert file_tree(docs) == file_tree(tmp_path / "clean")
    lists = [p for p in file_tree(docs) if p == "index.md" or p.startswith(("plans/index",
                                                                        "plans/page-",
                                                                        "overdue/"))]
    assert len(lists) > 6 and partial
    if edit != "deleted plan":  # (which moves every later item up a place)
        assert len(partial) < len(lists) / 2, partial

    rendered.clear()  # nothing changed since: every list page kept, none rendered
    render_module.render(RedactedContent(load(content)), AS_AT, docs, cache=manifest)
    assert rendered == [] and file_tree(docs) == file_tree(tmp_path / "clean")
