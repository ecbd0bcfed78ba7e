"""A workbook's or document's own RAG key: what its colours mean, read instead of guessed.

"Green" means complete in one plan and "on track" in another; red "not started" or "behind
target". A plan that says which ("Green = Completed", or a legend table of coloured cells and
their meanings) is read by its key; one that does not is asked about (see assemble.status).

A key is found as text ("Key: R = Not started, A = In progress, G = Completed") or as rows of
at most three cells pairing a colour (its name, its letter, or a coloured empty cell) with a
meaning. Its rows are taken out of the tables, so they are never read as actions.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from generator.content.models import ActionStatus
from generator.importer.table import Cell, Row, Table
from generator.importer.values import status_from_fill

COLOURS = {"red": "red", "r": "red", "amber": "amber", "a": "amber", "yellow": "amber",
           "green": "green", "g": "green", "blue": "blue", "b": "blue"}
_NAME = r"red|amber|yellow|green|blue"
_PAIR = re.compile(
    rf"\b(?P<colour>{_NAME}|[RAGB])\b\s*(?:=|:|–|—|-|means)\s*(?P<meaning>.+?)\s*"
    rf"(?=[,;\n]|\b(?:{_NAME}|[RAGB])\b\s*(?:=|:|–|—|-)|$)", re.I)
# "RAG Risk Status is as follows: Green Action on-track or successfully completed (C) Amber
# Work on action not on-track …" (Thames Valley OPCC, 2016): a colour's name, capitalised, then
# its meaning, with no sign between; read only in a text that says it is a key.
_LOOSE_PAIR = re.compile(
    r"\b(?P<colour>Red|Amber|Green|Blue)\s+(?P<meaning>[A-Z].+?)\s*"
    r"(?=\b(?:Red|Amber|Green|Blue)\s+[A-Z]|$)", re.S)
_TITLE = re.compile(r"^\s*(?:rag\s+|status\s+|brag\s+)?(?:key|legend|rag\s+rating)s?\s*:?\s*$",
                    re.I)
# The words of a key's own heading row: "RAG rating | Meaning", "Colour | Status".
_HEADING_WORDS = re.compile(r"^\s*(?:rag|brag|key|legend|colou?r|meaning|status|rating|rag "
                            r"(?:rating|status)|description|definition|what it means)\s*:?\s*$",
                            re.I)


@dataclass
class RagKey:
    """Colour name → status, and where the key was found (for the report)."""

    meanings: dict[str, ActionStatus] = field(default_factory=dict)
    said: dict[str, str] = field(default_factory=dict)  # colour → the key's own words
    # Colours whose meaning is itself two readings ("on-track or successfully completed"):
    # the key is quoted when the author is asked.
    ambiguous: dict[str, list[ActionStatus]] = field(default_factory=dict)
    where: str = ""

    def describe(self) -> str:
        pairs = "; ".join(f"{c.capitalize()} = {w}" for c, w in self.said.items())
        return f"{self.where}: {pairs}"


def meaning_readings(text: str) -> list[ActionStatus]:
    """What a key's meaning says about an action: "Completed" → [complete]; "on track or
    completed" → [complete, in-progress] (two readings)."""
    value = " ".join(re.sub(r"[^a-z/ ]+", " ", text.lower()).split())
    if re.search(r"\bnot (yet )?(started|commenced|begun)\b|\bno progress\b", value):
        return ["not-started"]
    found: list[ActionStatus] = []
    negated = re.search(r"\bnot\b|\bincomplete\b|\buncomplete", value)
    if not negated and re.search(r"\b(complete[d]?|achieved|implemented|done|embedded|"
                                 r"finished|met)\b", value):
        found.append("complete")
    if re.search(r"progress|on[ -]?(track|target|schedule)|ongoing|under ?way|started|partial|"
                 r"at risk|delay|behind|slipp|off[ -]?(track|target)|overdue|concern|not (yet )?"
                 r"(complete|achieved|met|on[ -]?track)|missed", value):
        found.append("in-progress")
    return found


