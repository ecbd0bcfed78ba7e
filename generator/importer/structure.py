"""Structure: which rows are block titles, header rows, recommendation rows and actions.

A sheet may hold several agency blocks, each a title row ("West Midlands Police - Domestic
Homicide Review Action Plan …") followed by its own header row. Recommendation rows span
the table: text in the first cell only. Everything above the first header row is a
document title, read only for hints (kind, reference). A sheet with no header row but
"Title", "Owner", … in its first column is the plan sheet that `publisher export` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.errors import ContentError, Problem
from generator.importer.headers import Header, detect_header, normalise
from generator.importer.report import ImportReport
from generator.importer.table import Cell, Row, Table
from generator.importer.values import Heading, parse_heading

# The plan sheet's labels (as `publisher export` writes them) → plan keys.
PLAN_LABELS: dict[str, str] = {
    "title": "title", "kind": "kind", "reference": "reference", "owner": "owner",
    "commissioned by": "commissioned_by", "reviewer": "reviewer", "published": "published",
    "period from": "period_from", "period to": "period_to", "summary": "summary",
    "note": "note",
}

_KIND_PHRASES = (
    (r"domestic homicide review|\bdhr\b", "domestic-homicide-review"),
    (r"safeguarding adults? review|\bsar\b", "safeguarding-adults-review"),
    (r"partnership case review|serious case review|child safeguarding practice review",
     "partnership-case-review"),
    (r"thematic review", "thematic-review"),
    (r"homicide (review|investigation)|independent investigation", "independent-homicide-review"),
)
# "NHS - Domestic Homicide Review Action Plan …" or "… (BSMHFT) Domestic Homicide Review …":
# not "Action Plan" alone, or "Quarterly action plan tracker" would name the agency "Quarterly".
_TITLE_TAIL = re.compile(
    r"\s[-–—:]\s*|\s*[-–—:]\s|\b(?:" + "|".join(p for p, _ in _KIND_PHRASES) + ")", re.I)
_REFERENCE = re.compile(r"\b[A-Z]{2,}[A-Z]*\s?\d{2,}(?:[/.-]\d+)*\b")


@dataclass
class RowAction:
    table: Table
    row: Row
    header: Header
    agency: str | None


@dataclass
class DraftRecommendation:
    number: str | None
    text: str
    table: Table
    row: Row | None  # None: made up for actions that have no recommendation row
    actions: list[RowAction] = field(default_factory=list)


@dataclass
class Parsed:
    recommendations: list[DraftRecommendation] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    meta: dict[str, Cell] = field(default_factory=dict)


def kind_from(texts: list[str]) -> str | None:
    for text in texts:
        for pattern, kind in _KIND_PHRASES:
            if re.search(pattern, text, re.I):
                return kind
    return None


def reference_from(texts: list[str]) -> str | None:
    for text in texts:
        if match := _REFERENCE.search(text):
            return match[0]
    return None


def agency_from_title(title: str) -> str | None:
    """The words before the dash or before the name of the review, if any."""
    match = _TITLE_TAIL.search(title)
    agency = title[: match.start()].strip(" -–—:") if match else ""
    return agency or None


def parse_tables(tables: list[Table], report: ImportReport) -> Parsed:
    parsed = Parsed()
    header: Header | None = None
    agency: str | None = None
    current: DraftRecommendation | None = None
    for table in tables:
        if _is_plan_sheet(table):
            _read_plan_sheet(table, parsed, report)
            continue
        headers = [detect_header(row) for row in table.rows]
        if headers and headers[0] is not None:  # a new table with its own header: new block
            agency, current = None, None
        for index, row in enumerate(table.rows):
            if headers[index] is not None:
                header = headers[index]
                continue
            filled = row.filled()
            first = min(header.names) if header else filled[0].column
            single = len(filled) == 1 and filled[0].column <= first
            if single and index + 1 < len(headers) and headers[index + 1] is not None:
                text = filled[0].text
                parsed.hints.append(text)
                agency, current = agency_from_title(text), None
                if agency is None:
                    report.cell(table, row.number, filled[0].column, "", text,
                                "a title row naming no agency: read only for the plan's "
                                "kind and reference")
                continue
            if header is None:
                for cell in filled:
                    parsed.hints.append(cell.text)
                    report.cell(table, row.number, cell.column, "", cell.text,
                                "above the first header row: read only for the plan's "
                                "kind and reference")
                continue
            if single and not _ref_only(filled[0], header):
                current = _heading_row(table, row, filled[0], current, parsed, report)
                continue
            heading = _row_heading(row, header)
            if heading is not None and (
                    current is None or heading.number != current.number
                    or (heading.text and heading.text != current.text)):
                current = DraftRecommendation(heading.number, heading.text, table, row)
                parsed.recommendations.append(current)
            if current is None:
                current = DraftRecommendation(None, "", table, None)
                parsed.recommendations.append(current)
            current.actions.append(RowAction(table, row, header, agency))
    for rec in parsed.recommendations:
        if not rec.actions and rec.row is not None:
            report.cell(rec.table, rec.row.number, rec.row.filled()[0].column, "",
                        rec.row.filled()[0].text,
                        "a row with text in the first cell only and no actions under it")
    parsed.recommendations = [r for r in parsed.recommendations if r.actions]
    if header is None and not parsed.meta:
        raise_no_header(report)
    return parsed


def _ref_only(cell: Cell, header: Header) -> bool:
    """A lone short code in the ref column is an action row missing its other cells."""
    return (header.fields.get(cell.column) == "ref"
            and re.fullmatch(r"[A-Za-z]{0,3}\d[\w./-]{0,10}", cell.text) is not None)


def _heading_row(table: Table, row: Row, cell: Cell, current: DraftRecommendation | None,
                 parsed: Parsed, report: ImportReport) -> DraftRecommendation:
    heading = parse_heading(cell.text)
    if (current is not None and not current.actions and current.row is not None
            and current.number is not None and not current.text and heading.number is None):
        current.text = heading.text  # "Recommendation 7" then its text on the next row
        return current
    rec = DraftRecommendation(heading.number, heading.text, table, row)
    parsed.recommendations.append(rec)
    return rec


def _row_heading(row: Row, header: Header) -> Heading | None:
    """The recommendation given in the row's own columns, when the table has them."""
    number_column = header.column("recommendation_number")
    text_column = header.column("recommendation")
    number = row.cell(number_column).text if number_column else ""
    text = row.cell(text_column).text if text_column else ""
    if not number and not text:
        return None
    heading = parse_heading(text) if text else Heading(None, "")
    if number:
        heading = Heading(parse_heading(number).number or number, heading.text)
    return heading


