"""The disclosure log: rows, flags, open data and the public pages built from them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from foi_fixtures import AS_AT, copy_example

from generator.foi.log import FOI_COLUMNS, log_rows
from generator.foi.response_view import foi_view, legislation_url
from generator.pipeline import BuildOptions, build_site
from redaction import RedactedContent

FOI_YAML = """\
reference: "{ref}"
title: {title}
received: {received}
responded: {responded}
request: Please send the policy.
response: The policy is attached.
exemptions: {exemptions}
annexes: [{{page: thematic-review-statement}}]
signatory: The Information Governance Department
approval: {{status: {status}, by: Head of Information Governance, date: {responded}}}
"""
# (reference, received, responded, exemptions, approval): 48001 spans Christmas 2022, when
# 26 and 27 December were bank holidays; 48002 is a draft and must never be listed.
EXTRA = [
    ("48001", "2022-12-01", "2023-01-04", '[{section: "43(2)", scope: Prices, reason: Trade.}]',
     "approved"),
    ("48002", "2023-03-01", "2023-03-02", "[]", "draft"),
    ("48003", "2023-03-01", "2023-03-02", "[]", "approved"),
]


@pytest.fixture(scope="module")
def log_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("foi-log")
    content = copy_example(root / "content")
    for ref, received, responded, exemptions, status in EXTRA:
        (content / "foi" / f"{ref}.yaml").write_text(FOI_YAML.format(
            ref=ref, title=f"Request {ref} about policies", received=received,
            responded=responded, exemptions=exemptions, status=status))
    build_site(BuildOptions(content, root / "site", root / "reports", AS_AT))
    return root / "site"


def test_rows_for_the_example(example_redacted: RedactedContent) -> None:
    content = example_redacted.content
    rows = log_rows([foi_view(doc, content) for doc in content.foi])
    assert [(r.reference, r.working_days, r.over_limit, r.exemptions, r.annexes)
            for r in rows] == [("47815", 20, False, ["40(2)"], 2)]
    assert rows[0].received.isoformat() == "2023-01-10"
    assert rows[0].url == "foi/47815/"


def test_log_csv_flags_late_responses_and_skips_drafts(log_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((log_site / "data" / "foi.csv").read_text())))
    assert list(rows[0]) == [name for name, _ in FOI_COLUMNS]
    # Newest response first; 48002 is a draft.
    assert [r["reference"] for r in rows] == ["48003", "47815", "48001"]
    by_ref = {r["reference"]: r for r in rows}
    # 2 Dec 2022 (day 1) to 4 Jan 2023: 24 weekdays, less 26 and 27 Dec and 2 Jan: 21.
    late = by_ref["48001"]
    assert (late["working_days"], late["over_limit"], late["deadline"]) == ("21", "yes",
                                                                           "2023-01-03")
    assert late["exemptions"] == "43(2)"
    assert (by_ref["48003"]["working_days"], by_ref["48003"]["over_limit"]) == ("1", "no")
    assert by_ref["47815"]["url"] == "https://www.example.nhs.uk/action-plans/foi/47815/"


def test_log_json_has_every_response_in_full(log_site: Path) -> None:
    data = json.loads((log_site / "data" / "foi.json").read_text())
    assert data["as_at"] == AS_AT.isoformat()
    first = next(r for r in data["responses"] if r["reference"] == "47815")
    assert first["exemptions"][0]["legislation"] == legislation_url("40(2)")
    assert [a["pdf"].rsplit("/", 1)[1] for a in first["annexes"]] == [
        "annex-1-mr-s-homicide.pdf", "annex-2-thematic-review-statement.pdf"]
    assert first["request"].startswith("1. Board (and associated Committees)")
    assert "48002" not in {r["reference"] for r in data["responses"]}


def test_disclosure_log_page(log_site: Path) -> None:
    html = (log_site / "foi" / "index.html").read_text()
    table = html[html.index('<table class="ap-table ap-table--cards ap-foi-log"'):]
    table = table[:table.index("</table>")]
    assert "<caption" in table
    assert table.count('<th scope="col">') == 7
    refs = re.findall(r'<th scope="row"><a href="../foi/(\w+)/">FOI \1</a>',
                      table)
    assert refs == ["48003", "47815", "48001"]
    assert table.count("Over 20 working days") == 1
    # On a phone each row is a card whose cells say which column they are.
    assert table.count('<span class="ap-cell-label" aria-hidden="true">Received </span>') == 3
    assert 'href="../data/foi.csv"' in html and 'href="../data/foi.json"' in html
    assert "48002" not in html
    assert not (log_site / "foi" / "48002").exists()


def test_response_page_links_pdfs_and_the_act(log_site: Path) -> None:
    folder = log_site / "foi" / "47815"
    html = (folder / "index.html").read_text()
    assert 'href="https://www.legislation.gov.uk/ukpga/2000/36/section/40"' in html
    for name in ["letter.pdf", "annex-1-mr-s-homicide.pdf",
                 "annex-2-thematic-review-statement.pdf"]:
        assert f'href="{name}"' in html
        assert (folder / name).read_bytes().startswith(b"%PDF-")
    assert "passages withheld from this response under section 40(2)" in html
    assert 'href="../../plans/mr-s-homicide/"' in html


def test_nav_footer_and_data_index(log_site: Path) -> None:
    home = (log_site / "index.html").read_text()
    assert ">Freedom of Information disclosure log</a>" in home  # footer
    assert re.search(r'href="foi/"[^>]*>\s*Disclosure log', home)  # navigation
    data_index = (log_site / "data" / "index.html").read_text()
    assert 'href="foi.csv"' in data_index and 'href="foi.json"' in data_index


def test_legislation_links() -> None:
    assert legislation_url("40(2)") == "https://www.legislation.gov.uk/ukpga/2000/36/section/40"
    assert legislation_url("s.43(2)") == "https://www.legislation.gov.uk/ukpga/2000/36/section/43"
    assert legislation_url("Data Protection Act") is None
    assert legislation_url("99") is None
