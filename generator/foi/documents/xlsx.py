"""An Excel workbook (.xlsx) read from its SpreadsheetML with lxml: the parts openpyxl keeps
quiet about (pivot caches, data models, threaded comments, external links) are listed too.

Released: the cached VALUES (never formulas) of visible cells of visible sheets, one table
per sheet. Hidden and very hidden sheets, hidden rows and columns (filtered-out rows are hidden
rows), cells formatted to show nothing (;;;), comments and notes, defined names, pivot caches
and everything container.py lists are not released, and each is listed.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lxml import etree

from generator.content.file_text import FileText, Row, Sheet
from generator.foi.documents.container import Package, Refused
from generator.foi.documents.sml import NS, REL, m, part_rels
from generator.foi.documents.xlsx_parts import sheet_parts, workbook_items

DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def column_letter(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def spans(numbers: list[int], name: type = str) -> str:
    """[3, 4, 5, 9] → "3-5, 9"; with column_letter for columns: "C:E, I"."""
    out: list[str] = []
    numbers = sorted(set(numbers))
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        a, b = numbers[i], numbers[j]
        show = column_letter if name is not str else str
        sep = ":" if name is not str else "-"
        out.append(show(a) if a == b else f"{show(a)}{sep}{show(b)}")
        i = j + 1
    return ", ".join(out)


@dataclass
class _Styles:
    # cellXfs indexes, as the `s` attribute writes them ("3"), compared per cell
    dates: set[str] = field(default_factory=set)  # showing a date
    blank: set[str] = field(default_factory=set)  # showing nothing (;;;)


@dataclass
class _SheetRead:
    rows: list[Row]
    hidden_rows: list[int]
    hidden_cols: list[int]
    hidden_values: list[str]
    blank_cells: int
    formulas: int
    last_cell: str


class _Workbook:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.rels = part_rels(package, "xl/workbook.xml")
        self.root = package.xml("xl/workbook.xml")
        self.strings = _shared_strings(package)
        self.styles = _styles(package)
        pr = self.root.find("m:workbookPr", NS)
        self.epoch = datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in (
            "1", "true") else datetime(1899, 12, 30)

    def sheets(self) -> list[tuple[str, str, str]]:
        """(name, state, part) in tab order."""
        out = []
        for s in self.root.iterfind("m:sheets/m:sheet", NS):
            target = self.rels.get(s.get(f"{{{REL}}}id", ""), "")
            out.append((s.get("name", ""), s.get("state", "visible"), target))
        return out

    def value(self, kind: str, raw: str, inline: etree._Element | None, style: str) -> str:
        """A cell's shown value from its type (t), cached value (v) and style (s)."""
        if kind == "inlineStr":
            return _rich_text(inline) if inline is not None else ""
        if kind == "s":
            return self.strings[int(raw)] if raw.isdigit() and int(raw) < len(self.strings) else ""
        if kind == "b":
            return "TRUE" if raw == "1" else "FALSE"
        if kind in ("str", "e", "d") or not raw:
            return raw
        try:
            number = float(raw)
        except ValueError:
            return raw
        if style in self.styles.dates:
            when = self.epoch + timedelta(days=number)
            return when.date().isoformat() if when.time() == datetime.min.time() \
                else when.isoformat(sep=" ", timespec="minutes")
        return f"{number:.15g}"

    def read_sheet(self, part: str) -> _SheetRead:
        """Every cell once, streamed (iterparse), in a tight loop: a sheet may hold a million."""
        hidden_cols = _hidden_columns(self.package.read(part))
        blank_styles = self.styles.blank
        rows: dict[int, dict[int, str]] = {}
        hidden_rows: list[int] = []
        hidden_values: list[str] = []
        blank = formulas = 0
        last_row = last_col = 0
        cell_tag, v_tag, f_tag, is_tag = m("c"), m("v"), m("f"), m("is")
        context = etree.iterparse(_stream(self.package, part), events=("end",), tag=m("row"),
                                  resolve_entities=False, huge_tree=True)
        for _, row in context:
            attrib = row.attrib
            number = int(attrib.get("r", "0")) or (max(rows) + 1 if rows else 1)
            hidden = attrib.get("hidden") in ("1", "true") or (
                attrib.get("customHeight") in ("1", "true") and attrib.get("ht") in ("0", "0.0"))
            if hidden:
                hidden_rows.append(number)
            cells: dict[int, str] = {}
            position = 0
            for c in row:
                if c.tag != cell_tag:
                    continue
                ca = c.attrib
                ref = ca.get("r")
                position = _column_of(ref) if ref else position + 1
                raw, inline = "", None
                for child in c:
                    if child.tag == v_tag:
                        raw = child.text or ""
                    elif child.tag == f_tag:
                        formulas += 1
                    elif child.tag == is_tag:
                        inline = child
                style = ca.get("s", "0")
                value = self.value(ca.get("t", "n"), raw, inline, style)
                if not value:
                    continue
                if number > last_row:
                    last_row = number
                if position > last_col:
                    last_col = position
                if hidden or position in hidden_cols:
                    hidden_values.append(value)
                elif style in blank_styles:
                    blank += 1
                    hidden_values.append(value)
                else:
                    cells[position] = value
            if cells:
                rows[number] = cells
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
        return _SheetRead(_table(rows, hidden_cols), hidden_rows, sorted(hidden_cols),
                          hidden_values, blank, formulas,
                          f"{column_letter(last_col)}{last_row}" if last_row else "A1")


