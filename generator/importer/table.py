"""One model of "a table of rows", whatever file it came from.

Readers turn .xlsx sheets, .csv files and Word tables into `Table`s; everything after
that (header detection, structure, values) sees only these types, so every format gets
the same rules and the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Cell:
    """One cell: its text as the author sees it, plus what a spreadsheet adds.

    `when` is set for a real Excel date cell; `month_only` when its number format shows no
    day (an `mmm-yy` cell means the month, not the 1st). `fill` is the background colour as
    RRGGBB, when there is one.
    """

    column: int
    text: str = ""
    when: date | None = None
    month_only: bool = False
    fill: str | None = None

    @property
    def empty(self) -> bool:
        return not self.text and self.when is None


@dataclass(frozen=True)
class Row:
    """A row as the author would find it again: the row number shown by Excel or Word."""

    number: int
    cells: list[Cell]

    def cell(self, column: int) -> Cell:
        for cell in self.cells:
            if cell.column == column:
                return cell
        return Cell(column)

    def filled(self) -> list[Cell]:
        return [c for c in self.cells if not c.empty]

    @property
    def blank(self) -> bool:
        return not self.filled()


@dataclass(frozen=True)
class Table:
    """A sheet, a CSV file or a Word table.

    `name` is how the report names it ("sheet \"DHR\"", "table 2"); `lettered` says whether
    columns are shown as letters (spreadsheets) or numbers (Word).
    """

    name: str
    rows: list[Row] = field(default_factory=list)
    lettered: bool = True

    def column_label(self, column: int) -> str:
        return get_column_letter(column) if self.lettered else str(column)
