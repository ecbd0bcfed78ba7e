"""A plan and an FOI response written from a real published partnership review
(tests/fixtures/real-sab/, sources in its README) build, FOI bundle included, with every
place, body, ward, role and document name readable and every private name withheld."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from redaction.extract import segments

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "real-sab"
REFERENCE = "2024/0117"
# Invented names of the family and the perpetrator (always_redact), each part too.
PRIVATE = ["Andrew Kettleborough", "Kettleborough", "Maureen Pashley", "Maureen", "Pashley",
           "Keeley"]
# Must stay readable wherever their field is published: the plan's page, the search index
# and the annex PDF.
IN_THE_PLAN = [
    "Bassetlaw District Council",
    "Newark & Sherwood District Council",
    "Nottinghamshire County Council",
    "Nottinghamshire Police",
    "Nottinghamshire Office of the Police and Crime Commissioner",
    "Nottinghamshire HealthCare Trust",
    "Sherwood Forest Hospital Trust",
    "Doncaster and Bassetlaw Hospital Trust",
    "Nottinghamshire Women's Aid",
    "Bassetlaw, Newark and Sherwood Community Safety Partnership",
    "Millbrook Mental Health Unit",
    "King's Mill Hospital",
    "Sutton-in-Ashfield",
    "Castle House, Newark",
    "Worksop",
    "Retford",
    "Mansfield",
    "Domestic Violence Disclosure Scheme (Clare's Law)",
    "Multi-Agency Statutory Guidance for the Conduct of Domestic Homicide Reviews",
    "Terms of Reference",
    "DASH risk assessment",
    "Learning and Recall Event",
    "Seven Minute Briefing",
    "Joint Strategic Group",
    "Community Safety Manager",
    "Domestic Abuse Coordinator",
    "Named Nurse for Safeguarding Adults",
    "Detective Chief Inspector",
    "Independent Chair",
    "Sarah's mother",
]
# The letter (response page and letter PDF), with the organisation's own address.
IN_THE_LETTER = [
    "Bassetlaw, Newark and Sherwood Community Safety Partnership",
    "Bassetlaw District Council",
    "Nottinghamshire HealthCare Trust",
    "Castle House, Great North Road, Newark",
    "Home Office",
    "Community Safety Manager",
]
CONTACT = ["Castle House", "Great North Road", "NG24 1BY"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-sab")
    content = root / "content"
    shutil.copytree(FIXTURE, content, ignore=shutil.ignore_patterns("README.md"))
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(root)  # the FOI command writes its internal log under reports/
    try:
        site = runner.invoke(cli, ["build", "--content", str(content), "--site",
                                   str(root / "site"), "--reports", str(root / "reports"),
                                   "--as-at", "2024-04-01"])
        assert site.exit_code == 0, site.output
        foi = runner.invoke(cli, ["foi", REFERENCE, "--content", str(content), "--out",
                                  str(root / "release"), "--as-at", "2024-04-01"])
        assert foi.exit_code == 0, foi.output
    finally:
        os.chdir(cwd)
    return root


def text_of(path: Path) -> str:
    """Every piece of text in a file, as the leak gate reads it, quotes and spaces made plain."""
    pieces = [s.text for s in segments(path.name, path.read_bytes())]
    return " ".join(html.unescape(" ".join(pieces)).replace("’", "'").split())


def outputs(root: Path) -> list[Path]:
    return [p for p in sorted((root / "site").rglob("*")) + sorted((root / "release").rglob("*"))
            if p.is_file()]


def test_private_names_are_in_no_output(built: Path) -> None:
    for path in outputs(built):
        text = text_of(path)
        found = [name for name in PRIVATE if name.lower() in text.lower()]
        assert not found, f"{path.relative_to(built)} holds {found}"


def test_places_bodies_roles_and_documents_stay_readable(built: Path) -> None:
    plan_files = [
        built / "site" / "plans" / "dhr-sarah" / "index.html",
        built / "site" / "search" / "search_index.json",
        next((built / "release").rglob("annex-1-dhr-sarah.pdf")),
    ]
    for path in plan_files:
        text = text_of(path)
        lost = [s for s in IN_THE_PLAN if s not in text]
        assert not lost, f"{path.relative_to(built)} lost {lost}"
    letter_files = [
        built / "site" / "foi" / "2024-0117" / "index.html",
        next((built / "release").rglob("letter.pdf")),
    ]
    for path in letter_files:
        text = text_of(path)
        lost = [s for s in [*IN_THE_LETTER, *CONTACT] if s not in text]
        assert not lost, f"{path.relative_to(built)} lost {lost}"


def test_the_private_names_were_redacted_not_dropped(built: Path) -> None:
    page = text_of(built / "site" / "plans" / "dhr-sarah" / "index.html")
    assert "Sarah's mother, [redacted], was invited" in page
    assert "name no longer appears" in page