def meaning_status(text: str) -> ActionStatus | None:
    """The one status a key's meaning gives, or None (none, or two readings)."""
    found = meaning_readings(text)
    return found[0] if len(found) == 1 else None


def colour_of(cell: Cell) -> str | None:
    """The RAG colour a cell names: its text is only a colour ("Green", "G"), or it is an
    empty cell filled with one."""
    text = cell.text.strip().lower().rstrip(".")
    if text:
        return COLOURS.get(text)
    found = status_from_fill(cell.fill)
    return found[1] if found else None


def find_key(tables: list[Table], paragraphs: list[str]) -> tuple[RagKey | None, list[Table]]:
    """The key, if the file has one, and the tables without its rows."""
    key = RagKey()
    kept: list[Table] = []
    for table in tables:
        rows: list[Row] = []
        for row in table.rows:
            if _key_row(row, key, table.name):
                continue
            rows.append(row)
        kept.append(replace(table, rows=_drop_titles(rows, len(rows) != len(table.rows))))
    for number, text in enumerate(paragraphs, 1):
        _key_text(text, key, f"paragraph {number}", need=1 if _has_key_word(text) else 2)
    return (key if key.said else None), kept


def _has_key_word(text: str) -> bool:
    return re.search(r"\b(key|legend|rag|brag)\b", text, re.I) is not None


def _key_row(row: Row, key: RagKey, table: str) -> bool:
    filled = row.filled()
    cells = sorted([c for c in row.cells if not c.empty or colour_of(c)], key=lambda c: c.column)
    if not filled or len(cells) > 3:
        return False
    where = f"{table}, row {row.number}"
    # A colour beside its meaning: "Green | Completed", or a green swatch | "Completed".
    for first, second in itertools.pairwise(cells):
        colour = colour_of(first)
        if len(first.text.strip()) == 1 and len(cells) != 2:
            colour = None  # "A | Complete the audit | …" is an action with ref A
        readings = meaning_readings(second.text) if colour and second.text else []
        if colour and readings and colour_of(second) is None:
            _learn(key, colour, readings, second.text, where)
            return True
    return len(filled) <= 2 and any(
        _key_text(c.text, key, where, need=1 if (_has_key_word(c.text) or "=" in c.text)
                  else 2) for c in filled)


def _key_text(text: str, key: RagKey, where: str, need: int) -> bool:
    """Pairs such as "Green = Completed" in one text; taken only when there are `need`."""
    if len(text) > 400:
        return False
    pairs = []
    for match in _PAIR.finditer(text):
        readings = meaning_readings(match["meaning"])
        single = len(match["colour"]) == 1
        if readings and (not single or match["colour"].isupper()):
            pairs.append((COLOURS[match["colour"].lower()], readings, match["meaning"].strip()))
    if not pairs and _has_key_word(text):
        pairs = [(COLOURS[m["colour"].lower()], r, m["meaning"].strip())
                 for m in _LOOSE_PAIR.finditer(text) if (r := meaning_readings(m["meaning"]))]
        need = max(need, 2)
    if len(pairs) < need:
        return False
    for colour, readings, said in pairs:
        _learn(key, colour, readings, said, where)
    return True


def _learn(key: RagKey, colour: str, readings: list[ActionStatus], said: str,
           where: str) -> None:
    if colour in key.said:
        return  # the first key found wins
    key.said[colour] = said
    if len(readings) == 1:
        key.meanings[colour] = readings[0]
    else:
        key.ambiguous[colour] = readings
    key.where = key.where or where


def _drop_titles(rows: list[Row], had_key: bool) -> list[Row]:
    """A key's title ("Key", "RAG key") and heading row ("RAG rating | Meaning") go with it."""
    if not had_key:
        return rows
    return [row for row in rows
            if not (len(row.filled()) == 1 and _TITLE.match(row.filled()[0].text))
            and not (len(row.filled()) <= 3
                     and all(_HEADING_WORDS.match(c.text) for c in row.filled()))]
