"""The requester's bundle: contents, manifest, PDF properties and byte-for-byte reproducibility."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from foi_fixtures import AS_AT, REFERENCE, copy_example
from pypdf import PdfReader

from generator.cli import cli
from generator.foi.bundle import generated_at
from generator.foi.pdf import pdf_text
from generator.foi.release import ReleaseResult

PDFS = ["letter.pdf", "annex-1-mr-s-homicide.pdf", "annex-2-thematic-review-statement.pdf"]
A4 = (595.28, 841.89)  # points


def test_bundle_contents(example_release: ReleaseResult) -> None:
    bundle = example_release.bundle
    assert bundle.path.name == f"foi-{REFERENCE}"
    assert sorted(p.name for p in bundle.path.iterdir()) == sorted(
        [*PDFS, "manifest.json", f"foi-{REFERENCE}.zip"])
    with zipfile.ZipFile(bundle.zip) as archive:
        assert archive.namelist() == [*PDFS, "manifest.json"]
        for name in archive.namelist():
            assert archive.read(name) == (bundle.path / name).read_bytes()
            assert archive.getinfo(name).date_time == (2026, 11, 22, 0, 0, 0)
    # The IG log stays in reports/, never in what the requester receives.
    assert example_release.redaction_log.name == f"foi-{REFERENCE}-redactions.csv"
    assert example_release.redaction_log.parent != bundle.path
    assert example_release.redaction_log.read_text().startswith("file,field,entity")


def test_manifest_hashes_match_the_files(example_release: ReleaseResult) -> None:
    folder = example_release.bundle.path
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["reference"] == REFERENCE
    assert manifest["generated_at"] == "2026-11-22T00:00:00Z"
    assert [f["name"] for f in manifest["files"]] == PDFS
    for entry in manifest["files"]:
        data = (folder / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_pdfs_are_tagged_a4_with_metadata(example_release: ReleaseResult) -> None:
    folder = example_release.bundle.path
    for number, name in enumerate(PDFS):
        reader = PdfReader(folder / name)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB"
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
        assert root["/ViewerPreferences"]["/DisplayDocTitle"]
        info = reader.metadata
        assert info is not None
        assert info["/Author"] == "Kent and Medway NHS and Social Care Partnership Trust"
        assert info["/Title"].startswith(f"FOI {REFERENCE} – ")
        assert info["/CreationDate"].startswith("D:20261122")
        for page in reader.pages:
            box = page.mediabox
            assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
            fonts = page["/Resources"]["/Font"]
            # Only the system's DejaVu, embedded: no web font, nothing fetched.
            assert all("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts.values())
        text = pdf_text((folder / name).read_bytes())
        pages = len(reader.pages)
        assert f"Page {pages} of {pages}" in text
        if number:
            assert f"FOI {REFERENCE} – Annex {number}" in text


def test_letter_text(example_release: ReleaseResult) -> None:
    text = " ".join(pdf_text((example_release.bundle.path / "letter.pdf").read_bytes()).split())
    for expected in ["Kent and Medway NHS and Social Care Partnership Trust",
                     "kmpt.infoaccess@nhs.net", "Request for Information", f"FOI {REFERENCE}",
                     "The requester", "Section 40(2) of the Freedom of Information Act 2000",
                     "https://www.legislation.gov.uk/ukpga/2000/36/section/40",
                     "Annex 1: Mr S homicide action plan",
                     "On behalf of The Information Governance Department"]:
        assert expected in text, expected


def test_annexed_plan_has_what_its_web_page_has(example_release: ReleaseResult) -> None:
    text = " ".join(pdf_text(
        (example_release.bundle.path / "annex-1-mr-s-homicide.pdf").read_bytes()).split())
    for expected in ["Mr S homicide action plan", "Summary of actions", "Action 7.2",
                     "2 of 3 actions complete (67%)", "Overdue",
                     # As the requester was told on the day of the response, not the build's.
                     "Status as at 7 February 2023, the date of the response to this request",
                     "Text as at 22 November 2026, when this copy was made",
                     "Forensic Outreach Liaison Service"]:
        assert expected in text, expected
    assert "Status as at 22 November 2026" not in text


def test_same_content_twice_gives_identical_bytes(example_release: ReleaseResult,
                                                  tmp_path: Path) -> None:
    # Another process with another hash seed: set order and dict order cannot leak in.
    content = copy_example(tmp_path / "content")
    publisher = Path(sys.executable).with_name("publisher")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([str(publisher), "foi", REFERENCE, "--content", str(content), "--out",
                    str(tmp_path / "release"), "--reports", str(tmp_path / "reports"),
                    "--as-at", AS_AT.isoformat()], check=True, env=env, capture_output=True)
    again = tmp_path / "release" / f"foi-{REFERENCE}"
    first = example_release.bundle.path
    for path in sorted(first.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_site_pdfs_are_the_bundle_pdfs(example_release: ReleaseResult,
                                       example_build: tuple[Path, object]) -> None:
    root, _ = example_build
    for name in PDFS:
        published = root / "site" / "foi" / REFERENCE / name
        assert published.read_bytes() == (example_release.bundle.path / name).read_bytes()


def test_generated_at_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1675728000")
    assert generated_at(None) == datetime(2023, 2, 7, tzinfo=UTC)
    assert generated_at(AS_AT) == datetime(2026, 11, 22, tzinfo=UTC)


def test_cli_refuses_unknown_and_draft_references(tmp_path: Path) -> None:
    content = copy_example(tmp_path / "content")
    draft = (content / "foi" / "47815.yaml").read_text().replace(
        "status: approved", "status: draft").replace('"47815"', '"50000"')
    (content / "foi" / "50000.yaml").write_text(draft)
    runner = CliRunner()
    for reference, reason in [("99999", "there is no such file"), ("50000", "not approved")]:
        result = runner.invoke(cli, ["foi", reference, "--content", str(content), "--out",
                                     str(tmp_path / "release"), "--as-at", "2026-11-22"])
        assert result.exit_code == 1, result.output
        assert f"FOI {reference} cannot be released: " in result.output
        assert reason in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "release" / "foi-50000").exists()
    assert not (tmp_path / "release" / "foi-99999").exists()


def test_zip_is_readable_as_the_requester_gets_it(example_release: ReleaseResult) -> None:
    data = example_release.bundle.zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        manifest = json.loads(archive.read("manifest.json"))
    assert [f["name"] for f in manifest["files"]] == PDFS
