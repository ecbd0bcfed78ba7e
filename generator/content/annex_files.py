"""File annexes as content: which files may be named, checked before anything reads them.

Reading them (generator/foi/documents/) is the FOI stage's work; here only the path: inside
content/foi/, an extension the publisher can re-make, and a file that exists.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.content.load import shown
from generator.content.models import Annex, Doc, FoiResponse
from generator.errors import Problem

FORMATS = {".docx": "docx", ".xlsx": "xlsx", ".csv": "csv", ".pdf": "pdf"}
REFUSED_FORMATS = {
    ".xlsm": "a macro-enabled workbook", ".docm": "a macro-enabled document",
    ".xls": "an old Excel workbook", ".doc": "an old Word document",
    ".xlsb": "a binary Excel workbook",
}


def annex_problem(doc: Doc[FoiResponse], annex: Annex, number: int,
                  root: Path) -> Problem | None:
    """What is wrong with a file annex's path, before it is read; None if it will do."""
    name = annex.file or ""
    where = (shown(doc.source, root), doc.line("annexes", number - 1), "annexes")
    path = PurePosixPath(name)
    suffix = path.suffix.lower()
    if path.is_absolute() or ".." in path.parts or not name.startswith("foi/"):
        return Problem(*where, f'annex {number}: the file "{name}" must be inside content/foi/, '
                       'written relative to content/ (e.g. "foi/2017-1840/minutes.docx").')
    if suffix in REFUSED_FORMATS:
        return Problem(*where, f'annex {number}: "{name}" is {REFUSED_FORMATS[suffix]}, which '
                       "is not released.", "save it as .docx or .xlsx (without macros) and "
                       "name that file instead.")
    if suffix not in FORMATS:
        return Problem(*where, f'annex {number}: "{name}" is not a file the publisher can '
                       "release.", "annex files are .docx, .xlsx, .csv or .pdf.")
    target = root / name
    if not target.is_file():
        return Problem(*where, f'annex {number} names the file "{name}", but there is no '
                       f"{root.name}/{name}.", "check the spelling, or add the file.")
    return None
