"""The leak gate reads a big data file as the pieces that passed plus what changed
(redaction/pieces.py): a leak that a post-build plugin or a hand edit puts into a site-wide
file on a warm, incremental build still stops the build, wherever in the file it is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from siteaudit import Workspace, tree_digest

import generator.pipeline
from generator.site.build import BuiltSite
from publisher_fixtures import replace_once

NAME = "Wilhelmina Quarrington"  # in the test content's always_redact list


def _edit_plan(content: Path, words: str) -> None:
    replace_once(content / "plans" / "river-review.yaml", "Train ward staff",
                 f"Train ward staff {words}")


def _plugin(monkeypatch: pytest.MonkeyPatch, rel: str, old: bytes, new: bytes) -> None:
    """A post-build step that rewrites one built file before the scan."""
    build = generator.pipeline.build

    def build_then_edit(*args: object, **kwargs: object) -> BuiltSite:
        built = build(*args, **kwargs)  # type: ignore[arg-type]
        target = built.path / rel
        data = target.read_bytes()
        assert old in data, (rel, old)
        target.write_bytes(data.replace(old, new, 1))
        return replace(built)

    monkeypatch.setattr(generator.pipeline, "build", build_then_edit)


@pytest.mark.parametrize("rel, old, new", [
    ("search/search_index.json", b'"title":', f'"title":"{NAME}","x":'.encode()),
    ("search/search_index.json", b'{"location":', f'"{NAME}",{{"location":'.encode()),
    ("search/search_index.json", b'"config":', f'"{NAME}":1,"config":'.encode()),
    ("data/plans.json", b'"title":', f'"title": "{NAME}", "x":'.encode()),
    ("data/actions.csv", b"\r\n", f"\r\n{NAME},x\r\n".encode()),
])
def test_a_leak_put_into_a_site_wide_file_after_an_edit_stops_the_build(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch, rel: str, old: bytes,
        new: bytes) -> None:
    from redaction import records

    monkeypatch.setattr(records, "RECORDS_FROM", 0)  # every JSON and CSV file read by pieces
    assert workspace.build().exit_code == 0  # the pieces of every data file remembered
    _edit_plan(workspace.content, "again")
    assert workspace.build().exit_code == 0  # read by pieces: one changed entry
    before = tree_digest(workspace.site)
    _edit_plan(workspace.content, "once more")
    _plugin(monkeypatch, rel, old, new)
    result = workspace.build()
    assert result.exit_code == 3, result.output
    assert NAME in result.stderr and rel in result.stderr
    assert tree_digest(workspace.site) == before


def test_a_hand_edit_to_the_published_site_is_not_taken_as_passed(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction import records

    monkeypatch.setattr(records, "RECORDS_FROM", 0)
    assert workspace.build().exit_code == 0
    index = workspace.site / "search" / "search_index.json"
    index.write_bytes(index.read_bytes().replace(b'"title":', f'"title":"{NAME}","x":'.encode(),
                                                 1))
    _edit_plan(workspace.content, "again")
    result = workspace.build()
    # Either the hand-edited bytes reach the new site and the gate stops them, or the build
    # writes the file afresh and the name is gone: never published by the gate's memory.
    assert result.exit_code == 3 or NAME not in index.read_text(), result.output
