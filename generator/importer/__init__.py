"""Import action plans from spreadsheets and Word tables; export them back to .xlsx.

    read_tables(path) → tables → parse_tables → Parsed → assemble → Imported(plan, comments,
    report) → plan_yaml(plan, comments) → the draft YAML the author reviews.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.content.dates import DayOrMonth
from generator.importer.assemble import DRAFT_BY, Imported, assemble
from generator.importer.exporter import export_plan
from generator.importer.plan_head import Options
from generator.importer.ragkey import find_key
from generator.importer.readers import read_paragraphs, read_tables
from generator.importer.report import ImportReport
from generator.importer.structure import parse_tables
from generator.importer.writer import plan_yaml


def import_file(path: Path, *, as_at: date | None = None, title: str | None = None,
                kind: str | None = None, owner: str | None = None,
                progress_date: DayOrMonth | None = None) -> Imported:
    """Read a .xlsx, .csv/.tsv or .docx file into a draft plan. Raises ContentError when the
    file cannot be read or holds no action table.

    `as_at` (default today) dates the draft approval and, unless `progress_date` is given,
    progress updates the table does not date."""
    tables, skipped = read_tables(path)
    report = ImportReport(str(path), [t.name for t in tables])
    report.notes += skipped
    report.rows_read = sum(len(t.rows) for t in tables)
    key, tables = find_key(tables, read_paragraphs(path))
    if key is not None:
        report.notes.append(f"RAG key found ({key.describe()}): colours read by it.")
    parsed = parse_tables(tables, report)
    options = Options(str(path), as_at or date.today(), title, kind, owner, progress_date, key)
    return assemble(parsed, report, options)


def imported_yaml(imported: Imported) -> str:
    """The draft plan as YAML, with a preamble saying where it came from."""
    report = imported.report
    preamble = [
        f"Imported from {Path(report.source).name} by `publisher import` "
        f"on {imported.plan.approval.date.isoformat()}.",
        "A draft: resolve every TODO(author) comment and replace every TODO: value (approve",
        "refuses a file that still has one), then approve it with",
        '`publisher approve <this file> --by "<role>"`.',
    ]
    return plan_yaml(imported.plan, imported.comments, preamble)


__all__ = ["DRAFT_BY", "ImportReport", "Imported", "export_plan", "import_file",
           "imported_yaml", "plan_yaml"]
