"""The plan's head: the options the command line gives, and the fields above the
recommendations (title, kind, reference, owner, dates, summary) read from them, the file's
plan sheet and the table's titles, with a comment for the author on every guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from generator.content.dates import DayOrMonth
from generator.content.lines import FieldPath
from generator.content.models import KIND_LABELS
from generator.importer.ragkey import RagKey
from generator.importer.report import ImportReport
from generator.importer.structure import Parsed, kind_from, reference_from
from generator.importer.table import Cell
from generator.importer.values import parse_date_cell


@dataclass(frozen=True)
class Options:
    """What the command line says about the file being imported."""

    source: str
    as_at: date
    title: str | None = None
    kind: str | None = None
    owner: str | None = None
    progress_date: DayOrMonth | None = None  # for undated progress; the import date otherwise
    key: RagKey | None = None  # the file's own RAG key, when it has one


class BuilderPart:
    """What each part of the importer's builder (assemble._Builder) reads and writes: the
    parsed tables, the report, the options, and a comment for the author beside a value."""

    parsed: Parsed
    report: ImportReport
    options: Options

    def todo(self, path: FieldPath, text: str) -> None:
        raise NotImplementedError


class HeadReader(BuilderPart):
    """The head part of the builder."""

    def head(self) -> dict[str, Any]:
        meta = {key: cell for key, cell in self.parsed.meta.items() if not cell.empty}
        hints = self.parsed.hints
        opts = self.options
        head: dict[str, Any] = {}
        kind = opts.kind or self.meta_kind(meta.get("kind")) or kind_from(hints)
        if kind is None:
            kind = "other"
            self.todo(("kind",), "the table does not say what kind of review this is.")
        elif not opts.kind and "kind" not in meta:
            self.todo(("kind",), "taken from the table's titles: check it.")
        reference = meta["reference"].text if "reference" in meta else reference_from(hints)
        if opts.title or "title" in meta:
            head["title"] = opts.title or meta["title"].text
        else:
            label = KIND_LABELS[kind] if kind != "other" else "Review"
            head["title"] = f"{label} {reference} action plan" if reference else (
                f"TODO: title (imported from {PurePath(opts.source).name})")
            self.todo(("title",), "write the plan's title as readers should see it.")
        head["kind"] = kind
        if reference:
            head["reference"] = reference
            if "reference" not in meta:
                self.todo(("reference",), "taken from the table's titles: check it.")
        head["owner"] = opts.owner or (meta["owner"].text if "owner" in meta else None)
        if head["owner"] is None:
            head["owner"] = "TODO: the organisation that owns this plan"
            self.todo(("owner",), "the organisation that owns and publishes the plan.")
        for key in ("commissioned_by", "reviewer"):
            if key in meta:
                head[key] = meta[key].text
        head["published"] = self.meta_date(meta, "published")
        if head["published"] is None:
            head["published"] = opts.as_at
            self.todo(("published",), "the date the plan is published (set to the import "
                      "date).")
        if "period_from" in meta or "period_to" in meta:
            to = meta.get("period_to")
            ongoing = to is not None and to.text.strip().lower() == "ongoing"
            start = self.meta_date(meta, "period_from")
            end = "ongoing" if ongoing else self.meta_date(meta, "period_to")
            if start is not None and end is not None:
                head["period"] = {"from": start, "to": end}
            else:
                self.report.notes.append("Plan sheet: a period needs both Period from and "
                                         "Period to; it was left out.")
        head["summary"] = meta["summary"].text if "summary" in meta else (
            "TODO: what the plan is and why it exists.")
        if "summary" not in meta:
            self.todo(("summary",), "say what the plan is and why it exists (Markdown).")
        if "note" in meta:
            head["note"] = meta["note"].text
        return head

    def meta_kind(self, cell: Cell | None) -> str | None:
        if cell is None:
            return None
        wanted = cell.text.strip().lower()
        for slug, label in KIND_LABELS.items():
            if wanted in (slug, label.lower()):
                return slug
        self.report.notes.append(f'Plan sheet: kind "{cell.text}" is not a known kind.')
        return None

    def meta_date(self, meta: dict[str, Cell], key: str) -> DayOrMonth | None:
        cell = meta.get(key)
        value = parse_date_cell(cell) if cell else None
        if cell is not None and value is None:
            self.report.notes.append(f'Plan sheet: {key} "{cell.text}" is not a date.')
        return value
