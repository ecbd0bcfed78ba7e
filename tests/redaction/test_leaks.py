"""The leak gate over a built tree with personal data planted in every kind of file."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from redaction.leaks import known_sentences
from redaction.policy import RedactionPolicy
from redaction.scan import scan_tree
from tests.redaction.conftest import minimal_pdf

POLICY = RedactionPolicy(
    always_redact=["Bartholomew Quince"],
    never_redact=["kmpt.infoaccess@nhs.net", "01795 514525", "Sam Allen"],
)
CLEAN_PAGE = """<!doctype html><html lang="en"><head><title>Mr S homicide action plan</title>
<meta name="description" content="Action plan of Kent and Medway NHS Trust"></head><body>
<nav aria-label="Site">Home</nav><main><h1>Mr S homicide action plan</h1>
<p>Complete. Forensic Outreach Liaison Service (FOLS) has been developed. Lead: Clinical Lead.</p>
<p>Seen by Dr [redacted] on 3 May 2020. Contact kmpt.infoaccess@nhs.net or 01795 514525.</p>
<p>Our CEO Sam Allen explains.</p><img src="logo.png" alt="Trust logo"></main></body></html>
"""


def write(root: Path, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_clean_tree_passes(tmp_path: Path, engine) -> None:
    write(tmp_path, "index.html", CLEAN_PAGE)
    write(tmp_path, "data/plans.json", json.dumps({"plans": [{"title": "Mr S homicide"}]}))
    assert scan_tree(tmp_path, POLICY) == []


PLANTED = {
    "plans/a/index.html": CLEAN_PAGE.replace("Home", "Home Bartholomew"),
    "plans/b/index.html": CLEAN_PAGE.replace("</main>", "<!-- draft: quince --></main>"),
    "plans/c/index.html": CLEAN_PAGE.replace('alt="Trust logo"', 'alt="Photo of Quince"'),
    "plans/d/index.html": CLEAN_PAGE.replace("<h1>", '<h1 title="Mr Quince">'),
    "plans/e/index.html": CLEAN_PAGE.replace('aria-label="Site"', 'aria-label="Quince"'),
    "plans/f/index.html": CLEAN_PAGE.replace("Lead: Clinical Lead.", "Phone 07911 123456."),
    "plans/g/index.html": CLEAN_PAGE.replace("Sam Allen", "Sarah Hollingsworth"),
    "search/search_index.json": json.dumps(
        {"docs": [{"location": "", "text": "<p>NHS number 943 476 5919</p>"}]}
    ),
    "sitemap.xml": "<urlset><url><loc>https://x.org/plans/quince/</loc></url></urlset>",
    "sitemap.xml.gz": gzip.compress(
        b"<urlset><url><loc>https://x.org/quince/</loc></url></urlset>"
    ),
    "data/plans.json": json.dumps({"plans": [{"lead": "Lead SPO, jo.bloggs@nhs.net"}]}),
    "data/actions.csv": "ref,lead\n7.1,Director (NI AB 12 34 56 C)\n",
    "foi/47815/annex.pdf": minimal_pdf(["Annex 1", "DOB: 03/04/1980"]),
    "foi/47815/bundle.zip": zipped(
        {"letter.txt": "Dear requester", "nested/page.html": "<p>Lives at 14 Acacia Avenue</p>"}
    ),
    "plans/bartholomew-review/index.html": "<p>Nothing here</p>",
}


@pytest.fixture(scope="module")
def leaks(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    from redaction.engine import get_engine

    get_engine(POLICY.model)
    root = tmp_path_factory.mktemp("site")
    for rel, data in PLANTED.items():
        write(root, rel, data)
    write(root, "index.html", CLEAN_PAGE)
    return scan_tree(root, POLICY)


@pytest.mark.parametrize(
    ("file", "where", "what"),
    [
        ("plans/a/index.html", "line 3", "Bartholomew"),
        ("plans/b/index.html", "line 6", "quince"),
        ("plans/c/index.html", "line 6", "Quince"),
        ("plans/d/index.html", "line 3", "Quince"),
        ("plans/e/index.html", "line 3", "Quince"),
        ("plans/f/index.html", "line 4", "07911 123456"),
        ("plans/g/index.html", "line 6", "Sarah Hollingsworth"),
        ("search/search_index.json", "docs[0].text", "943 476 5919"),
        ("sitemap.xml", "line 1", "quince"),
        ("sitemap.xml.gz", "line 1", "quince"),
        ("data/plans.json", "plans[0].lead", "jo.bloggs@nhs.net"),
        ("data/actions.csv", "row 2, column 2", "AB 12 34 56 C"),
        ("foi/47815/annex.pdf", "page 1", "03/04/1980"),
        ("foi/47815/bundle.zip", "nested/page.html", "14 Acacia Avenue"),
        ("plans/bartholomew-review/index.html", "file name", "bartholomew"),
    ],
)
def test_every_channel_is_caught(leaks: list[str], file: str, where: str, what: str) -> None:
    hits = [leak for leak in leaks if leak.startswith(f"{file}, ") and f'"{what}"' in leak]
    assert hits, "\n".join(leaks)
    assert any(where in leak for leak in hits), hits


def test_nothing_else_is_reported(leaks: list[str]) -> None:
    # The clean page is in every planted page: nothing from it may be reported.
    assert not [leak for leak in leaks if leak.startswith("index.html")]
    values = {leak.split('"')[1] for leak in leaks}
    assert not values & {"Sam Allen", "01795 514525", "kmpt.infoaccess@nhs.net", "Dr"}


def test_known_sentences_skip_the_name_finder(tmp_path: Path, engine) -> None:
    from redaction.stage import redact_content
    from tests.redaction.test_stage import POLICY as STAGE_POLICY
    from tests.redaction.test_stage import content

    redacted = redact_content(content(tmp_path / "content", STAGE_POLICY), use_cache=False)
    known = known_sentences(redacted)
    assert "redacted s family were told" in known
    # A sentence the redact stage kept (below threshold, say) is not re-judged by the gate…
    write(tmp_path / "site", "index.html", "<p>Complete. [redacted]'s family were told.</p>")
    assert scan_tree(tmp_path / "site", STAGE_POLICY, known=known) == []
    # …while text that never went through redaction is.
    write(tmp_path / "site", "other.html", "<p>Sarah Hollingsworth wrote this page.</p>")
    assert len(scan_tree(tmp_path / "site", STAGE_POLICY, known=known)) == 1


def test_kept_words_joined_with_a_heading_are_decided_but_a_new_name_is_not(
    tmp_path: Path, engine
) -> None:
    """A PDF's text layer joins a heading with the sentence under it: the words were decided
    by the redact stage where they stand in the content. A name a template put beside kept
    words is new, and still alarms."""
    policy = RedactionPolicy()
    known = {"Gypsy and Traveller liaison officer for the county attended the panel"}
    write(tmp_path / "site", "a.html",
          "<p>Recommendations and actions Gypsy and Traveller liaison officer for the county "
          "attended the panel</p>")
    assert scan_tree(tmp_path / "site", policy, known=known) == []
    write(tmp_path / "site", "b.html",
          "<p>Recommendations and actions Sarah Hollingsworth liaison officer for the county "
          "attended the panel</p>")
    leaks = scan_tree(tmp_path / "site", policy, known=known)
    assert any("Hollingsworth" in leak for leak in leaks), leaks


def test_theme_files_are_not_scanned(tmp_path: Path, engine) -> None:
    from redaction.scan import vendor_hashes

    assert vendor_hashes(), "the installed theme's assets were not found"
    import material

    bundle = next(Path(material.__file__).parent.rglob("bundle.*.min.js"))
    write(tmp_path, "assets/javascripts/bundle.min.js", bundle.read_bytes())
    assert scan_tree(tmp_path, RedactionPolicy(always_redact=["Mark Will"]), ner=False) == []


def test_the_organisations_address_running_into_the_next_words_is_no_leak() -> None:
    """The address pattern runs on past a kept address ("Exampletown Back to the log", a PDF
    footer's "Exampletown Page 1 of 3"); a number outside the kept part still alarms."""
    from redaction.leaks import _kept_address

    text = "Information Governance, 1 Example Road, Exampletown Back to the disclosure log"
    kept = [(0, text.index(" Back"))]
    assert _kept_address(text, "STREET_ADDRESS", 24, text.index(" to"), kept)
    other = "Flat 3, 1 Example Road, Exampletown"
    assert not _kept_address(other, "STREET_ADDRESS", 0, len(other), [(8, len(other))])
    assert not _kept_address(text, "PHONE_NUMBER", 24, 40, kept)
