"""Header detection by meaning: which column holds which plan field.

Real plans name their columns in many ways ("Action (SMART)", "Smart Action", "Timescale",
"Outcome/ Progress", "Quality Assured by BCSP"), in any order and case, often repeated at
the top of every agency block. A header is matched exactly against known names first, then
by the words in it; a row is a header row when it names an action column and at least two
other fields, and most of its filled cells are recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.table import Row

# Fields an action-table column can hold. Besides the Action model's fields: the
# recommendation (and its number) when given per row, and the date of a progress update.
FIELDS = (
    "ref", "agency", "action", "lead", "target", "desired_outcome", "monitoring",
    "success_measure", "evidence", "assured_by", "status", "progress", "progress_date",
    "recommendation", "recommendation_number",
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "ref no", "ref number", "reference", "reference number", "no", "number",
            "action ref", "action no", "action number", "action reference", "id", "item"),
    "action": ("action", "actions", "action smart", "smart action", "smart actions",
               "actions smart", "action to be taken", "actions to be taken", "action required",
               "actions required", "agreed action", "agreed actions", "what will be done",
               "recommended action", "smart action plan"),
    "lead": ("lead", "lead officer", "lead officer and agency", "lead officer agency",
             "lead officers", "person responsible", "persons responsible", "responsible officer",
             "responsible person", "responsibility", "lead person", "lead role", "owner",
             "action owner", "named lead", "lead and agency", "who"),
    "agency": ("agency", "lead agency", "organisation", "organization", "lead organisation",
               "lead organization", "lead service", "partner agency", "responsible agency"),
    "target": ("target", "target date", "target date for completion", "target completion date",
               "timescale", "timescales", "deadline", "due date", "due", "completion date",
               "date for completion", "by when", "target timescale", "timeframe"),
    "desired_outcome": ("desired outcome", "desired outcomes", "outcome", "outcomes",
                        "expected outcome", "expected outcomes", "intended outcome",
                        "anticipated outcome"),
    "monitoring": ("monitoring", "monitoring arrangements", "monitoring arrangement",
                   "how will progress be monitored", "how will this be monitored",
                   "monitored by"),
    "success_measure": ("how will success be measured", "how success will be measured",
                        "success measure", "success measures", "measure of success",
                        "measures of success", "success criteria", "outcome measure",
                        "outcome measures"),
    "progress": ("progress", "outcome progress", "progress to date", "progress update",
                 "progress updates", "update", "updates", "current position", "latest update",
                 "progress notes", "current status of action", "current status",
                 "status of action", "status update"),
    "evidence": ("evidence", "written evidence", "written evidence location",
                 "evidence location", "evidence to be probed", "evidence of completion",
                 "location of evidence", "supporting evidence", "evidence source"),
    "status": ("status", "rag", "status rag", "rag status", "rag rating", "rating",
               "rag rated", "progress rag", "current rag", "completion status",
               "status rag rating", "r a g", "r a g status", "r a g rating", "brag",
               "b r a g"),
    "assured_by": ("assured by", "quality assured by", "assurance", "quality assurance",
                   "signed off by", "sign off", "verified by"),
    "recommendation": ("recommendation", "recommendations", "issue", "issues",
                       "issue identified", "issues identified", "recommendation issue",
                       "finding", "findings"),
    "recommendation_number": ("recommendation number", "recommendation no", "rec no", "rec",
                              "rec number", "recommendation ref"),
    "progress_date": ("date of update", "update date", "progress date", "last updated",
                      "date updated", "date of progress update", "progress update date"),
}
_EXACT = {name: field for field, names in SYNONYMS.items() for name in names}

# "Quality Assured by BCSP", "Signed off by Director": the words after name the assurer.
_PREFIXES = (("quality assured by", "assured_by"), ("assured by", "assured_by"),
             ("signed off by", "assured_by"), ("verified by", "assured_by"))

# By the words in it, first match wins: "Outcome/Progress" is progress, not an outcome;
# "Lead Officer and Agency" is a lead, "Lead organisation" an agency (exact above).
_WORDS: tuple[tuple[str, str], ...] = (
    (r"\brag\b", "status"),
    (r"\bassur|\bsigned off\b|\bsign off\b|\bverified\b", "assured_by"),
    (r"\bupdated?\b.*\bdate\b|\bdate\b.*\bupdate", "progress_date"),
    (r"\bprogress|\bupdate", "progress"),
    (r"\bevidence\b", "evidence"),
    (r"\bmonitor", "monitoring"),
    (r"\bsuccess\b|\bmeasured?\b", "success_measure"),
    (r"\boutcomes?\b", "desired_outcome"),
    (r"\btarget\b|\btimescales?\b|\bdeadline\b|\bdue\b|\bcompletion date\b|\bby when\b",
     "target"),
    (r"\bofficers?\b|\bperson\b|\bresponsib|\bowner\b", "lead"),
    (r"\bagency\b|\borgani[sz]ation\b", "agency"),
    (r"\blead\b", "lead"),
    (r"\brecommendations? (no|number|ref)\b", "recommendation_number"),
    (r"\brecommendations?\b|\bissues?\b", "recommendation"),
    (r"\bref\b|\breference\b|^no\b", "ref"),
    (r"\bactions?\b", "action"),
    (r"\bstatus\b", "status"),
)
_SHORT_WORDS = 8  # a longer cell is content, not a column name


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def field_for(header: str) -> str | None:
    """The plan field a column header names, or None."""
    name = normalise(header)
    if not name:
        return None
    if name in _EXACT:
        return _EXACT[name]
    for prefix, field in _PREFIXES:
        if name.startswith(prefix + " "):
            return field
    if len(name.split()) > _SHORT_WORDS:
        return None
    for pattern, field in _WORDS:
        if re.search(pattern, name):
            return field
    return None


@dataclass(frozen=True)
class Header:
    """A header row: the field of each column, and the columns it did not recognise."""

    row: int
    fields: dict[int, str]  # column -> field; a field's first column only
    names: dict[int, str]  # column -> header text, for the report
    unknown: dict[int, str]  # column -> why its cells are not mapped

    def column(self, field: str) -> int | None:
        return next((c for c, f in self.fields.items() if f == field), None)


def detect_header(row: Row) -> Header | None:
    filled = row.filled()
    found = {cell.column: field_for(cell.text) for cell in filled if cell.when is None}
    recognised = {c: f for c, f in found.items() if f}
    distinct = set(recognised.values())
    if "action" not in distinct or len(distinct) < 3 or len(recognised) * 5 < len(filled) * 3:
        return None
    fields: dict[int, str] = {}
    unknown: dict[int, str] = {}
    names = {cell.column: cell.text for cell in filled}
    for column in sorted(names):
        field = recognised.get(column)
        if field == "recommendation" and field in fields.values():
            # "Recommendation | Issue identified": the first holds the number, the second the text.
            first = next(c for c, f in fields.items() if f == field)
            if normalise(names[first]) in ("recommendation", "recommendations"):
                fields[first] = "recommendation_number"
        if field is None:
            unknown[column] = f'the column "{names[column]}" is not a plan field'
        elif field in fields.values():
            first = next(names[c] for c, f in fields.items() if f == field)
            unknown[column] = f'a second column for the same field as "{first}"'
        else:
            fields[column] = field
    return Header(row.number, fields, names, unknown)
