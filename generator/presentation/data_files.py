"""Open data beside the pages: plans.json (nested) and actions.csv (one row per action)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from generator.content.dates import ONGOING, Target, due_date, human, iso
from generator.content.models import ActionPlan, Doc, Licence
from generator.content.status import action_status, is_overdue
from generator.presentation.markup import anchor
from generator.presentation.parts_store import PartsStore

ACTION_COLUMNS: list[tuple[str, str]] = [
    ("plan_slug", "The plan's short name, as in its web address /plans/<plan_slug>/."),
    ("plan_title", "The plan's title."),
    ("plan_kind", "The kind of review the plan responds to."),
    ("owner", "The organisation that owns the plan."),
    ("recommendation", 'The recommendation number as the review gives it, e.g. "5, 7 and 10".'),
    ("ref", "The action's reference, unique within the plan."),
    ("agency", "The agency responsible (multi-agency plans); when several share the action, "
     'every one, separated by semicolons ("Cornwall Housing; EHSC; CFT"); empty otherwise.'),
    ("action", "The action, as Markdown text."),
    ("lead", "The roles responsible, separated by semicolons."),
    ("target", "Target as the plan gives it: YYYY-MM-DD (a date), YYYY-MM (a month), YYYY-Qn "
     "(a calendar quarter), YYYY/YY Qn (a financial-year quarter, April to March: 2019/20 Q3 is "
     "October to December 2019), Ongoing (no end date), or empty (no target)."),
    ("target_due", "The last day the target is met (YYYY-MM-DD): the date itself, or the last "
     "day of the month or quarter; empty for Ongoing or no target."),
    ("status", "As the plan's authors report it: not-started, in-progress, complete or closed "
     "(ended without being completed)."),
    ("closed_reason", "Why a closed action was closed without being completed; empty otherwise."),
    ("shown_status", "What readers see: Complete, In progress, Not started, Overdue or Closed."),
    ("overdue", "yes if neither complete nor closed and the target's last day is before the "
     "as_at date, else no (never for Ongoing)."),
    ("latest_progress_date", "Date of the newest progress update (YYYY-MM-DD or YYYY-MM)."),
    ("as_at", "The date status was computed for (YYYY-MM-DD)."),
    ("url", "The action on the plan's web page."),
]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe.

    Open data is opened in Excel by most readers; "=HYPERLINK(...)" in a progress note must
    arrive as text, not as a live formula (CSV injection).
    """
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def write_rows(rows: list[list[str]]) -> str:
    """RFC 4180 CSV: CRLF line ends, quoted only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
    return buffer.getvalue()


def target_text(target: Target | None) -> str:
    """As written, but "Ongoing" as readers see it."""
    return human(target) if target == ONGOING else iso(target)


def target_due(target: Target | None) -> str:
    return "" if target in (None, ONGOING) else due_date(target).isoformat()


# What plans.json adds to each plan and action as the models dump them (the approval block is
# left out). data/plans.schema.json is the models' schema with exactly these changes
# (generator/site/open_data.py), so the data and its schema cannot drift apart.
PLAN_ADDED: dict[str, dict[str, Any]] = {
    "slug": {"type": "string", "description": "The plan's short name, as in /plans/<slug>/."},
    "url": {"type": "string", "format": "uri", "description": "The plan's web page."},
}
ACTION_ADDED: dict[str, dict[str, Any]] = {
    "target_due": {"type": ["string", "null"], "format": "date",
                   "description": "The last day the target is met (YYYY-MM-DD): the date "
                   "itself, or the last day of the month or quarter; null for Ongoing or no "
                   "target."},
    "shown_status": {"type": "string", "description": "What readers see: Complete, In "
                     "progress, Not started, Overdue or Closed, as at the as_at date."},
    "overdue": {"type": "boolean", "description": "Neither complete nor closed, and the "
                "target's last day is before the as_at date (never for Ongoing)."},
}
PLAN_LEFT_OUT = ("approval",)


def plans_json(plans: list[Doc[ActionPlan]], as_at: date, base_url: str,
               licence: Licence) -> str:
    """plans.json whole: byte for byte json.dumps(document, indent=1), made from the plans'
    parts as the build writes it piece by piece (plans_json_pieces)."""
    parts = [plan_json_part(doc, as_at, base_url).encode() for doc in plans]
    return b"".join(plans_json_pieces(parts, as_at, licence)).decode()


def plan_json_part(doc: Doc[ActionPlan], as_at: date, base_url: str) -> str:
    """One plan's object in plans.json, indented as it stands there (see plans_json_pieces)."""
    data = doc.data.model_dump(mode="json", by_alias=True, exclude=set(PLAN_LEFT_OUT))
    for rec_data, rec in zip(data["recommendations"], doc.data.recommendations, strict=True):
        for act_data, act in zip(rec_data["actions"], rec.actions, strict=True):
            act_data["target"] = target_text(act.target)
            act_data["target_due"] = target_due(act.target) or None
            act_data["shown_status"] = action_status(act, as_at).label
            act_data["overdue"] = is_overdue(act, as_at)
    record = {"slug": doc.slug, "url": f"{base_url}plans/{doc.slug}/", **data}
    # Two levels deep (the document, its "plans" list) at indent=1: newlines only ever stand
    # between tokens (a newline inside a string is written as \n), so this is the text
    # json.dumps gives the same object inside the whole document.
    return "  " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def plans_json_pieces(parts: list[bytes], as_at: date, licence: Licence) -> list[bytes]:
    """plans.json from its plans' parts, as pieces to write one after the other: a one-plan
    edit re-dumps one plan, not all of them, and the whole file is never one string (135 MB at
    5,000 plans, issue 18)."""
    head = json.dumps({"as_at": as_at.isoformat(), "licence": licence.model_dump(),
                       "plans": []}, ensure_ascii=False, indent=1)
    if not parts:
        return [head.encode()]
    assert head.endswith(' "plans": []\n}'), head[-40:]
    pieces = [head[: -len("[]\n}")].encode() + b"[\n"]
    for n, part in enumerate(parts):
        pieces += [b",\n", part] if n else [part]
    return [*pieces, b"\n ]\n}"]