def _is_plan_sheet(table: Table) -> bool:
    labels = [normalise(row.cells[0].text) for row in table.rows if row.cells]
    return (sum(label in PLAN_LABELS for label in labels) >= 2
            and not any(detect_header(row) for row in table.rows))


def _read_plan_sheet(table: Table, parsed: Parsed, report: ImportReport) -> None:
    for row in table.rows:
        filled = row.filled()
        key = PLAN_LABELS.get(normalise(filled[0].text)) if filled[0].column == 1 else None
        values = [cell for cell in filled if cell.column > 1]
        if key is None:
            if normalise(filled[0].text) in ("field", "plan", "value"):
                continue  # the sheet's own heading row
            for cell in filled:
                report.cell(table, row.number, cell.column, "", cell.text,
                            "not one of the plan's fields (Title, Kind, Owner, …)")
            continue
        if values:
            parsed.meta[key] = values[0]
        for extra in values[1:]:
            report.cell(table, row.number, extra.column, filled[0].text, extra.text,
                        "only the first value after a field's name is read")


def raise_no_header(report: ImportReport) -> None:

    raise ContentError([Problem(
        report.source, None, None,
        "has no table with a header row naming an action column, so no actions were found.",
        'The importer looks for a row of column names such as "Ref", "Action", "Lead", '
        '"Target date", "Progress", "RAG".')])
