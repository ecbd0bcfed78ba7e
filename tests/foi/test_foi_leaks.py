"""A name planted in the content never reaches the PDFs, the zip or the public pages."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from foi_fixtures import AS_AT, REFERENCE, copy_example

import redaction.stage
from generator.content.load import load
from generator.content.validate import validate
from generator.errors import LeakError
from generator.foi.bundle import generated_at, write_bundle
from generator.foi.pdf import pdf_text
from generator.foi.release import ReleaseOptions, ReleaseResult, release
from generator.pipeline import BuildOptions, build_site
from redaction import RedactedContent, redact_content

NAME = "Zebedee Quartermaine"


def plant(content: Path) -> Path:
    """Put NAME in an annexed plan and in the response, and list it in always_redact."""
    policy = content / "redaction.yaml"
    policy.write_text(policy.read_text().replace("always_redact: []",
                                                 f"always_redact:\n  - {NAME}"))
    plan = content / "plans" / "mr-s-homicide.yaml"
    plan.write_text(plan.read_text().replace(
        "Complete. Each community mental health team",
        f"Complete. {NAME} was told of this. {NAME.split()[1]}'s family agreed. "
        "Each community mental health team"))
    foi = content / "foi" / f"{REFERENCE}.yaml"
    foi.write_text(foi.read_text().replace(
        "As a result, please find attached", f"{NAME} asked us to say: please find attached"))
    return content


def every_text(folder: Path) -> str:
    """All the text a reader could get out of a folder: raw bytes, PDF text, zip members."""
    parts: list[str] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            parts.append(data.decode("utf-8", "replace"))
            if path.suffix == ".pdf":
                parts.append(pdf_text(data))
            elif path.suffix == ".zip":
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    parts += [pdf_text(archive.read(m)) if m.endswith(".pdf")
                              else archive.read(m).decode("utf-8", "replace")
                              for m in archive.namelist()]
    return "\n".join(parts)


def present(text: str) -> list[str]:
    flat = " ".join(text.split()).lower()
    return [part for part in [NAME, *NAME.split()] if part.lower() in flat]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReleaseResult]:
    root = tmp_path_factory.mktemp("planted")
    content = plant(copy_example(root / "content"))
    loaded = validate(load(content))
    if redact_content(loaded).content is loaded and "PLACEHOLDER" in (
            redaction.stage.__doc__ or ""):
        pytest.skip("redaction.stage is still the identity placeholder: nothing is redacted "
                    "yet, so the planted name would be published")
    result = release(ReleaseOptions(REFERENCE, content, root / "release", root / "reports",
                                    AS_AT))
    build_site(BuildOptions(content, root / "site", root / "reports", AS_AT))
    return root, result


def test_planted_name_absent_from_pdf_text(planted: tuple[Path, ReleaseResult]) -> None:
    _, result = planted
    for path in result.bundle.files:
        if path.suffix == ".pdf":
            assert present(pdf_text(path.read_bytes())) == [], path.name


def test_planted_name_absent_from_the_zip(planted: tuple[Path, ReleaseResult]) -> None:
    _, result = planted
    data = result.bundle.zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            inner = archive.read(member)
            text = pdf_text(inner) if member.endswith(".pdf") else inner.decode()
            assert present(text) == [], member
    assert present(every_text(result.bundle.path)) == []


def test_planted_name_absent_from_public_pages(planted: tuple[Path, ReleaseResult]) -> None:
    root, _ = planted
    site = root / "site"
    assert (site / "foi" / REFERENCE / "annex-1-mr-s-homicide.pdf").is_file()
    assert present(every_text(site)) == []
    # The ledger counts what was withheld, without showing it.
    page = (site / "foi" / REFERENCE / "index.html").read_text()
    ledger = re.search(r"(\d+) passages? withheld from this response under section 40\(2\)"
                       r"[^,.]*(?:, and (\d+) from the documents released)?", page)
    assert ledger is not None
    assert int(ledger[1]) >= 1 and int(ledger[2] or 0) >= 1


def test_planted_name_is_in_the_internal_log(planted: tuple[Path, ReleaseResult]) -> None:
    _, result = planted
    assert NAME.split()[1] in result.redaction_log.read_text()


def test_leak_gate_reads_inside_pdfs_and_the_zip(tmp_path: Path) -> None:
    """Unredacted content must not get out: the gate reads the compressed PDFs and the zip."""
    content = validate(load(plant(copy_example(tmp_path / "content"))))
    unredacted = RedactedContent(content=content)
    with pytest.raises(LeakError) as caught:
        write_bundle(unredacted, REFERENCE, tmp_path / "release", AS_AT, generated_at(AS_AT))
    files = {leak.split(",", 1)[0] for leak in caught.value.leaks}
    assert {"annex-1-mr-s-homicide.pdf", "letter.pdf", f"foi-{REFERENCE}.zip"} <= files
    assert all(NAME.split()[1] in leak for leak in caught.value.leaks)
    # Nothing is left behind for anyone to send.
    assert [p.name for p in (tmp_path / "release").iterdir()] == []
