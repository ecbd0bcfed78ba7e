"""Word tables kept between processes (redaction/tables.py) are the tables the code builds,
and a table built by other code (another code key) is never read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache as cache_module
from redaction import gazetteer, tables


def test_a_kept_table_is_what_the_code_builds_and_only_for_its_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "redaction"))
    made: list[int] = []

    def make() -> dict[str, tuple[str, ...]]:
        made.append(1)
        return {"grazyna": ("PL",), "priya": ()}

    assert tables.remembered("names", make) == make()
    made.clear()
    assert tables.remembered("names", make) == {"grazyna": ("PL",), "priya": ()}
    assert made == []  # read back, not made again
    monkeypatch.setattr(cache_module, "code_key", lambda: "other code")
    monkeypatch.setattr(tables, "code_key", lambda: "other code")
    assert tables.remembered("names", lambda: {"new": ()}) == {"new": ()}
    assert [p.name.split("-")[0] for p in (tmp_path / "tables").iterdir()] == ["names"]


def test_the_kept_table_of_given_names_equals_a_fresh_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "redaction"))
    gazetteer.given_names.cache_clear()
    try:
        first = gazetteer.given_names()
        gazetteer.given_names.cache_clear()
        assert gazetteer.given_names() == first == gazetteer._given_names()
    finally:
        gazetteer.given_names.cache_clear()


def test_the_kept_theme_hashes_equal_a_fresh_walk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction import scan

    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "redaction"))
    scan.vendor_hashes.cache_clear()
    try:
        assert scan.vendor_hashes() == frozenset(scan._vendor_hashes())
        scan.vendor_hashes.cache_clear()
        assert list((tmp_path / "tables").glob("vendor_hashes-*.marshal"))
        assert scan.vendor_hashes() == frozenset(scan._vendor_hashes())
    finally:
        scan.vendor_hashes.cache_clear()
