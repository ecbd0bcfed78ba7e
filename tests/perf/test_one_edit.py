"""Issue 18, one edit, one page: what a one-plan edit no longer redoes for the other plans,
and proof that each shortcut gives what the long way gives."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.content.load import load
from generator.presentation.data_files import actions_csv, open_data, plans_json
from redaction.extract import Segment, segments
from redaction.records import RECORDS_FROM, records

AS_AT = date(2026, 11, 22)
EXAMPLE = Path(__file__).resolve().parents[2] / "content"


def _search_index(n: int) -> bytes:
    """A search index whose every entry is a section of one page (_page)."""
    docs = [{"location": f"plans/#a{i}", "title": f"Plan {i}",
             "text": f"<p>Action {i}: the <em>forum</em> met on {i} May.</p>"} for i in range(n)]
    return json.dumps({"config": {"lang": ["en"], "separator": "[\\s\\-]+"},
                       "docs": docs}).encode()


def _page(n: int) -> bytes:
    body = "".join(f'<h2 id="a{i}">Plan {i}</h2><p>Action {i}: the <em>forum</em> met on '
                   f"{i} May.</p>" for i in range(n))
    return f"<html><body>{body}</body></html>".encode()


def _csv(n: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["plan", "action", "lead"])
    for i in range(n):
        writer.writerow([f"plan-{i}", f"Review the pathway, step {i}.", "Head of Safeguarding"])
    return buffer.getvalue().encode()


def _key(s: Segment) -> tuple[str, str, bool]:
    return s.text, s.where, s.visible


@pytest.mark.parametrize("name, data", [("search_index.json", _search_index(4000)),
                                        ("plans.json", _search_index(4000)),
                                        ("actions.csv", _csv(8000))])
def test_records_hold_exactly_the_segments_of_the_whole_file(name: str, data: bytes) -> None:
    assert len(data) >= RECORDS_FROM
    found = records(name, data)
    assert found is not None
    parts = list(found)
    assert len(parts) > 100
    from_records = Counter(_key(s) for part in parts for s in part.segments())
    assert from_records == Counter(_key(s) for s in segments(name, data))


def test_small_files_and_other_kinds_are_read_whole() -> None:
    assert records("search_index.json", _search_index(3)) is None
    assert records("index.html", b"<p>x</p>" * 100_000) is None
    assert records("notes.json", b"not JSON at all " * 20_000) is None


def test_a_big_file_that_is_not_json_after_all_is_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction.policy import RedactionPolicy
    from redaction.scan import scan_tree

    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "cache" / "redaction"))
    site = tmp_path / "site"
    site.mkdir()
    broken = _search_index(4000)[:-2] + b"Ermintrude Blenkinsop"
    (site / "plans.json").write_bytes(broken)
    policy = RedactionPolicy(always_redact=["Ermintrude Blenkinsop"])
    assert scan_tree(site, policy, ner=False, memory=True)


def test_a_record_changes_its_key_only(tmp_path: Path) -> None:
    before = list(records("actions.csv", _csv(8000)) or [])
    data = _csv(8000).replace(b"step 4000.", b"step 4000, by Ermintrude Blenkinsop.")
    after = list(records("actions.csv", data) or [])
    assert before and len(after) == len(before)
    changed = {p.key for p in after} - {p.key for p in before}
    assert len(changed) == 1  # one row edited: one record to read again


def test_the_gate_reads_again_only_the_changed_record_and_still_finds_the_leak(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from redaction import leaks, scan
    from redaction.policy import RedactionPolicy

    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "cache" / "redaction"))
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "plans").mkdir()
    (site / "plans" / "index.html").write_bytes(_page(4000))
    index = site / "search" / "search_index.json"
    index.write_bytes(_search_index(4000))
    policy = RedactionPolicy(always_redact=["Ermintrude Blenkinsop"])
    assert scan.scan_tree(site, policy, ner=False, memory=True) == []

    checked: list[int] = []
    check = leaks.Gate.check
    monkeypatch.setattr(leaks.Gate, "check",
                        lambda self, file, found: (checked.append(len(found)),
                                                   check(self, file, found))[1])
    index.write_bytes(_search_index(4000).replace(b"Action 17:", b"Ermintrude Blenkinsop:"))
    found = scan.scan_tree(site, policy, ner=False, memory=True)
    assert found and all(f.startswith("search/search_index.json, docs[17]") for f in found)
    assert checked == [4]  # the one changed entry (its name passed with the rest of it)

    # In the rest of the file (not a list of entries) too.
    index.write_bytes(_search_index(4000).replace(b'"en"', b'"Ermintrude Blenkinsop"'))
    assert scan.scan_tree(site, policy, ner=False, memory=True)


def test_open_data_from_cached_parts_is_byte_for_byte_the_whole_dump(tmp_path: Path) -> None:
    content = load(EXAMPLE)
    site, plans = content.site, content.plans
    whole = (plans_json(plans, AS_AT, site.base_url, site.licence),
             actions_csv(plans, AS_AT, site.base_url))
    keys = [f"key-{doc.slug}" for doc in plans]
    cache = tmp_path / "parts.pickle"

    def joined(cache: Path | None, plans: list[Any] = plans, keys: list[str] = keys,
               ) -> tuple[str, str]:
        pieces = open_data(plans, keys, AS_AT, site.base_url, site.licence, cache)
        return b"".join(pieces[0]).decode(), b"".join(pieces[1]).decode()

    assert joined(cache) == whole
    assert joined(cache) == whole  # cached
    assert joined(None) == whole
    json.loads(whole[0])
    empty = joined(cache, [], [])
    assert json.loads(empty[0])["plans"] == [] and empty[1].count("\r\n") == 1
