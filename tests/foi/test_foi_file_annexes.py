"""File annexes: the risky documents IG holds, built in the tests (annex_fixtures.py), each
give the expected preflight lines; the bundle holds none of their hidden text or metadata
names, their visible content is there and redacted, and a scanned PDF is refused by name."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from annex_fixtures import (
    ANNOTATION_TEXT,
    AUTHOR,
    COMMENTER,
    COMPANY,
    DELETED_TEXT,
    EDITOR,
    HIDDEN_COLUMN_TEXT,
    HIDDEN_ROW_TEXT,
    HIDDEN_SHEET_NAME,
    HIDDEN_TEXT,
    PDF_AUTHOR,
    PIVOT_SOURCE_NAME,
    REFERENCE,
    SECRETS,
    SERVICE_USER,
    SLUG,
    VERY_HIDDEN_NAME,
    annex_content,
    minutes_docx,
    pivot_workbook,
    risky_workbook,
    scanned_pdf,
    text_pdf,
)
from click.testing import CliRunner
from foi_fixtures import AS_AT

from generator.cli import cli
from generator.foi.documents import Refused, read_annex
from generator.foi.pdf import pdf_text
from generator.foi.release import ReleaseOptions, ReleaseResult, release


def preflight(path: Path) -> list[tuple[str, str, str]]:
    found = read_annex(f"foi/x/{path.name}", path, path.name)
    return [(i.where, i.item, i.action.split(":")[0]) for i in found.items]


def test_workbook_preflight_lines(tmp_path: Path) -> None:
    lines = preflight(risky_workbook(tmp_path / "book.xlsx"))
    assert ("sheet Raw data (A1:C2)", "hidden sheet", "dropped") in lines
    assert ("sheet Lookup (A1:B2)", "very hidden sheet", "dropped") in lines
    assert ("sheet Serious incidents, rows 3", "hidden rows", "dropped") in lines
    assert ("sheet Serious incidents, columns F", "hidden columns", "dropped") in lines
    assert ("sheet Serious incidents, B2", "comments (notes)", "dropped") in lines
    assert ("xl/workbook.xml", "defined name", "dropped") in lines
    assert ("docProps/core.xml", "document property creator", "dropped") in lines
    assert ("docProps/core.xml", "document property last modified by", "dropped") in lines
    assert ("docProps/app.xml", "document property company", "dropped") in lines
    assert ("xl/charts/chart1.xml", "chart", "dropped") in lines
    assert ("xl/drawings/drawing1.xml", "drawing (shapes, text boxes)", "dropped") in lines


def test_pivot_cache_is_found_in_the_container(tmp_path: Path) -> None:
    found = read_annex("foi/x/pivot.xlsx", pivot_workbook(tmp_path / "pivot.xlsx"), "pivot")
    items = {(i.where, i.item) for i in found.items}
    assert ("xl/pivotCache/pivotCacheDefinition1.xml", "pivot cache") in items
    assert ("xl/pivotCache/pivotCacheRecords1.xml", "pivot cache records") in items
    assert PIVOT_SOURCE_NAME.lower() in found.secrets


def test_minutes_preflight_lines(tmp_path: Path) -> None:
    lines = preflight(minutes_docx(tmp_path / "minutes.docx"))
    for expected in [("word/document.xml", "tracked deletions", "dropped"),
                     ("word/document.xml", "tracked insertions", "kept as accepted text; who "
                      "made them and when is dropped"),
                     ("word/document.xml", "hidden text", "dropped"),
                     ("word/comments.xml", "comments", "dropped"),
                     ("word/header1.xml", "header", "dropped"),
                     ("docProps/core.xml", "document property creator", "dropped")]:
        assert expected in lines


def test_text_pdf_preflight_lines(tmp_path: Path) -> None:
    lines = preflight(text_pdf(tmp_path / "audit.pdf"))
    assert ("page 1", "annotation (Text)", "dropped") in lines
    assert ("document information", "metadata Author", "dropped") in lines


def test_scanned_pdf_is_refused_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(Refused, match=r"scan\.pdf, page 1, is a scanned image"):
        read_annex("foi/x/scan.pdf", scanned_pdf(tmp_path / "scan.pdf"), "content/x/scan.pdf")


@pytest.fixture(scope="module")
def annex_release(tmp_path_factory: pytest.TempPathFactory) -> ReleaseResult:
    root = tmp_path_factory.mktemp("annexes")
    return release(ReleaseOptions(REFERENCE, annex_content(root), root / "release",
                                  root / "reports", AS_AT))


def every_text(zip_path: Path) -> str:
    """Every part of the zip as text: PDFs extracted (pages, metadata, XMP), the rest raw."""
    parts: list[str] = []
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            parts.append(name)
            parts.append(pdf_text(data) if name.endswith(".pdf")
                         else data.decode("utf-8", "replace"))
            if name.endswith(".pdf"):
                parts.append(data.decode("latin-1"))  # raw bytes too: nothing hidden in streams
    return "\n".join(parts)


def test_the_bundle_holds_no_hidden_text_or_metadata_name(annex_release: ReleaseResult) -> None:
    text = " ".join(every_text(annex_release.bundle.zip).split()).casefold()
    for secret in SECRETS:
        assert secret.casefold() not in text, secret
    for name in [AUTHOR, EDITOR, COMPANY, COMMENTER, PDF_AUTHOR]:
        assert name.split()[-1].casefold() not in text, name


def test_visible_content_is_released_and_redacted(annex_release: ReleaseResult) -> None:
    folder = annex_release.bundle.path
    minutes = " ".join(pdf_text((folder / "annex-1-minutes.pdf").read_bytes()).split())
    assert "The Chairman invited the following to the table:" in minutes
    assert "Targeted help was available for people bereaved by suicide." in minutes  # ins
    assert "Review discharge safety planning" in minutes  # a table cell
    assert "A review of the case of [redacted] would inform" in minutes
    assert SERVICE_USER not in minutes
    rows = list(csv.reader(io.StringIO(
        (folder / "annex-2-serious-incidents-serious-incidents.csv").read_text())))
    assert rows[0] == ["Financial year", "SI reviews commissioned", "Suspected suicides",
                       "Homicide", "Other"]  # the hidden column F is not there
    assert rows[1][:2] == ["2022/23", "33"]  # a value, not a formula or a float
    assert [r[0] for r in rows] == ["Financial year", "2022/23", "Source"]  # row 3 hidden
    audit = pdf_text((folder / "annex-4-audit.pdf").read_bytes())
    assert "Safety plans were present in 36 of the 40 records reviewed." in " ".join(
        audit.split())
    assert "layout was re-made" in audit


def test_manifest_describes_the_data_files(annex_release: ReleaseResult) -> None:
    manifest = json.loads((annex_release.bundle.path / "manifest.json").read_text())
    described = {f["name"]: f.get("description", "") for f in manifest["files"]}
    assert "2 rows × 2 columns" in described["annex-3-pivot-summary.csv"]
    assert "made from the original Word document" in described["annex-1-minutes.pdf"]
    with zipfile.ZipFile(annex_release.bundle.zip) as archive:
        names = archive.namelist()
    assert not any(n.endswith((".docx", ".xlsx")) for n in names)  # originals never leave
    assert "annex-4-audit.pdf" in names


def test_preflight_report_is_internal(annex_release: ReleaseResult) -> None:
    report = annex_release.preflight
    assert report is not None and report.name == f"foi-{SLUG}-preflight.csv"
    assert report.parent != annex_release.bundle.path
    rows = list(csv.DictReader(io.StringIO(report.read_text())))
    items = {r["item"] for r in rows}
    assert {"hidden sheet", "very hidden sheet", "hidden rows", "hidden columns",
            "tracked deletions", "hidden text", "pivot cache", "annotation (Text)"} <= items


def test_scanned_pdf_stops_the_release_and_check(tmp_path: Path) -> None:
    content = annex_content(tmp_path, scanned=True)
    result = CliRunner().invoke(cli, ["foi", REFERENCE, "--content", str(content), "--out",
                                      str(tmp_path / "release"), "--reports",
                                      str(tmp_path / "reports"), "--as-at", "2026-11-22"])
    assert result.exit_code == 1
    assert f"content/foi/{SLUG}/scan.pdf, page 1, is a scanned image" in result.output
    assert not (tmp_path / "release").exists() or not any((tmp_path / "release").iterdir())
    check = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert check.exit_code == 1 and "scan.pdf" in check.output


def test_check_lists_preflight_warnings(tmp_path: Path) -> None:
    content = annex_content(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "very hidden sheet" in result.output
    assert "tracked deletions" in result.output


# Text that must not appear, whatever the format: used by the checks above.
assert {HIDDEN_ROW_TEXT, HIDDEN_COLUMN_TEXT, HIDDEN_SHEET_NAME, VERY_HIDDEN_NAME, DELETED_TEXT,
        HIDDEN_TEXT, ANNOTATION_TEXT} <= set(SECRETS)


# --- files that cannot be made safe: one clear message each -------------------------------

def test_a_file_over_50_mb_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(Refused, match="is 51 MB, over the 50 MB limit"):
        read_annex("foi/x/big.pdf", big, "content/foi/x/big.pdf")


def test_a_document_named_as_a_workbook_is_refused(tmp_path: Path) -> None:
    path = minutes_docx(tmp_path / "minutes.docx").rename(tmp_path / "figures.xlsx")
    with pytest.raises(Refused, match=r"figures\.xlsx is not a \.xlsx file: its contents are "
                                      r"a \.docx file"):
        read_annex("foi/x/figures.xlsx", path, "figures.xlsx")


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(text_pdf(tmp_path / "audit.pdf")))
    writer.encrypt(user_password="", owner_password="secret")  # opens without a password
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(Refused, match=r"locked\.pdf is encrypted or password-protected"):
        read_annex("foi/x/locked.pdf", tmp_path / "locked.pdf", "locked.pdf")


def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.foi.documents import container

    path = risky_workbook(tmp_path / "book.xlsx")
    monkeypatch.setattr(container, "MAX_INFLATED", 1000)  # the total, from the directory
    with pytest.raises(Refused, match=r"would inflate to 0 MB: over the 0 MB limit \(a zip bomb"):
        read_annex("foi/x/book.xlsx", path, "book.xlsx")


def test_sheets_must_name_visible_sheets(tmp_path: Path) -> None:
    path = risky_workbook(tmp_path / "book.xlsx")
    with pytest.raises(Refused, match='the sheet "Raw data" named in `sheets` is hidden'):
        read_annex("foi/x/book.xlsx", path, "book.xlsx", ["Raw data"])
    only = read_annex("foi/x/book.xlsx", path, "book.xlsx", ["Serious incidents"])
    assert [s.name for s in only.text.sheets] == ["Serious incidents"]


def test_site_lists_file_annexes_with_format_and_size(tmp_path: Path) -> None:
    content = annex_content(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--content", str(content), "--site",
                                      str(tmp_path / "site"), "--reports",
                                      str(tmp_path / "reports"), "--as-at", "2026-11-22"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "site" / "foi" / SLUG
    page = " ".join((folder / "index.html").read_text().split())
    assert "Annex 2: Serious incidents 2022/23 (PDF, 15 KB)" in page
    assert "Made from an Excel workbook." in page
    data = folder / "annex-2-serious-incidents-serious-incidents.csv"
    size = data.stat().st_size
    assert f'href="{data.name}">Sheet Serious incidents (CSV, {size} bytes)' in page
    assert "so the layout was re-made" in page
    assert not list(folder.glob("*.docx")) and not list(folder.glob("*.xlsx"))
    log = json.loads((tmp_path / "site" / "data" / "foi.json").read_text())
    annexes = next(r["annexes"] for r in log["responses"] if r["reference"] == REFERENCE)
    assert [a["format"] for a in annexes] == ["docx", "xlsx", "xlsx", "pdf"]
    assert annexes[1]["files"][1] == {
        "name": "annex-2-serious-incidents-serious-incidents.csv",
        "url": f"https://www.example.nhs.uk/action-plans/foi/{SLUG}/"
               "annex-2-serious-incidents-serious-incidents.csv", "bytes": size}
    assert (tmp_path / "reports" / f"foi-{SLUG}-preflight.csv").exists()
    # The disclosure log lists each released document with its title, format and size too.
    listed = " ".join(re.sub(r"<[^>]+>", " ", (tmp_path / "site" / "foi" / "index.html")
                             .read_text()).split())
    assert "Serious incidents 2022/23 (PDF, 15 KB, re-made from the Excel workbook held, " \
           "with 1 CSV file)" in listed
    assert re.search(r"\(PDF, [\d.]+ KB, re-made from the Word document held\)", listed)
    assert not list((tmp_path / "site").rglob("*preflight*"))


def test_the_fast_walk_finds_what_the_walk_finds(tmp_path: Path) -> None:
    """redaction.stage.fast_walk reads a workbook's cells directly: the same texts, paths and
    labels (the identifiers, kind None, are still read by walk)."""
    from redaction.text_fields import fast_walk, walk

    for path in [risky_workbook(tmp_path / "b.xlsx"), minutes_docx(tmp_path / "m.docx"),
                 text_pdf(tmp_path / "a.pdf")]:
        text = read_annex(f"foi/x/{path.name}", path, path.name).text
        texts = sorted(item for item in walk(text) if item[3] is not None)
        assert sorted(item for item in fast_walk(text) if item[3] is not None) == texts


def test_a_csv_annex_is_re_made_with_the_injection_guard(tmp_path: Path) -> None:
    from generator.foi.file_annex import csv_names, sheet_csv

    path = tmp_path / "figures.csv"
    path.write_bytes("Year;Count;Note\r\n2022/23;33;=HYPERLINK(\"http://x\")\r\n".encode(
        "cp1252"))
    found = read_annex("foi/x/figures.csv", path, "figures.csv")
    assert [i.item for i in found.items] == ["cells starting = + - or @"]
    assert csv_names(2, "figures", found.text) == ["annex-2-figures.csv"]
    assert sheet_csv(found.text.sheets[0]).decode() == (
        'Year,Count,Note\r\n2022/23,33,"\'=HYPERLINK(""http://x"")"\r\n')  # RFC 4180