def actions_csv(plans: list[Doc[ActionPlan]], as_at: date, base_url: str) -> str:
    """One row per action; the columns are ACTION_COLUMNS (described in the CSVW metadata)."""
    parts = [plan_csv_part(doc, as_at, base_url).encode() for doc in plans]
    return b"".join(actions_csv_pieces(parts)).decode()


def actions_csv_pieces(parts: list[bytes]) -> list[bytes]:
    return [write_rows([[name for name, _ in ACTION_COLUMNS]]).encode(), *parts]


def plan_csv_part(doc: Doc[ActionPlan], as_at: date, base_url: str) -> str:
    """One plan's rows of actions.csv (CSV rows stand alone: the file is their concatenation)."""
    rows: list[list[str]] = []
    plan = doc.data
    for rec in plan.recommendations:
        for act in rec.actions:
            latest = max((iso(p.date) for p in act.progress), default="")
            rows.append([
                doc.slug, plan.title, plan.kind, plan.owner, rec.number or "", act.ref,
                "; ".join(act.agency), act.action.strip(), "; ".join(act.lead),
                target_text(act.target), target_due(act.target), act.status,
                (act.closed_reason or "").strip(), action_status(act, as_at).label,
                "yes" if is_overdue(act, as_at) else "no", latest, as_at.isoformat(),
                f"{base_url}plans/{doc.slug}/#action-{anchor(act.ref)}",
            ])
    return write_rows(rows)


def open_data(plans: list[Doc[ActionPlan]], keys: list[str], as_at: date, base_url: str,
              licence: Licence, cache: Path | None) -> tuple[list[bytes], list[bytes]]:
    """plans.json and actions.csv as pieces of UTF-8 to write one after the other, each plan's
    part taken from the store beside `cache` (generator/presentation/parts_store.py) when its
    key (render's hash of everything its page is made from, which covers its part too) is
    there: a one-plan edit dumps one plan again, not all of them, and adds only its parts to
    the store. Kept parts are views into the store's bytes (bytes-like, as a file's
    writelines takes them), never copied; made ones are bytes."""
    store = PartsStore(cache) if cache is not None else None
    if cache is not None:
        cache.unlink(missing_ok=True)  # the whole-pickle store of earlier versions
    old: dict[str, tuple[Any, Any]] = store.load() if store is not None else {}
    new: dict[str, tuple[Any, Any]] = {}
    for doc, key in zip(plans, keys, strict=True):
        part = old.get(key)
        if part is None:
            part = (plan_json_part(doc, as_at, base_url).encode(),
                    plan_csv_part(doc, as_at, base_url).encode())
        new[key] = part
    del old
    if store is not None:
        store.save(keys, new)
    parts = [new[key] for key in keys]
    del new
    return (plans_json_pieces([p[0] for p in parts], as_at, licence),
            actions_csv_pieces([p[1] for p in parts]))
