"""What an import did, for the author: rows read, actions written, and every cell it
could not map, each with the place to find it again and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.importer.table import Table

_SHOWN = 70


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def shown(value: str) -> str:
    """A cell value on one report line: newlines as " / ", long text cut."""
    flat = " / ".join(line.strip() for line in value.splitlines() if line.strip())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1].rstrip() + "…"


@dataclass(frozen=True)
class Unmapped:
    """A cell the import did not turn into plan content, or turned into it with a guess."""

    sheet: str
    row: int
    column: str
    header: str
    value: str
    why: str
    position: tuple[int, int, int] = field(default=(0, 0, 0), compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.sheet}, row {self.row}, column {self.column}"
        if self.header:
            where += f" ({self.header})"
        return f'{where}: "{shown(self.value)}" — {self.why}'


@dataclass
class ImportReport:
    source: str
    tables: list[str] = field(default_factory=list)
    rows_read: int = 0
    actions_written: int = 0
    recommendations_written: int = 0
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def cell(self, table: Table, row: int, column: int, header: str, value: str,
             why: str) -> None:
        order = self.tables.index(table.name) if table.name in self.tables else 0
        self.unmapped.append(Unmapped(table.name, row, table.column_label(column), header,
                                      value, why, (order, row, column)))
        self.unmapped.sort(key=lambda u: u.position)  # in reading order, as the author looks

    def format(self) -> str:
        lines = [
            f"Imported {self.source}: {self.rows_read} rows read from "
            f"{', '.join(self.tables) or 'no table'}; {_count(self.actions_written, 'action')} "
            f"written under {_count(self.recommendations_written, 'recommendation')}."
        ]
        if self.unmapped:
            lines.append(f"Cells not mapped ({len(self.unmapped)}):")
            lines += [f"  {u}" for u in self.unmapped]
        else:
            lines.append("Every cell was mapped.")
        if self.notes:
            lines.append(f"Check in the YAML ({len(self.notes)}):")
            lines += [f"  {n}" for n in self.notes]
        lines.append("The plan is a draft: resolve every TODO(author) comment and replace every "
                     "TODO: value (approve refuses a file that still has one), then approve it "
                     '(publisher approve FILE --by "ROLE").')
        return "\n".join(lines)
