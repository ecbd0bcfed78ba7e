"""libyaml reads content files ~10 times faster than PyYAML; it must read them identically."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import yamlfile

PROJECT = Path(__file__).resolve().parents[2]
PIECES = ["a", "b: ", ": ", "- ", "\n", "  ", "'", '"', "[", "]", "{", "}", ",", "#", "&x ", "*x",
          "!!str ", "|", ">-", "\t", "\r\n", "\x85", "\u2028", "\ufeff", "\x00", "\x1f", "é",
          "%YAML 1.1\n", "---", "...", "? ", "~", "null", "2019-09-30", "\\", "@", "`", "\u00a0",
          "\U0001f600", "ref: 3.10\n", "text: >-\n  x\n"]


def both(text: str) -> tuple[str, str]:
    fast = repr(yamlfile.parse_yaml(text, "f"))
    saved, yamlfile._LIBYAML = yamlfile._LIBYAML, False
    try:
        reference = repr(yamlfile.parse_yaml(text, "f"))
    finally:
        yamlfile._LIBYAML = saved
    return fast, reference


@pytest.mark.skipif(not yamlfile._LIBYAML, reason="PyYAML was built without libyaml")
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_libyaml_reads_anything_as_pyyaml_does(text: str) -> None:
    fast, reference = both(text)
    assert fast == reference


@pytest.mark.skipif(not yamlfile._LIBYAML, reason="PyYAML was built without libyaml")
def test_every_content_file_in_the_repository_reads_the_same() -> None:
    files = [p for folder in ("content", "tests") for p in (PROJECT / folder).rglob("*.yaml")]
    assert files
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        fast, reference = both(text)
        assert fast == reference, path


def test_deep_nesting_never_reaches_libyaml() -> None:
    parsed, problems = yamlfile.parse_yaml("a: " + "[" * 100_000, "f")
    assert parsed is None and "nested" in problems[0].message