def _column_of(ref: str) -> int:
    """"AB12" → 28, without a regular expression (it runs for every cell)."""
    n = 0
    for ch in ref:
        code = ord(ch)
        if code < 65:  # the row number starts
            break
        n = n * 26 + code - 64
    return n


def _table(rows: dict[int, dict[int, str]], hidden_cols: set[int]) -> list[Row]:
    """Visible rows and columns, in order, from the first row and column that hold a value."""
    if not rows:
        return []
    columns = sorted({col for cells in rows.values() for col in cells})
    shown = [col for col in range(columns[0], columns[-1] + 1) if col not in hidden_cols]
    return [Row(cells=[rows[r].get(col, "") for col in shown]) for r in sorted(rows)]


def _stream(package: Package, part: str):  # a file-like object: iterparse reads it in pieces
    return package.archive.open(part)


def _hidden_columns(data: bytes) -> set[int]:
    """<cols> comes before <sheetData>: read only the head of the part."""
    head = data[: data.find(b"<sheetData")] if b"<sheetData" in data else data[:65536]
    hidden: set[int] = set()
    for match in re.finditer(rb"<(?:\w+:)?col\b[^>]*>", head):
        attrs = dict(re.findall(rb'(\w+)="([^"]*)"', match.group()))
        width_zero = attrs.get(b"width") in (b"0", b"0.0") and b"customWidth" in attrs
        if attrs.get(b"hidden") in (b"1", b"true") or width_zero:
            lo, hi = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
            hidden.update(range(lo, min(hi, 16384) + 1))
    return hidden


def _rich_text(node: etree._Element) -> str:
    """A string item's text without its phonetic guide (rPh)."""
    parts = [t.text or "" for t in node.iter(m("t")) if t.getparent().tag != m("rPh")]
    return "".join(parts)


def _shared_strings(package: Package) -> list[str]:
    part = _target(package, "sharedStrings")
    if part is None:
        return []
    return [_rich_text(si) for si in package.xml(part).iterfind("m:si", NS)]


def _styles(package: Package) -> _Styles:
    part = _target(package, "styles")
    styles = _Styles()
    if part is None:
        return styles
    root = package.xml(part)
    codes = {int(f.get("numFmtId", "0")): f.get("formatCode", "")
             for f in root.iterfind("m:numFmts/m:numFmt", NS)}
    for index, xf in enumerate(root.iterfind("m:cellXfs/m:xf", NS)):
        fmt = int(xf.get("numFmtId", "0"))
        code = _QUOTED.sub("", codes.get(fmt, ""))
        if fmt in DATE_FORMATS or (fmt in codes and _DATE_CODE.search(code.split(";")[0])):
            styles.dates.add(str(index))
        if fmt in codes and code.strip() and not code.replace(";", "").strip():
            styles.blank.add(str(index))
    return styles


def _target(package: Package, kind: str) -> str | None:
    folder_rels = "xl/_rels/workbook.xml.rels"
    if not package.has(folder_rels):
        return None
    for rel in package.xml(folder_rels):
        if rel.get("Type", "").endswith("/" + kind):
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    return None


def read_xlsx(package: Package, wanted: list[str] | None) -> FileText:
    """The released sheets (`wanted`, or every visible sheet), listing everything else."""
    book = _Workbook(package)
    sheets = book.sheets()
    visible = [name for name, state, _ in sheets if state == "visible"]
    for name in wanted or []:
        if name not in visible:
            hidden = any(n == name for n, _, _ in sheets)
            why = "hidden: only visible sheets are released" if hidden else "not in the workbook"
            raise Refused(f"{package.file}: the sheet \"{name}\" named in `sheets` is {why} "
                          f"(visible sheets: {', '.join(visible) or 'none'}).")
    released: list[Sheet] = []
    for name, state, part in sheets:
        if not package.has(part):
            continue
        read = book.read_sheet(part)
        where = f"sheet {name} (A1:{read.last_cell})"
        if state != "visible":
            kind = "very hidden sheet" if state == "veryHidden" else "hidden sheet"
            values = sum(1 for r in read.rows for c in r.cells if c) + len(read.hidden_values)
            package.add(where, kind, f"{values} cell value(s)", "dropped: not released")
            package.secrets.update(c for r in read.rows for c in r.cells)
            package.secrets.update(read.hidden_values)
            continue
        if wanted and name not in wanted:
            package.add(where, "sheet not asked for", "", "dropped: not in the annex's sheets")
            continue
        _sheet_items(package, name, read)
        released.append(Sheet(name=name, rows=read.rows))
        sheet_parts(package, name, part)
    workbook_items(package, book.root)
    return FileText(format="xlsx", sheets=released)


def _sheet_items(package: Package, name: str, read: _SheetRead) -> None:
    if read.hidden_rows:
        package.add(f"sheet {name}, rows {spans(read.hidden_rows)}", "hidden rows",
                    f"{len(read.hidden_rows)} row(s)", "dropped: hidden rows are not released")
    if read.hidden_cols:
        package.add(f"sheet {name}, columns {spans(read.hidden_cols, int)}", "hidden columns",
                    f"{len(read.hidden_cols)} column(s)",
                    "dropped: hidden columns are not released")
    if read.blank_cells:
        package.add(f"sheet {name}", "cells formatted to show nothing (;;;)",
                    f"{read.blank_cells} cell(s)", "dropped: not released")
    if read.formulas:
        package.add(f"sheet {name}", "formulas", f"{read.formulas} cell(s)",
                    "dropped: their last calculated values are released, not the formulas")
    package.secrets.update(read.hidden_values)
