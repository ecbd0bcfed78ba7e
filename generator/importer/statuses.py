"""Reading an action's status from its RAG cell: the word, the colour, the file's own key.

A word ("Complete", "Not started") is read as it says. A bare colour is read by the file's key
when it has one (ragkey.py); without one, Amber is in progress and Blue complete in every plan
seen, but Green (complete, or on track?) and Red (not started, or behind?) are asked about: the
status becomes a `TODO:` naming both readings, which approve refuses until one is chosen.
"""

from __future__ import annotations

import re
from typing import Any

from generator.content.lines import FieldPath
from generator.importer.plan_head import BuilderPart
from generator.importer.ragkey import colour_of, meaning_readings
from generator.importer.structure import RowAction
from generator.importer.table import Cell
from generator.importer.values import CLOSED_WORDS, status_from_progress, status_from_word


class StatusReader(BuilderPart):
    """The status part of the importer's builder (assemble._Builder)."""

    def status(self, item: RowAction, cells: dict[str, Cell], progress: list[dict[str, Any]],
               path: FieldPath) -> str:
        cell = cells.get("status")
        column = item.header.column("status")
        if cell is None and column is not None:
            cell = item.row.cell(column)  # an empty cell may still be coloured
        header = item.header.names.get(column, "") if column else ""
        text = cell.text.strip() if cell else ""
        if text.startswith("TODO:"):
            return text  # a placeholder read back from an exported draft stays one
        if text and CLOSED_WORDS.search(text) and not re.fullmatch(r"closed\.?", text, re.I):
            return "closed"  # "Superseded by 4.2": the words become closed_reason
        bare = colour_of(Cell(0, text)) if text else None  # "Green", "G": a colour only
        word = status_from_word(text) if text and not bare else None
        colour = bare or (colour_of(Cell(0, "", fill=cell.fill)) if cell else None)
        if word and colour:
            read = self.colour_status(colour)
            if read and read != word:
                self.report.cell(item.table, item.row.number, cell.column, header,
                                 f"{cell.text} (fill {colour})",
                                 f"the fill colour says {read}, the word {word}: the word "
                                 "was used")
        if word:
            return word
        if text and re.fullmatch(r"closed\.?", text, re.I):
            return self.ask(item, cell, header, path, "Closed", [
                ("complete", "the action was done"),
                ("closed", "it ended without being done (then add closed_reason)")])
        if colour:
            return self.rag(item, cell, header, path, colour)
        return self.inferred(item, cell, column, header, progress, path)

    def colour_status(self, colour: str) -> str | None:
        key = self.options.key
        if key is not None and colour in key.meanings:
            return key.meanings[colour]
        return {"amber": "in-progress", "blue": "complete"}.get(colour)

    def rag(self, item: RowAction, cell: Cell | None, header: str, path: FieldPath,
            colour: str) -> str:
        """A RAG colour: by the file's own key if it has one; amber (in progress) and blue
        (complete, the B of BRAG) mean the same in every plan; green and red do not."""
        read = self.colour_status(colour)
        key = self.options.key
        if key is not None and colour in key.meanings:
            self.report.notes.append(f"{item.table.name}, row {item.row.number}: "
                                     f"{colour.capitalize()} read by the file's key ({read}).")
            return read  # type: ignore[return-value]
        if key is not None and colour in key.ambiguous:
            said = key.said[colour]
            return self.ask(item, cell, header, path, colour.capitalize(),
                            [(status, f'it is "{_part(said, status)}"')
                             for status in key.ambiguous[colour]],
                            why=f'the file\'s key says {colour.capitalize()} means "{said}"')
        if read is not None:
            return read
        readings = {"green": [("complete", "Green means done"),
                              ("in-progress", "Green means on track")],
                    "red": [("not-started", "Red means not started"),
                            ("in-progress", "Red means started but behind target")]}[colour]
        return self.ask(item, cell, header, path, colour.capitalize(), readings)

    def ask(self, item: RowAction, cell: Cell | None, header: str, path: FieldPath, said: str,
            readings: list[tuple[str, str]], why: str | None = None) -> str:
        """A placeholder status naming both readings: approve refuses it until one is chosen."""
        options = " or ".join(f"{status} if {reason}" for status, reason in readings)
        why = why or "plans use it for different things and this file has no key saying which"
        self.todo((*path, "status"), f'the table says "{said}": {why}. Write {options}.')
        if cell is not None:
            self.report.cell(item.table, item.row.number, cell.column, header,
                             cell.text or f"(fill {said.lower()})",
                             f"{said} has two readings ({why}): status left as a TODO")
        return f"TODO: {said}: {options}"

    def inferred(self, item: RowAction, cell: Cell | None, column: int | None, header: str,
                 progress: list[dict[str, Any]], path: FieldPath) -> str:
        latest = progress[-1]["text"] if progress else ""
        inferred = status_from_progress(latest)
        reason = ('the progress text starts "Complete"' if inferred == "complete" else
                  "there is progress text" if inferred == "in-progress" else
                  "there is no progress text")
        self.todo((*path, "status"), f"the table gives no status: {inferred} because {reason}.")
        if cell is not None and cell.text:
            why = f"not a RAG word or colour: status {inferred} because {reason}"
            self.report.cell(item.table, item.row.number, cell.column, header, cell.text, why)
        elif column is not None:
            why = f"the RAG cell is empty: status {inferred} because {reason}"
            self.report.cell(item.table, item.row.number, column, header, "", why)
        else:
            self.report.notes.append(f"{item.table.name}, row {item.row.number}: no RAG "
                                     f"column; status {inferred} because {reason}.")
        return inferred


def _part(said: str, status: str) -> str:
    """The words of a two-way meaning that give one reading: "on-track or successfully
    completed (C)" → "successfully completed (C)" for complete."""
    parts = [p.strip() for p in re.split(r"\s+or\s+|/", said) if p.strip()]
    return next((p for p in parts if meaning_readings(p) == [status]), said)
