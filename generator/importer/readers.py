"""Readers: .xlsx (openpyxl), .csv/.tsv (csv) and .docx (python-docx) into `Table`s.

Each reader keeps what the author sees: text exactly as typed (outer whitespace aside),
real Excel date cells with whether their format shows a day, fill colours (a RAG column is
often colour only), vertically merged cells repeated down, numbered lists in Word cells
written out as "1. …" lines because Word stores the numbers as formatting.
"""

from __future__ import annotations

import colorsys
import csv
import io
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from generator.errors import ContentError, Problem
from generator.importer.table import Cell, Row, Table

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".docx")
_OLD_FORMATS = {".xls": "Excel workbook (.xlsx)", ".doc": "Word document (.docx)"}

# Excel's default (Office 2013+) theme, in the order fills refer to it: lt1, dk1, lt2, dk2,
# accent1-6. Used when a workbook carries no theme of its own.
_OFFICE_THEME = ["FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5",
                 "FFC000", "5B9BD5", "70AD47"]
_DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def unreadable(path: Path, message: str, hint: str | None = None) -> ContentError:
    return ContentError([Problem(str(path), None, None, message, hint)])


def read_tables(path: Path) -> tuple[list[Table], list[str]]:
    """Every table in the file, and notes on what was skipped (hidden sheets)."""
    suffix = path.suffix.lower()
    if suffix in _OLD_FORMATS:
        raise unreadable(path, f"is in the old {suffix} format, which cannot be read.",
                         f"Open it and save it as an {_OLD_FORMATS[suffix]}.")
    if suffix not in SUFFIXES:
        raise unreadable(path, f'cannot be imported: "{suffix or path.name}" is not a '
                         "spreadsheet or Word file.",
                         "Import an .xlsx workbook, a .csv file or a .docx Word document.")
    if not path.is_file():
        raise unreadable(path, "does not exist.")
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".docx":
        return read_docx(path)
    return [read_csv(path)], []


def clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# ---------------------------------------------------------------- xlsx


def read_xlsx(path: Path) -> tuple[list[Table], list[str]]:
    import openpyxl

    try:
        # data_only: formulas give the value Excel last showed, which is what authors read.
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise unreadable(path, f"could not be read as an Excel workbook ({error}).",
                         "Check that it opens in Excel, then save it again as .xlsx.") from None
    theme = _theme_colours(book.loaded_theme)
    tables: list[Table] = []
    notes: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            notes.append(f'Sheet "{sheet.title}" is hidden and was not read.')
            continue
        tables.append(_sheet_table(sheet, theme))
    return tables, notes


def _sheet_table(sheet: Any, theme: list[str]) -> Table:
    down: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        # Only single-column merges are repeated down (a lead or target shared by rows);
        # a merge across columns is a heading row with its text in the first cell.
        if merged.min_col == merged.max_col and merged.max_row > merged.min_row:
            for row in range(merged.min_row + 1, merged.max_row + 1):
                down[(row, merged.min_col)] = (merged.min_row, merged.min_col)
    rows: list[Row] = []
    for line in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
        cells = []
        for cell in line:
            source = cell
            if (cell.row, cell.column) in down:
                source = sheet.cell(*down[(cell.row, cell.column)])
            cells.append(_xlsx_cell(source, cell.column, theme))
        row = Row(line[0].row, cells) if line else None
        if row is not None and not row.blank:
            rows.append(row)
    return Table(f'sheet "{sheet.title}"', rows)


def _xlsx_cell(cell: Any, column: int, theme: list[str]) -> Cell:
    value = cell.value
    fill = _xlsx_fill(cell, theme)
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        month_only = not _format_has_day(str(cell.number_format))
        text = day.isoformat()[:7] if month_only else day.isoformat()
        return Cell(column, text, when=day, month_only=month_only, fill=fill)
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.15g}"
    elif isinstance(value, time):
        text = value.isoformat()
    else:
        text = str(value)
    return Cell(column, clean(text), fill=fill)


def _format_has_day(number_format: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.lower())
    return "d" in bare


def _xlsx_fill(cell: Any, theme: list[str]) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    rgb: str | None = None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb[-6:]
    elif colour.type == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        rgb = COLOR_INDEX[colour.indexed][-6:] if colour.indexed < len(COLOR_INDEX) else None
    elif colour.type == "theme" and isinstance(colour.theme, int) and colour.theme < len(theme):
        rgb = _tinted(theme[colour.theme], float(colour.tint or 0.0))
    return rgb.upper() if rgb else None


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: towards white when positive, towards black when negative."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, light, sat)
    return "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def _theme_colours(theme_xml: bytes | None) -> list[str]:
    if not theme_xml:
        return _OFFICE_THEME
    try:
        root = ElementTree.fromstring(theme_xml)
    except ElementTree.ParseError:
        return _OFFICE_THEME
    scheme = root.find(f".//{_DRAWING_NS}clrScheme")
    if scheme is None:
        return _OFFICE_THEME
    found: dict[str, str] = {}
    for slot in scheme:
        for colour in slot:
            value = colour.get("val") if colour.tag.endswith("srgbClr") else colour.get("lastClr")
            if value:
                found[slot.tag.removeprefix(_DRAWING_NS)] = value
    order = ["lt1", "dk1", "lt2", "dk2"] + [f"accent{i}" for i in range(1, 7)]
    return [found.get(name, default) for name, default in zip(order, _OFFICE_THEME,
                                                              strict=True)]


