"""Issue 18, flat memory: what a build keeps of every page is text, and the big files are
written by joining it; each shortcut gives the bytes the long way gives."""

from __future__ import annotations

import json
import pickle
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

from generator.content.load import load
from generator.presentation.data_files import actions_csv, open_data, plans_json
from generator.site.incremental import (
    BuildState,
    Reuse,
    entry_text,
    load_state,
    park_state,
    publish_state,
    site_identity,
    write_index,
)
from generator.site.render import Writer

AS_AT = date(2026, 11, 22)
EXAMPLE = Path(__file__).resolve().parents[2] / "content"
CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"], "fields": {}}

_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
_entry = st.fixed_dictionaries(
    {"location": _text, "title": _text, "text": _text},
    optional={"tags": st.lists(_text, max_size=2), "boost": st.floats(allow_nan=False),
              "when": st.dates()})  # a date goes through default=str, as in the plugin


def _plugin_index(config: dict[str, Any], docs: list[dict[str, Any]]) -> bytes:
    """What Material's search plugin writes (generate_search_index)."""
    return json.dumps({"config": config, "docs": docs}, separators=(",", ":"),
                      default=str).encode()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_entry, max_size=3), max_size=6))
def test_the_index_joined_from_pages_is_the_plugins_index(
        pages: list[list[dict[str, Any]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "search_index.json"
        index.write_bytes(_plugin_index(CONFIG, []))  # the plugin's, its entries taken out
        write_index(index, (entry_text(page) for page in pages))  # some pages have none
        assert index.read_bytes() == _plugin_index(CONFIG, [e for p in pages for e in p])


def test_an_index_not_as_expected_stops_the_build(tmp_path: Path) -> None:
    """Fail closed: never splice the entries into a file whose shape is not the plugin's."""
    index = tmp_path / "search_index.json"
    index.write_bytes(_plugin_index(CONFIG, [{"location": "a/", "title": "A", "text": ""}]))
    with pytest.raises(MkDocsException, match="not as expected"):
        write_index(index, [entry_text([{"location": "b/", "title": "B", "text": ""}])])


def test_a_file_written_from_pieces_is_written_only_when_its_bytes_change(
        tmp_path: Path) -> None:
    out = Writer(tmp_path)
    pieces = [b'{"plans": [\n', "  {\"title\": \"Caf\u00e9\"}".encode(), b"\n]}"]
    out.pieces("data/plans.json", pieces)
    assert (tmp_path / "data/plans.json").read_bytes() == b"".join(pieces)
    again = Writer(tmp_path)
    again.pieces("data/plans.json", pieces)
    assert again.written == ["data/plans.json"] and again.changed == []  # kept as it was
    same_size = [pieces[0], pieces[1].replace(b"Caf", b"Cof"), pieces[2]]
    again.pieces("data/plans.json", same_size)
    assert again.changed == ["data/plans.json"]
    assert (tmp_path / "data/plans.json").read_bytes() == b"".join(same_size)


def test_open_data_parts_cached_by_an_older_build_as_text_are_made_again(
        tmp_path: Path) -> None:
    content = load(EXAMPLE)
    site, plans = content.site, content.plans
    keys = [f"key-{doc.slug}" for doc in plans]
    cache = tmp_path / "data-parts.pickle"
    cache.write_bytes(pickle.dumps({key: ("stale", "stale") for key in keys}))
    pieces = open_data(plans, keys, AS_AT, site.base_url, site.licence, cache)
    assert b"".join(pieces[0]).decode() == plans_json(plans, AS_AT, site.base_url, site.licence)
    assert b"".join(pieces[1]).decode() == actions_csv(plans, AS_AT, site.base_url)


def test_a_state_waits_on_disk_until_its_site_is_published(tmp_path: Path) -> None:
    """During the leak scan the new state is on disk, not in memory; it becomes the state of
    the published site only once that site is swapped in, and a build without one leaves no
    state describing a site that is gone."""
    site = tmp_path / "site"
    site.mkdir()
    path = tmp_path / "build-state.pickle"
    state = BuildState("fp", search={"index.md": b'{"location":""}'})
    pending = park_state(path, state)
    assert pending is not None and pending.is_file() and not path.exists()
    publish_state(pending, path, site)
    published = load_state(path)
    assert not pending.exists()
    assert published is not None and published.search == state.search
    assert published.site_id == site_identity(site)
    assert park_state(path, None) is None
    publish_state(None, path, site)
    assert not path.exists()


def test_the_reuse_plugin_lets_its_states_go_once_the_build_hands_the_new_one_over(
        tmp_path: Path) -> None:
    """MkDocs keeps the last build's plugins: a plugin still holding the states would keep
    every page's search entries, old and new, in memory through the leak scan."""
    site = tmp_path / "site"
    site.mkdir()
    previous = BuildState("fp", search={"a.md": b"{}"}, site_id=site_identity(site))
    reuse = Reuse(previous, "fp", site)
    reuse.state.search["b.md"] = b'{"location":"b/"}'
    state = reuse.take_state()
    assert state.search == {"b.md": b'{"location":"b/"}'}
    assert reuse.previous is None and reuse.state.search == {}
