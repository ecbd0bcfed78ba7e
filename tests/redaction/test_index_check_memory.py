"""The search index check (redaction/leaks_index.py) holds nothing per entry once a page's
entries are checked, and a file read again whole after a broken read gives each alarm once."""

from __future__ import annotations

import json
from pathlib import Path

from redaction.leaks_index import KIND, IndexCheck

FILE = "search/search_index.json"


def _site(tmp_path: Path, pages: int) -> IndexCheck:
    for n in range(pages):
        page = tmp_path / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><body><h1>Plan {n}</h1><p>Train ward staff</p></body></html>")
    files = frozenset(f"p{n}/index.html" for n in range(pages))
    return IndexCheck(tmp_path, files)


def _entry(n: int, text: str = "<p>Train ward staff</p>") -> dict[str, str]:
    return {"location": f"p{n}/", "title": f"Plan {n}", "text": text}


def test_entries_checked_page_by_page_leave_nothing_behind(tmp_path: Path) -> None:
    check = _site(tmp_path, 50)
    for n in range(50):
        for _ in range(3):
            check.add(FILE, f"docs[{n}]", _entry(n))
    assert list(check.pending) == ["p49/index.html"]  # only the page still open
    assert vars(check).keys() == {"root", "files", "pending", "alarms", "_checked", "_last"}
    assert check.run() == []


def test_a_file_read_again_whole_gives_each_alarm_once(tmp_path: Path) -> None:
    check = _site(tmp_path, 3)
    leak = _entry(1, "<p>Train ward staff with Bethany Hargreaves-Oyelaran</p>")
    docs = [_entry(0), leak, _entry(2), {"title": "no location"}]
    for n, entry in enumerate(docs[:3]):  # read by records until the file was found broken
        check.add(FILE, f"docs[{n}]", entry)
    check.forget(FILE)
    check.add_document(FILE, json.dumps({"config": {}, "docs": docs}).encode())
    alarms = check.run()
    assert [a[2] for a in alarms].count(KIND) == 1
    assert "Bethany Hargreaves-Oyelaran" in next(a[3] for a in alarms if a[2] == KIND)
    assert len(alarms) == 2  # and the entry with no location
