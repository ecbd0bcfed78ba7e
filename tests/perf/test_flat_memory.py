"""Issue 18, flat memory: what a build keeps of every page is text, and the big files are
written by joining it; each shortcut gives the bytes the long way gives."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

from generator.site.incremental import entry_text, write_index

AS_AT = date(2026, 11, 22)
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
