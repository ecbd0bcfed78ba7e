"""Where the texts are in a content model, and putting changed ones back: `walk` finds every
string with its path and kind (markdown, plain or not text), `with_updates` returns the
content with the strings at given paths replaced (the models are frozen)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.content.file_text import FileText
from generator.content.lines import FieldPath

if TYPE_CHECKING:
    from generator.content.models import Content


def fast_walk(model: BaseModel):
    """walk(), with a file annex's table cells read straight from its rows: a workbook holds
    hundreds of thousands of them, and the generic walk costs microseconds per string."""
    if not isinstance(model, FileText):
        yield from walk(model)
        return
    for number, sheet in enumerate(model.sheets):
        yield ("sheets", number, "name"), f"sheets[{number + 1}].name", sheet.name, "plain"
        yield from _cells(("sheets", number), f"sheets[{number + 1}]", sheet.rows)
    for number, block in enumerate(model.blocks):
        here = f"blocks[{number + 1}]"
        yield ("blocks", number, "text"), f"{here}.text", block.text, "plain"
        yield from _cells(("blocks", number), here, block.rows)
    yield from walk(model.model_copy(update={"sheets": [], "blocks": []}))


def _cells(path: FieldPath, label: str, rows: list[Any]):
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            yield (*path, "rows", r, "cells", c), f"{label}.rows[{r + 1}].cells[{c + 1}]", \
                cell, "plain"


def walk(model: BaseModel, path: FieldPath = (), label: str = ""):
    """Every string in a model: (path, label, value, "markdown" | "plain" | None)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind = extra.get("text")
        here = f"{label}.{name}" if label else name
        if isinstance(value, str):
            yield (*path, name), here, value, kind
        elif isinstance(value, BaseModel):
            yield from walk(value, (*path, name), here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                tag = getattr(item, "ref", None) or getattr(item, "number", None) or i + 1
                item_label = f"{here}[{tag}]"
                if isinstance(item, str):
                    yield (*path, name, i), item_label, item, kind
                elif isinstance(item, BaseModel):
                    yield from walk(item, (*path, name, i), item_label)


def with_updates(content: Content, updates: dict[str, dict[FieldPath, Any]]) -> Content:
    """`content` with each document's changed strings (by document key, then path) put in."""
    if not updates:
        return content

    def doc(d: Any, key: str) -> Any:
        # The file's digest goes: it no longer says what the (redacted) data is made from.
        if key not in updates:
            return d
        changes = updates[key]
        # A model not decoded yet (generator/content/lazy.py) is changed when it is.
        return d.with_data(lambda data: apply_changes(data, changes), digest="")

    return replace(
        content,
        site=apply_changes(content.site, updates["site"]) if "site" in updates else content.site,
        plans=[doc(d, f"plan:{d.slug}") for d in content.plans],
        foi=[doc(d, f"foi:{d.slug}") for d in content.foi],
        pages=[doc(d, f"page:{d.slug}") for d in content.pages],
        files=[replace(f, text=apply_changes(f.text, updates[f"file:{f.name}"]))
               if f"file:{f.name}" in updates else f for f in content.files],
    )


def apply_changes(value: Any, changes: dict[FieldPath, Any]) -> Any:
    """`value` with the strings at `changes`' paths replaced (model_copy: models are frozen)."""
    if () in changes:
        return changes[()]
    heads: dict[str | int, dict[FieldPath, Any]] = {}
    for path, new in changes.items():
        heads.setdefault(path[0], {})[path[1:]] = new
    if isinstance(value, BaseModel):
        return value.model_copy(
            update={name: apply_changes(getattr(value, name), sub) for name, sub in heads.items()}
        )
    if isinstance(value, list):
        return [apply_changes(item, heads[i]) if i in heads else item
                for i, item in enumerate(value)]
    return value
