"""The search index is checked against its pages (redaction/leaks_index.py): a person's name
that a post-build step puts only into search/search_index.json, on no list and in no page,
stops the build, read whole or (on an incremental build) by the pieces that changed, and the
published site stays as it was."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from siteaudit import Workspace, tree_digest

import generator.pipeline
from generator.site.build import BuiltSite

INDEX = "search/search_index.json"


def _names() -> list[str]:
    """Real-looking names the content has nowhere: several locales, and the "SURNAME, Given"
    form of a register or a minute."""
    found = []
    for locale in ("en_GB", "de_DE", "pl_PL", "tr_TR"):
        fake = Faker(locale)
        fake.seed_instance(18)
        found.append(f"{fake.first_name()} {fake.last_name()}")
    return [*found, "HARGREAVES-OYELARAN, Bethany"]


NAMES = _names()


def _inject(index: dict[str, Any]) -> None:
    """Each name in a different place of the index: inside an entry's text, after a title, in
    a new entry for a page of the site, in an entry's tags, as a key of its own."""
    docs = index["docs"]
    texts = [e for e in docs if "<p>" in e["text"] and e["location"]]
    assert len(texts) >= 3
    first, second, third = texts[0], texts[len(texts) // 2], texts[-1]
    first["text"] = first["text"].replace("<p>", f"<p>{NAMES[0]} said ", 1)
    second["title"] += f" {NAMES[1]}"
    docs.insert(3, {"location": third["location"], "title": "Chair",
                    "text": f"<p>{NAMES[4]}</p>"})
    third["tags"] = [NAMES[2]]
    first[NAMES[3]] = 1


def _post_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """A post-build step that rewrites the search index (as the search plugin dumps it)."""
    build = generator.pipeline.build

    def build_then_edit(*args: object, **kwargs: object) -> BuiltSite:
        built = build(*args, **kwargs)  # type: ignore[arg-type]
        target = built.path / INDEX
        data = target.read_bytes()
        index = json.loads(data)
        assert json.dumps(index, separators=(",", ":")).encode() == data  # only what we change
        _inject(index)
        target.write_bytes(json.dumps(index, separators=(",", ":")).encode())
        return replace(built)

    monkeypatch.setattr(generator.pipeline, "build", build_then_edit)


def _edit_plan(content: Path, words: str) -> None:
    plan = content / "plans" / "river-review.yaml"
    text = plan.read_text()
    assert "Train ward staff" in text
    plan.write_text(text.replace("Train ward staff", f"Train ward staff {words}", 1))


@pytest.mark.parametrize("pieces", [False, True], ids=["read whole", "read by pieces"])
def test_names_put_only_into_the_search_index_stop_the_build(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch, pieces: bool) -> None:
    if pieces:
        from redaction import records

        monkeypatch.setattr(records, "RECORDS_FROM", 0)  # every JSON file read by pieces
        assert workspace.build().exit_code == 0  # the pieces of the index remembered
        _edit_plan(workspace.content, "again")
        assert workspace.build().exit_code == 0  # read by pieces: the changed entries
    before = tree_digest(workspace.site)
    _edit_plan(workspace.content, "once more")
    _post_build(monkeypatch)
    result = workspace.build()
    assert result.exit_code == 3, result.output
    for name in NAMES:
        assert name in result.stderr, (name, result.stderr)
    assert "search index text not on its page" in result.stderr
    assert tree_digest(workspace.site) == before


def test_an_entry_for_a_page_the_site_lacks_stops_the_build(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    build = generator.pipeline.build

    def build_then_edit(*args: object, **kwargs: object) -> BuiltSite:
        built = build(*args, **kwargs)  # type: ignore[arg-type]
        target = built.path / INDEX
        index = json.loads(target.read_bytes())
        kept = next(e for e in index["docs"] if e["location"].startswith("plans/river-review/"))
        index["docs"].append(dict(kept))  # the same text twice: it is on its page
        index["docs"].append({"location": "plans/the-smith-family/", "title": "Training",
                              "text": "<p>Train ward staff</p>"})
        target.write_bytes(json.dumps(index, separators=(",", ":")).encode())
        return replace(built)

    monkeypatch.setattr(generator.pipeline, "build", build_then_edit)
    result = workspace.build()
    assert result.exit_code == 3, result.output
    assert 'the entry for "plans/the-smith-family/" (no such page' in result.stderr
    assert "river-review" not in result.stderr
    assert 'no page "Training Train ward staff"' in result.stderr
