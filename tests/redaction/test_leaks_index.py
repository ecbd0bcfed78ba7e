"""Each search index entry's text must stand on its page (redaction/leaks_index.py): what the
search plugin makes of a page passes, table cells run together included; a name added only
to an entry is found, and named as the words its page lacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redaction.leaks_index import KIND, NO_PAGE, IndexCheck, page_of, page_text
from redaction.scan import files

PAGE = b"""<html><head><title>Plan - Example Trust</title><script>var s = "Kim Lee";</script>
</head><body><h1 id="t">Plan</h1><table><tr><th>Lead</th><th>Due</th></tr>
<tr><td>Director</td><td>April 2014</td><td><strong>Overdue</strong></td></tr></table>
<p>The forum agreed the plan &amp; its <a href="#x">actions</a>.</p><!-- Dana Scully -->
<noscript>Fox Mulder</noscript></body></html>"""


def _alarms(tmp_path: Path, entries: list[dict[str, object]]) -> list[tuple[str, ...]]:
    (tmp_path / "plan").mkdir(exist_ok=True)
    (tmp_path / "plan" / "index.html").write_bytes(PAGE)
    check = IndexCheck(tmp_path, frozenset(files(tmp_path)))
    check.add_document("search/search_index.json",
                       json.dumps({"config": {}, "docs": entries}).encode())
    return [tuple(a) for a in check.run()]


def test_what_the_search_plugin_makes_of_a_page_passes(tmp_path: Path) -> None:
    assert _alarms(tmp_path, [
        {"location": "plan/", "title": "Plan", "text": ""},
        {"location": "plan/#t", "title": "Plan",
         "text": "LeadDue DirectorApril 2014Overdue <p>The forum agreed the plan &amp; its "
                 "actions.</p>", "boost": 2},
    ]) == []


@pytest.mark.parametrize("text, new", [
    ("<p>The forum agreed the plan with Jane Doe &amp; its actions.</p>", "with Jane Doe"),
    ("<p>Dana Scully</p>", "Dana Scully"),  # in a comment: not text the name finder read
    ("<p>Fox Mulder</p>", "Fox Mulder"),  # in <noscript>: neither
    ("Kim Lee", "Kim Lee"),  # in a script
])
def test_text_its_page_does_not_show_is_an_alarm(tmp_path: Path, text: str, new: str) -> None:
    [alarm] = _alarms(tmp_path, [{"location": "plan/#t", "title": "Plan", "text": text}])
    assert alarm[2] == KIND and alarm[3] == new
    assert 'the entry for "plan/#t" (page plan/index.html)' in alarm[1]


def test_an_entry_with_no_page_or_no_location_is_an_alarm(tmp_path: Path) -> None:
    alarms = _alarms(tmp_path, [{"location": "plans/jane-doe/", "title": "Plan", "text": ""},
                                {"title": "Jane Doe"}, "Jane Doe"])
    assert [a[2] for a in alarms] == [NO_PAGE] * 3
    assert {a[3] for a in alarms} == {"Plan", "Jane Doe"}


@pytest.mark.parametrize("location, page", [
    ("", "index.html"), ("#home", "index.html"), ("plans/x/", "plans/x/index.html"),
    ("plans/x/#a-b", "plans/x/index.html"), ("page.html#s", "page.html"),
    ("plans/caf%C3%A9/", "plans/café/index.html"), ("../etc/", None),
    ("https://example.org/", None), ("/plans/", None),
])
def test_a_location_names_a_page_of_the_site(location: str, page: str | None) -> None:
    assert page_of(location) == page


def test_the_page_text_is_what_a_reader_sees_without_spaces() -> None:
    text = page_text(PAGE)
    assert "LeadDueDirectorApril2014Overdue" in text and "plan&itsactions." in text
    assert "KimLee" not in text and "DanaScully" not in text and "FoxMulder" not in text


def test_a_page_the_gate_does_not_read_is_no_page(tmp_path: Path) -> None:
    """A page in a linked folder (scan.files does not go into one) or outside the site."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_bytes(b"<html><body><p>Jane Doe</p></body></html>")
    site = tmp_path / "site"
    site.mkdir()
    (site / "linked").symlink_to(outside, target_is_directory=True)
    check = IndexCheck(site, frozenset(files(site)))
    check.add("search/search_index.json", "docs[0]",
              {"location": "linked/", "title": "", "text": "<p>Jane Doe</p>"})
    [alarm] = check.run()
    assert alarm[2] == NO_PAGE and alarm[3] == "Jane Doe"
