"""File annexes read for release: one reader per format, over the container itself.

read_annex(path) checks the bytes (size, type, zip bomb, encryption), reads what a reader of
the original sees into a FileText, lists every hidden or risky item, and collects the strings
that must never appear in the release (hidden text, metadata names). Refused is raised, with
one sentence naming the file, when the file cannot be made safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from generator.content.annex_files import FORMATS, REFUSED_FORMATS
from generator.content.file_text import AnnexFile, FileText, Item
from generator.foi.documents.container import Package, Refused, check_bytes, open_package
from generator.foi.documents.csv_in import read_csv
from generator.foi.documents.docx import read_docx
from generator.foi.documents.pdf_in import read_pdf
from generator.foi.documents.xlsx import read_xlsx

MIN_SECRET = 4  # shorter hidden strings ("Yes", "12") say nothing on their own

__all__ = ["FORMATS", "REFUSED_FORMATS", "Refused", "read_annex"]


def read_annex(name: str, path: Path, shown: str, sheets: list[str] | None = None) -> AnnexFile:
    """The annex `name` (foi/…/x.docx) at `path`; `shown` names it in messages."""
    fmt = FORMATS[path.suffix.lower()]
    data = path.read_bytes()
    check_bytes(shown, data, fmt)
    items: list[Item] = []
    secrets: set[str] = set()
    people: set[str] = set()

    def add(where: str, item: str, detail: str, action: str) -> None:
        items.append(Item(shown, where, item, detail, action))

    if fmt == "pdf":
        text = read_pdf(shown, data, add, secrets, people)
    elif fmt == "csv":
        text = read_csv(shown, data, add)
    else:
        package = open_package(shown, data, fmt)
        try:
            text = _read_office(package, fmt, sheets)
        except Refused:
            raise
        except Exception as exc:  # malformed XML, broken references: not a file we can trust
            raise Refused(f"{shown} could not be read as a .{fmt} file ({type(exc).__name__}: "
                          f"{exc}). Open it in Office and save it again.") from None
        items += package.items
        secrets |= package.secrets
        people |= package.people
    return AnnexFile(name, path, len(data), text, items,
                     frozenset(_secrets(secrets, people, text)))


def _read_office(package: Package, fmt: str, sheets: list[str] | None) -> FileText:
    return read_docx(package) if fmt == "docx" else read_xlsx(package, sheets)


def visible_strings(text: FileText) -> set[str]:
    out: set[str] = set()
    for block in text.blocks:
        out.add(block.text)
        out.update(c for r in block.rows for c in r.cells)
    for sheet in text.sheets:
        out.add(sheet.name)
        out.update(c for r in sheet.rows for c in r.cells)
    for page in text.pages:
        out.update(b.text for b in page.blocks)
    return {norm(s) for s in out if s}


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _telling(text: str) -> bool:
    """Hidden text worth looking for: several words, or a code with a digit. A hidden column
    headed "Notes" says nothing on its own, and would stop releases that say "notes"."""
    if len(text) < MIN_SECRET or not any(c.isalpha() for c in text):
        return False
    return len(text.split()) > 1 or any(c.isdigit() for c in text)


def occurring(needles: Iterable[str], haystack: str) -> list[str]:
    """The needles (normalised) found in the normalised haystack. Each needle's words are
    looked up in a set first, so tens of thousands of needles cost little over a big text."""
    words = set(re.findall(r"\w+", haystack))
    return [n for n in needles
            if all(w in words for w in re.findall(r"\w+", n)) and n in haystack]


def _secrets(found: set[str], people: set[str], text: FileText) -> set[str]:
    """Hidden strings and people's names worth checking for, except those also shown in the
    visible part of the original (then the release may rightly hold them, redacted or not:
    redaction decides)."""
    candidates = {k for k in (norm(s) for s in found) if _telling(k)}
    candidates |= {k for k in (norm(p) for p in people) if len(k) >= MIN_SECRET}
    shown = occurring(candidates, "\n".join(visible_strings(text)))
    return candidates - set(shown)
