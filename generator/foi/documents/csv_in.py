"""A CSV annex: its rows, decoded and re-written. A CSV holds no hidden parts, but a cell a
spreadsheet would run as a formula is listed (the released copy is guarded like the site's)."""

from __future__ import annotations

import csv
import io
from typing import Any

from generator.content.file_text import FileText, Row, Sheet
from generator.foi.documents.container import Refused
from generator.presentation.data_files import FORMULA_START


def read_csv(file: str, data: bytes, add: Any) -> FileText:
    text = _decode(file, data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [Row(cells=[" ".join(c.split()) if "\n" in c else c for c in row])
            for row in csv.reader(io.StringIO(text), dialect)]
    formulas = sum(1 for r in rows for c in r.cells if c.startswith(FORMULA_START[:4]))
    if formulas:
        add("cells", "cells starting = + - or @", f"{formulas} cell(s)",
            "kept as text, with an apostrophe so no spreadsheet runs them as formulas")
    if not any(c.strip() for r in rows for c in r.cells):
        raise Refused(f"{file} has no values to release.")
    return FileText(format="csv", sheets=[Sheet(name=file.rsplit("/", 1)[-1], rows=rows)])


def _decode(file: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused(f"{file} is not a text CSV file: it cannot be read as UTF-8 or Windows text.")