# ---------------------------------------------------------------- csv / tsv


def read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # what Excel saves "CSV" as in the UK
    if path.suffix.lower() in (".tsv", ".txt"):
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    rows: list[Row] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            row = Row(number, [Cell(i, clean(v)) for i, v in enumerate(record, 1)])
            if not row.blank:
                rows.append(row)
    except csv.Error as error:
        raise unreadable(path, f"could not be read as CSV ({error}).") from None
    return Table(f'file "{path.name}"', rows)


# ---------------------------------------------------------------- docx


def read_paragraphs(path: Path) -> list[str]:
    """A Word document's text outside its tables (where a RAG key often stands)."""
    if path.suffix.lower() != ".docx":
        return []
    import docx

    try:
        document = docx.Document(str(path))
    except Exception:  # read_docx has already said why
        return []
    return [p.text.strip() for p in document.paragraphs if p.text.strip()]


def read_docx(path: Path) -> tuple[list[Table], list[str]]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise unreadable(path, f"could not be read as a Word document ({error}).",
                         "Check that it opens in Word, then save it again as .docx.") from None
    formats = _NumberFormats(document)
    tables = []
    for index, table in enumerate(document.tables, 1):
        rows: list[Row] = []
        above: dict[int, Cell] = {}
        for number, tr in enumerate(table._tbl.tr_lst, 1):
            column = 1 + tr.grid_before
            cells: list[Cell] = []
            for tc in tr.tc_lst:
                if tc.vMerge == "continue" and column in above:
                    cell = Cell(column, above[column].text, fill=above[column].fill)
                else:
                    cell = Cell(column, _docx_text(tc, table, formats), fill=_docx_fill(tc))
                cells.append(cell)
                above[column] = cell
                column += tc.grid_span
            row = Row(number, cells)
            if not row.blank:
                rows.append(row)
        tables.append(Table(f"table {index}", rows, lettered=False))
    outside = sum(1 for p in document.paragraphs if p.text.strip())
    notes = [f"{outside} paragraph(s) of text outside the tables were not read."] if outside else []
    return tables, notes


def _docx_fill(tc: Any) -> str | None:
    from docx.oxml.ns import qn

    props = tc.tcPr
    shading = props.find(qn("w:shd")) if props is not None else None
    fill = shading.get(qn("w:fill")) if shading is not None else None
    return fill.upper() if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill) else None


def _docx_text(tc: Any, table: Any, formats: _NumberFormats) -> str:
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    for p in tc.p_lst:
        text = Paragraph(p, table).text
        marker = formats.marker(p, counters) if text.strip() else ""
        lines.append(marker + text)
    return clean("\n".join(lines))


class _NumberFormats:
    """Turns Word's list formatting back into the "1." or "-" the reader sees.

    Styles are looked up by id in the XML and cached: python-docx's `paragraph.style`
    scans every style on each call, which made a 13-row table take half a second."""

    def __init__(self, document: Any):
        from docx.oxml.ns import qn

        self._formats: dict[tuple[str, int], str] = {}
        self._styles_element = document.styles.element
        self._styles: dict[str, tuple[Any, str]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            for level in definition.findall(qn("w:lvl")) if definition is not None else []:
                fmt = level.find(qn("w:numFmt"))
                self._formats[(num.get(qn("w:numId")), int(level.get(qn("w:ilvl"))))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal")

    def _style(self, style_id: str) -> tuple[Any, str]:
        """A paragraph style's own numbering (as "List Number" has) and its name."""
        if style_id not in self._styles:
            style = self._styles_element.get_by_id(style_id)
            ppr = style.pPr if style is not None else None
            name = style.name_val if style is not None and style.name_val else style_id
            self._styles[style_id] = (ppr.numPr if ppr is not None else None, name)
        return self._styles[style_id]

    def marker(self, p: Any, counters: dict[tuple[str, int], int]) -> str:
        ppr = p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style_id = ppr.style if ppr is not None else None
        style_num_pr, style = self._style(style_id) if style_id else (None, "")
        num_pr = num_pr if num_pr is not None else style_num_pr
        if num_pr is None:
            return ""
        num_id = num_pr.numId.val if num_pr.numId is not None else None
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        if num_id is None or str(num_id) == "0":
            return ""
        fmt = self._formats.get((str(num_id), level))
        if fmt is None:
            fmt = "bullet" if "bullet" in style.lower() else "decimal"
        indent = "   " * level
        if fmt in ("bullet", "none"):
            return indent + "- "
        key = (str(num_id), level)
        counters[key] = counters.get(key, 0) + 1
        return f"{indent}{counters[key]}. "
