"""Test fixtures: the DHR seed as an Excel workbook and as Word tables, and small tables.

The seed (fixtures/dhr-bdhr2011-12-03-action-plan.txt) is the published plan's tables pasted
as tab-separated text: a document title, then four agency blocks, each a title row, its own
header row, recommendation rows with text in the first cell only, and action rows. The
builders lay it out the way such plans arrive: one sheet holding every block (title rows and
recommendation rows merged across the table, two targets as real Excel date cells, the rest
as typed text), and a Word document with one table per agency.

Run it to look at the files: python tests/importer/import_fixtures.py OUTDIR
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

AS_AT = date(2024, 5, 1)  # the import date the tests use
SEED = Path(__file__).parent / "fixtures" / "dhr-bdhr2011-12-03-action-plan.txt"
COLUMNS = 11  # Ref … Quality Assured by BCSP

# Targets stored as real date cells, as Excel does when "Apr-14" or "30/11/2013" is typed.
DATE_CELLS: dict[str, tuple[datetime, str]] = {
    "3.1.1": (datetime(2014, 4, 1), "mmm-yy"),
    "3.1.2": (datetime(2013, 11, 30), "dd/mm/yyyy"),
}


@dataclass(frozen=True)
class Block:
    title: str
    header: list[str]
    rows: list[list[str]]  # recommendation rows (first cell only) and action rows


def seed() -> tuple[list[str], list[Block]]:
    """The document's title lines and its agency blocks, cell text exactly as published."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    preamble = [line.strip("* ") for line in lines if line.strip() and "\t" not in line]
    # "**BIRMINGHAM COMMUNITY" / "SAFETY PARTNERSHIP**" is one heading broken over two lines.
    preamble[0:2] = [f"{preamble[0]} {preamble[1]}"]
    blocks: list[Block] = []
    group: list[list[str]] = []
    for line in [*lines, ""]:
        if "\t" in line:
            group.append(line.split("\t"))
        elif group:
            blocks.append(Block(group[0][0], group[1], group[2:]))
            group = []
    return preamble, blocks


def is_heading(row: list[str]) -> bool:
    return bool(row[0]) and not any(cell.strip() for cell in row[1:])


def actions(blocks: list[Block]) -> list[tuple[str, dict[str, str]]]:
    """(agency block title, {header: cell}) for every action row, in document order."""
    found = []
    for block in blocks:
        for row in block.rows:
            if not is_heading(row):
                found.append((block.title, dict(zip(block.header, row, strict=False))))
    return found


def build_workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    preamble, blocks = seed()
    book = Workbook()
    sheet = book.active
    sheet.title = "DHR action plan"
    bold = Font(bold=True)
    row = 1
    for line in preamble:
        sheet.cell(row, 1, line).font = bold
        row += 1
    row += 1
    for block in blocks:
        sheet.cell(row, 1, block.title).font = bold
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COLUMNS)
        row += 1
        for column, name in enumerate(block.header, 1):
            if name:
                cell = sheet.cell(row, column, name)
                cell.font = bold
                cell.fill = PatternFill("solid", fgColor="D9D9D9")
        row += 1
        for cells in block.rows:
            if is_heading(cells):
                sheet.cell(row, 1, cells[0]).fill = PatternFill("solid", fgColor="DDEBF7")
                sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COLUMNS)
            else:
                for column, text in enumerate(cells, 1):
                    if text:
                        cell = sheet.cell(row, column, text)
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                if cells[0] in DATE_CELLS:
                    value, number_format = DATE_CELLS[cells[0]]
                    sheet.cell(row, 4, value).number_format = number_format
            row += 1
        row += 1  # a blank row between blocks
    book.save(path)
    return path


def build_docx(path: Path) -> Path:
    import docx

    preamble, blocks = seed()
    document = docx.Document()
    for line in preamble:
        document.add_paragraph(line)
    for block in blocks:
        table = document.add_table(rows=0, cols=COLUMNS)
        table.style = "Table Grid"
        title = table.add_row().cells
        title[0].merge(title[COLUMNS - 1]).text = block.title
        header = table.add_row().cells
        for column, name in enumerate(block.header[:COLUMNS]):
            header[column].text = name
        for cells in block.rows:
            row = table.add_row().cells
            if is_heading(cells):
                row[0].merge(row[COLUMNS - 1]).text = cells[0]
            else:
                for column, text in enumerate(cells[:COLUMNS]):
                    row[column].text = text
        document.add_paragraph("")
    document.save(str(path))
    return path


@dataclass(frozen=True)
class Styled:
    """A cell with a fill colour (RRGGBB) or an Excel number format."""

    value: Any = None
    fill: str | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Listed:
    """A Word cell holding a list made with Word's own numbering or bullets."""

    items: list[str]
    style: str = "List Number"


def write_xlsx(path: Path, rows: list[list[Any]], title: str = "Sheet1",
               merged: tuple[int, ...] = ()) -> Path:
    """Rows of cells (text, datetime or Styled); rows numbered in `merged` span the table."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = title
    width = max(len(r) for r in rows)
    for number, cells in enumerate(rows, 1):
        for column, value in enumerate(cells, 1):
            styled = value if isinstance(value, Styled) else Styled(value)
            cell = sheet.cell(number, column)
            if styled.value not in (None, ""):
                cell.value = styled.value
            if styled.fill:
                cell.fill = PatternFill("solid", fgColor=styled.fill)
            if styled.number_format:
                cell.number_format = styled.number_format
        if number in merged:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number,
                              end_column=width)
    book.save(path)
    return path


def write_docx(path: Path, rows: list[list[Any]]) -> Path:
    """One Word table; a row with one cell spans the table; Listed cells use Word lists."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    width = max(len(r) for r in rows)
    table = document.add_table(rows=0, cols=width)
    for cells in rows:
        row = table.add_row().cells
        targets = [row[0].merge(row[width - 1])] if len(cells) == 1 else row
        for target, value in zip(targets, cells, strict=False):
            styled = value if isinstance(value, Styled) else Styled(value)
            content = styled.value
            if isinstance(content, Listed):
                target.paragraphs[0].text = content.items[0]
                target.paragraphs[0].style = content.style
                for item in content.items[1:]:
                    target.add_paragraph(item, style=content.style)
            elif content:
                target.text = str(content)
            if styled.fill:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:fill"), styled.fill)
                target._tc.get_or_add_tcPr().append(shading)
    document.save(str(path))
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    print(build_workbook(out / "dhr-bdhr2011-12-03.xlsx"))
    print(build_docx(out / "dhr-bdhr2011-12-03.docx"))
