"""The released files of a file annex, made from its redacted FileText only.

A document becomes a new tagged PDF (headings, lists and tables kept) through the same
WeasyPrint path and templates as the plan annexes; a text PDF becomes a new PDF of its text;
a workbook or CSV becomes one CSV per released sheet (values only, guarded against CSV
injection like the site's open data) and a PDF that shows each sheet as a table when it is
small enough to read on paper (SMALL_ROWS × SMALL_COLUMNS) and describes the others.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup, escape

from generator.content.file_text import Block, FileText, Sheet
from generator.presentation.data_files import write_rows

SMALL_ROWS = 300  # a sheet this long (or shorter) is also a table in the PDF: ~8 A4 pages
SMALL_COLUMNS = 12  # wider tables are unreadable on A4; the CSV is the release then
MADE_FROM = {
    "docx": "a Word document. Its visible text and tables were copied into this new PDF; "
            "the original file is not released.",
    "pdf": "a PDF. Its text was copied into this new PDF, so the layout was re-made; the "
           "original file is not released.",
    "xlsx": "an Excel workbook. The values of its visible cells are released, one CSV file "
            "per sheet; the original workbook is not released.",
    "csv": "a CSV file. Its values are released as a new CSV file.",
}
NOTE = {
    "docx": "Comments, tracked changes, hidden text, headers, footers, pictures and document "
            "properties of the original are not part of this release.",
    "pdf": "The layout was re-made from the text of the original. Its annotations, "
           "attachments, form fields, pictures and metadata are not part of this release.",
    "xlsx": "Hidden sheets, rows and columns, formulas, comments, filters, pivot caches and "
            "document properties of the original are not part of this release.",
    "csv": "Cells that a spreadsheet would run as a formula start with an apostrophe.",
}
FORMAT_NAMES = {"docx": "Word document", "xlsx": "Excel workbook", "csv": "CSV", "pdf": "PDF"}


def file_slug(name: str) -> str:
    """foi/2017-1840/Board Minutes.docx → board-minutes."""
    stem = PurePosixPath(name).stem
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "document"


def csv_names(number: int, slug: str, text: FileText) -> list[str]:
    if text.format == "csv":
        return [f"annex-{number}-{slug}.csv"]
    names: list[str] = []
    for k, sheet in enumerate(text.sheets, start=1):
        name = f"annex-{number}-{slug}-{file_slug(sheet.name + '.x')}.csv"
        names.append(name if name not in names else f"annex-{number}-{slug}-sheet-{k}.csv")
    return names


def sheet_csv(sheet: Sheet) -> bytes:
    return write_rows([list(r.cells) for r in sheet.rows]).encode("utf-8")


def shape(sheet: Sheet) -> tuple[int, int]:
    return len(sheet.rows), max((len(r.cells) for r in sheet.rows), default=0)


def small(sheet: Sheet) -> bool:
    rows, columns = shape(sheet)
    return rows <= SMALL_ROWS and columns <= SMALL_COLUMNS


def sheet_description(title: str, sheet: Sheet, text: FileText) -> str:
    rows, columns = shape(sheet)
    what = "the values" if text.format == "csv" else (
        f'sheet "{sheet.name}": the values of its visible cells (not formulas; hidden rows '
        "and columns left out)")
    return f"{title} – {what}, {rows} rows × {columns} columns, UTF-8 CSV"


def template_blocks(text: FileText, data_files: list[str]) -> list[dict[str, Any]]:
    """The FileText as the template's blocks: lists nested, sheets as captioned tables."""
    if text.format in ("xlsx", "csv"):
        out: list[dict[str, Any]] = []
        for sheet, name in zip(text.sheets, data_files, strict=True):
            rows, columns = shape(sheet)
            label = f"Sheet {sheet.name}" if text.format == "xlsx" else "The data"
            if small(sheet) and rows:
                out.append({"kind": "table", "caption": f"{label} (also released as {name})",
                            "rows": [_padded(r.cells, columns) for r in sheet.rows]})
            else:
                out.append({"kind": "p", "text": f"{label}: {rows} rows × {columns} columns, "
                            f"released as {name} only (too large to print as a table)."})
        return out
    if not text.pages:
        return _blocks(list(text.blocks))
    out = []
    for page in text.pages:
        out.append({"kind": "h2", "text": f"Page {page.number} of the original"})
        out += _blocks(list(page.blocks))
    return out


def _blocks(blocks: list[Block]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "li":
            j = i
            while j < len(blocks) and blocks[j].kind == "li":
                j += 1
            out.append({"kind": "list", "html": _list_html(blocks[i:j])})
            i = j
            continue
        if block.kind == "table":
            columns = max((len(r.cells) for r in block.rows), default=0)
            out.append({"kind": "table", "caption": "",
                        "rows": [_padded(r.cells, columns) for r in block.rows]})
        elif block.kind.startswith("h"):
            # The annex title is the h1: the document's own headings sit one level below.
            out.append({"kind": f"h{min(int(block.kind[1]) + 1, 6)}", "text": block.text})
        else:
            out.append({"kind": "p", "text": block.text})
        i += 1
    return out


def _padded(cells: list[str], columns: int) -> list[str]:
    return [*cells, *[""] * (columns - len(cells))]


def _list_html(items: list[Block]) -> Markup:
    """Nested <ul> from list items with levels; every text escaped. A level can only go one
    deeper than the item before it: a <ul> must sit inside an <li>."""
    html: list[str] = []
    depth = -1
    for item in items:
        level = min(max(0, item.level), depth + 1)
        if level > depth:
            html.append("<ul>")
        else:
            html.append("</li></ul>" * (depth - level) + "</li>")
        html.append(f"<li>{escape(item.text)}")
        depth = level
    html.append("</li></ul>" * (depth + 1))
    return Markup("".join(html))
