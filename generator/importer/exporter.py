"""`publisher export`: a plan as an .xlsx workbook, for authors who keep working in Excel.

The workbook is the layout the importer reads best, so import(export(plan)) gives the
plan back (as a draft: a spreadsheet edit is not an approval). Sheet "Actions": one header
row, a row per action, recommendation rows spanning the table ("Recommendation 8: …"),
real date cells (a month is a date cell formatted "mmm yyyy"), RAG as word and colour,
progress as dated paragraphs ("2020-08-01: Complete. …"). Sheet "Plan": the plan's own
fields, one per row.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.worksheet import Worksheet

from generator.content.dates import ONGOING, DayOrMonth, FinancialQuarter, Month, Quarter
from generator.content.models import KIND_LABELS, Action, ActionPlan
from generator.errors import FileError
from generator.importer.values import heading_text

# (header, width): every header is one the importer maps to the same field.
COLUMNS: list[tuple[str, int]] = [
    ("Ref", 9), ("Agency", 18), ("Action", 48), ("Lead", 26), ("Target date", 13),
    ("Desired outcome", 30), ("Monitoring arrangements", 30),
    ("How will success be measured", 30), ("Written evidence", 30), ("Quality assured by", 20),
    ("Status (RAG)", 13), ("Progress", 60),
]
STATUS_WORDS = {"complete": "Complete", "in-progress": "In progress",
                "not-started": "Not started", "closed": "Closed"}
# Closed is grey: not a RAG colour, so the importer reads the word ("Closed: <reason>").
STATUS_FILLS = {"complete": "00B050", "in-progress": "FFC000", "not-started": "FF0000",
                "closed": "D9D9D9"}
STATUS_COLUMN = 1 + next(i for i, (name, _) in enumerate(COLUMNS) if name.startswith("Status"))
_HEADING_FILL = "D9D9D9"
_DAY_FORMAT = "dd/mm/yyyy"
_MONTH_FORMAT = "mmm yyyy"
_WRAP = Alignment(wrap_text=True, vertical="top")


def export_plan(plan: ActionPlan, out: Path) -> None:
    book = Workbook()
    actions = book.active
    actions.title = "Actions"
    try:
        _actions_sheet(actions, plan)
        _plan_sheet(book.create_sheet("Plan"), plan)
    except IllegalCharacterError:
        raise FileError(f"{out}: the plan holds a control character that Excel cannot "
                             "store; remove it from the YAML and export again.") from None
    try:
        book.save(out)
    except OSError as error:
        raise FileError(f"{out}: could not be written ({error.strerror}).") from None


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row, column)
    if isinstance(value, Month):
        cell.value = datetime(value.year, value.month, 1)
        cell.number_format = _MONTH_FORMAT
    elif isinstance(value, date):
        cell.value = datetime(value.year, value.month, value.day)
        cell.number_format = _DAY_FORMAT
    elif value == ONGOING:
        cell.value = "Ongoing"
    elif isinstance(value, Quarter | FinancialQuarter):
        cell.value = value.isoformat()  # 2019-Q3, 2019/20 Q3: text, as the importer reads it
    elif value is not None:
        cell.value = value
        cell.data_type = "s"  # text starting "=" stays text, not a formula
    cell.alignment = _WRAP


def _actions_sheet(sheet: Worksheet, plan: ActionPlan) -> None:
    for column, (name, width) in enumerate(COLUMNS, 1):
        _put(sheet, 1, column, name)
        sheet.cell(1, column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    row = 2
    for rec in plan.recommendations:
        _put(sheet, row, 1, heading_text(rec.number, rec.text))
        sheet.cell(row, 1).font = Font(bold=True)
        sheet.cell(row, 1).fill = PatternFill("solid", fgColor=_HEADING_FILL)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        row += 1
        for action in rec.actions:
            for column, value in enumerate(_action_cells(action), 1):
                _put(sheet, row, column, value)
            colour = STATUS_FILLS.get(action.status)
            if colour:  # a draft's "TODO: …" status is written as its words, uncoloured
                sheet.cell(row, STATUS_COLUMN).fill = PatternFill("solid", fgColor=colour)
            row += 1


def _action_cells(action: Action) -> list[Any]:
    progress = "\n\n".join(f"{u.date.isoformat()}: {u.text}" for u in action.progress)
    status = STATUS_WORDS.get(action.status, action.status)
    if action.status == "closed":
        status = f"Closed: {action.closed_reason}"
    return [
        action.ref, "\n".join(action.agency) or None, action.action,
        "\n".join(action.lead) or None, action.target, action.desired_outcome,
        action.monitoring, action.success_measure, action.evidence, action.assured_by,
        status, progress or None,
    ]


def _plan_sheet(sheet: Worksheet, plan: ActionPlan) -> None:
    period = plan.period
    to: DayOrMonth | str | None = period.to if period else None
    fields: list[tuple[str, Any]] = [
        ("Title", plan.title), ("Kind", KIND_LABELS[plan.kind]), ("Reference", plan.reference),
        ("Owner", plan.owner), ("Commissioned by", plan.commissioned_by),
        ("Reviewer", plan.reviewer), ("Published", plan.published),
        ("Period from", period.from_ if period else None),
        ("Period to", "ongoing" if to == "ongoing" else to),
        ("Summary", plan.summary), ("Note", plan.note),
    ]
    _put(sheet, 1, 1, "Field")
    _put(sheet, 1, 2, "Value")
    sheet.cell(1, 1).font = sheet.cell(1, 2).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    for row, (label, value) in enumerate(fields, 2):
        _put(sheet, row, 1, label)
        _put(sheet, row, 2, value)
