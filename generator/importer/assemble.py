"""Assemble parsed rows into a draft ActionPlan, with the comments the author must read.

Every guess is both a `# TODO(author): …` comment beside the value in the YAML and a line
in the report; nothing the table says is dropped without one or the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from generator.content.dates import Target
from generator.content.leads import looks_like_name
from generator.content.lines import FieldPath
from generator.content.models import ActionPlan
from generator.errors import ContentError, Problem
from generator.importer.headers import normalise
from generator.importer.plan_head import HeadReader, Options
from generator.importer.report import ImportReport, shown
from generator.importer.statuses import StatusReader
from generator.importer.structure import (
    DraftRecommendation,
    Parsed,
    RowAction,
)
from generator.importer.table import Cell
from generator.importer.values import (
    dated_updates,
    lead_roles,
    numbered_items,
    parse_date_cell,
    parse_target_cell,
)

DRAFT_BY = "(to be approved)"
_TEXT_FIELDS = ("desired_outcome", "monitoring", "success_measure", "evidence", "assured_by")
_LEAD_AGENCY = re.compile(r"([^\n\s][^\n]{0,50}?)(?:\s[-–—]\s*|[-–—]\s)\S")
_SPLIT_FIELDS = ("lead", "target", "progress", "progress_date", "evidence", "status",
                 "desired_outcome", "monitoring", "success_measure", "assured_by")


@dataclass
class Imported:
    """The draft plan, the comments to write beside its values, and the report."""

    plan: ActionPlan
    comments: dict[FieldPath, list[str]]
    report: ImportReport


@dataclass
class _Builder(HeadReader, StatusReader):
    parsed: Parsed
    report: ImportReport
    options: Options
    comments: dict[FieldPath, list[str]] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)

    def todo(self, path: FieldPath, text: str) -> None:
        self.comments.setdefault(path, []).append(f"TODO(author): {text}")

    # ------------------------------------------------------------ plan

    def plan(self) -> dict[str, Any]:
        recs = [self.recommendation(r, i) for i, r in enumerate(self.parsed.recommendations)]
        if not recs:
            raise ContentError([Problem(self.options.source, None, None,
                                        "has a header row but no action rows under it.")])
        data = {**self.head(), "recommendations": recs}
        data["approval"] = {"status": "draft", "by": DRAFT_BY, "date": self.options.as_at}
        self.mark_placeholders(data, ())
        return data

    def mark_placeholders(self, value: Any, path: FieldPath) -> None:
        """A placeholder read back from an exported workbook keeps its comment."""
        if isinstance(value, dict):
            for key, item in value.items():
                self.mark_placeholders(item, (*path, key))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                self.mark_placeholders(item, (*path, number))
        elif isinstance(value, str) and value.startswith("TODO:") and path not in self.comments:
            self.todo(path, "still a placeholder: replace it.")

    # ------------------------------------------------------------ recommendations

    def recommendation(self, draft: DraftRecommendation, index: int) -> dict[str, Any]:
        path: FieldPath = ("recommendations", index)
        actions: list[dict[str, Any]] = []
        for row_action in draft.actions:
            actions += self.row_actions(row_action, draft, (*path, "actions"), len(actions))
        text = draft.text
        if not text:
            text = "TODO: the recommendation these actions respond to"
            rows = ", ".join(str(a.row.number) for a in draft.actions)
            refs = ", ".join(a["ref"] for a in actions)
            if draft.number is None:
                self.todo((*path, "text"), "the table gives no recommendation for these "
                          "actions.")
                self.report.notes.append(
                    f"{draft.table.name}, rows {rows}: actions {refs} have no recommendation "
                    "row above them; they are under a placeholder recommendation.")
            else:
                self.todo((*path, "text"), f"the table gives recommendation {draft.number} "
                          "without its text.")
                self.report.notes.append(
                    f"{draft.table.name}, rows {rows}: recommendation {draft.number} has no "
                    "text; a placeholder was written.")
        self.report.recommendations_written += 1
        return {"number": draft.number, "text": text, "actions": actions}

    def row_actions(self, item: RowAction, rec: DraftRecommendation, path: FieldPath,
                    start: int) -> list[dict[str, Any]]:
        cells: dict[str, Cell] = {}
        left_out: list[str] = []
        for cell in item.row.filled():
            name = item.header.fields.get(cell.column)
            if name is None:
                why = item.header.unknown.get(cell.column, "the column has no header")
                column = item.header.names.get(cell.column, "")
                self.report.cell(item.table, item.row.number, cell.column, column, cell.text, why)
                where = f'column "{column}"' if column else (
                    f"column {item.table.column_label(cell.column)}")
                left_out.append(f'not imported, {where}: "{shown(cell.text)}"')
            else:
                cells[name] = cell
        for text in left_out:
            self.todo((*path, start, "ref"), text)
        split = self.split(cells) if "ref" not in cells else None
        parts = split or [cells]
        if split:
            self.report.notes.append(
                f"{item.table.name}, row {item.row.number}: the numbered list in the action "
                f"cell became {len(split)} actions.")
        if "ref" not in cells and not split and "action" in cells:
            parts = [self.leading_ref(cells, item)]
        built = []
        for number, part in enumerate(parts, 1):
            ref = part["ref"].text if "ref" in part else None
            if split:
                base = ref or (rec.number if rec.number and re.fullmatch(r"[\w.]+", rec.number)
                               else None)
                ref = f"{base}.{number}" if base else None
            built.append(self.action(item, part, ref, rec, (*path, start + len(built))))
        return built

    def leading_ref(self, cells: dict[str, Cell], item: RowAction) -> dict[str, Cell]:
        """ "1.1 Monitor TVP's effectiveness …" in a table with no ref column: the number that
        starts the action is its ref."""
        action = cells["action"]
        match = re.match(r"(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(\S.*)", action.text, re.S)
        if match is None:
            return cells
        self.report.notes.append(f'{item.table.name}, row {item.row.number}: ref "{match[1]}" '
                                 "taken from the start of the action.")
        return {**cells, "ref": Cell(action.column, match[1]),
                "action": Cell(action.column, match[2], fill=action.fill)}

    def split(self, cells: dict[str, Cell]) -> list[dict[str, Cell]] | None:
        """A row whose action cell is a numbered list, with the targets or progress numbered
        alike (the "Actions to be taken 1. 2. 3." layout), is one action per item."""
        items = numbered_items(cells["action"].text) if "action" in cells else None
        if not items:
            return None
        lists = {name: numbered_items(cells[name].text) for name in _SPLIT_FIELDS
                 if name in cells and cells[name].when is None}
        if not any(found and len(found) == len(items) for found in lists.values()):
            return None
        parts = []
        for i, text in enumerate(items):
            part = dict(cells)
            part["action"] = Cell(cells["action"].column, text)
            for name, found in lists.items():
                if found and len(found) == len(items):
                    part[name] = Cell(cells[name].column, found[i], fill=cells[name].fill)
            parts.append(part)
        return parts

    # ------------------------------------------------------------ one action

    def action(self, item: RowAction, cells: dict[str, Cell], ref: str | None,
               rec: DraftRecommendation, path: FieldPath) -> dict[str, Any]:
        text = {name: cell.text for name, cell in cells.items()}
        act: dict[str, Any] = {"ref": self.unique_ref(ref, item, rec, path)}
        agency = self.agencies(text["agency"], path) if "agency" in text else None
        act["agency"] = agency or item.agency or self.lead_agency(item, text, path)
        act["action"] = text.get("action") or "TODO: the action"
        if "action" not in text:
            self.todo((*path, "action"), "the table gives no action in this row.")
            self.report.notes.append(f"{item.table.name}, row {item.row.number}: no action text.")
        act["lead"] = self.roles(lead_roles(text["lead"]), path) if "lead" in text else []
        act["target"] = self.target(item, cells.get("target"), path)
        for name in _TEXT_FIELDS:
            act[name] = text.get(name)
        act["progress"] = self.progress(item, cells, path)
        act["status"] = self.status(item, cells, act["progress"], path)
        if act["status"] == "closed":
            said = cells["status"].text.strip()
            act["closed_reason"] = re.sub(r"^closed\s*[:–—-]\s*", "", said, flags=re.I)
            self.todo((*path, "closed_reason"), "taken from the status cell: check that it "
                      "says why the action was closed without being completed.")
        self.report.actions_written += 1
        return act

    def agencies(self, text: str, path: FieldPath) -> str | list[str]:
        """ "Cornwall Housing, EHSC, CFT": an action shared by several bodies is a list. One
        per line or between semicolons; between commas only when every part is a short name
        (so "Birmingham, Solihull and Black Country Area Team" stays one)."""
        if self.parsed.meta:  # written by publisher export: one per line, nothing else split
            lines = [n.strip() for n in text.split("\n") if n.strip()]
            return lines if len(lines) >= 2 else text
        lines = [n.strip() for n in re.split(r"[;\n]+", text) if n.strip()]
        if len(lines) >= 2:
            return lines
        names = [n.strip() for n in text.split(",") if n.strip()]
        if len(names) < 2 or any(len(n.split()) > 3 for n in names):
            return text
        self.todo((*path, "agency"), f'the table says "{shown(text)}": one agency per item; '
                  "check the split.")
        return names

    def roles(self, leads: list[str], path: FieldPath) -> list[str]:
        """A lead given as a name and a role ("Jane Smith, Head of Safeguarding") keeps the
        role only: a name would be published as [redacted]."""
        if self.parsed.meta:
            return leads  # written by publisher export from a plan: check warns about names
        kept: list[str] = []
        for lead in leads:
            parts = [p.strip(" .") for p in re.split(r"\s*(?:,|;|\(|\)|\s[-–—]\s)\s*", lead)
                     if p.strip(" .")]
            names = [p for p in parts if looks_like_name(p)]
            roles = [p for p in parts if p not in names]
            if names and roles:
                kept.append(", ".join(roles))
                self.todo((*path, "lead"), "the table gives a person's name as well as the "
                          "role: only the role was kept.")
            else:
                kept.append(lead)
                if names:
                    self.todo((*path, "lead"), "this looks like a person's name: write the "
                              "role or team instead.")
        return kept

    def lead_agency(self, item: RowAction, text: dict[str, str], path: FieldPath) -> str | None:
        """With no block titles and no agency column, a "Lead Officer and Agency" cell
        written "BSMHFT - CPA Lead" names the agency before the dash."""
        column = item.header.column("lead")
        name = normalise(item.header.names.get(column, "")) if column else ""
        if item.header.column("agency") is not None:
            return None
        if "lead" not in text or not re.search(r"\bagency\b|\borgani[sz]ation\b", name):
            return None
        match = _LEAD_AGENCY.match(text["lead"])
        if match is None:
            return None
        self.todo((*path, "agency"), "taken from the lead column: check it.")
        return match[1]

    def unique_ref(self, ref: str | None, item: RowAction, rec: DraftRecommendation,
                   path: FieldPath) -> str:
        where = f"{item.table.name}, row {item.row.number}"
        if not ref:
            base = rec.number if rec.number and re.fullmatch(r"[\w.]+", rec.number) else "A"
            count = 1
            while f"{base}.{count}" in self.refs:
                count += 1
            ref = f"{base}.{count}"
            self.todo((*path, "ref"), "the table gives no ref for this action: one was made up.")
            self.report.notes.append(f'{where}: no ref; given "{ref}".')
        elif ref in self.refs:
            original, count = ref, 2
            while f"{original} ({count})" in self.refs:
                count += 1
            ref = f"{original} ({count})"
            self.todo((*path, "ref"), f'the table uses ref "{original}" twice.')
            self.report.notes.append(f'{where}: ref "{original}" is used twice; given "{ref}".')
        self.refs.add(ref)
        return ref

    def target(self, item: RowAction, cell: Cell | None, path: FieldPath) -> Target | None:
        if cell is None:
            return None
        value, note = parse_target_cell(cell)
        if note:
            self.todo((*path, "target"), note)
        if value is None:
            self.todo((*path, "target"), f'the table says "{shown(cell.text)}", which is not a '
                      "target the format takes: write a date (2019-09-30), a month (2019-09), a "
                      'quarter (2019-Q3 or 2019/20 Q3) or "ongoing".')
            self.report.cell(item.table, item.row.number, cell.column,
                             item.header.names.get(cell.column, ""), cell.text,
                             "not a date, month, quarter or ongoing: kept in a comment, target "
                             "left empty")
        return value

    def progress(self, item: RowAction, cells: dict[str, Cell],
                 path: FieldPath) -> list[dict[str, Any]]:
        cell = cells.get("progress")
        if cell is None:
            return []
        updates = dated_updates(cell.text)
        if updates:
            return [{"date": when, "text": body} for when, body in updates]
        dated = cells.get("progress_date")
        when = parse_date_cell(dated) if dated else None
        if when is None:
            when = self.options.progress_date or self.options.as_at
            given = "as --progress-date" if self.options.progress_date else "to the import date"
            self.todo((*path, "progress", 0, "date"),
                      f"the table does not date this update: set {given}.")
            if dated is not None:
                self.report.cell(item.table, item.row.number, dated.column,
                                 item.header.names.get(dated.column, ""), dated.text,
                                 "not a date: the update is dated with the import date")
        return [{"date": when, "text": cell.text}]


def assemble(parsed: Parsed, report: ImportReport, options: Options) -> Imported:
    builder = _Builder(parsed, report, options)
    data = builder.plan()
    try:
        plan = ActionPlan.model_validate(data)
    except ValidationError as error:
        problems = [Problem(options.source, None, ".".join(str(p) for p in e["loc"]), e["msg"])
                    for e in error.errors()]
        raise ContentError(problems) from None
    return Imported(plan, builder.comments, report)

