"""Plan YAML as an author would write it: keys in CONTENT.md's order, long text as block
scalars, dates unquoted, and `# TODO(author): …` comments above the values to check.

Each scalar is produced by PyYAML (so quoting is always right) and read back before it is
used; the whole file therefore loads to exactly the plan it was written from.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from typing import Any

import yaml
from pydantic import BaseModel

from generator.content.dates import FinancialQuarter, Month, Quarter
from generator.content.lines import FieldPath
from generator.content.models import ActionPlan

_FOLD_AT = 72
_WIDTH = 92
_INDENT = 2


def plan_yaml(plan: ActionPlan, comments: dict[FieldPath, list[str]] | None = None,
              preamble: list[str] | None = None) -> str:
    writer = _Writer(comments or {})
    writer.lines += [f"# {line}" if line else "#" for line in preamble or []]
    writer.mapping(plan, 0, ())
    return "\n".join(writer.lines) + "\n"


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: 10× faster


@functools.lru_cache(maxsize=4096)
def scalar(value: str, indent: int = 0, room: int = _FOLD_AT) -> tuple[str, ...]:
    """A string as YAML: the first line follows "key: ", the rest are indented already.
    Text with line breaks is a literal block; one line longer than `room` is folded."""
    style = "|" if "\n" in value else ">" if len(value) > room else None
    # PyYAML breaks a folded line at the first space past the width: leave room for a word.
    width = max(40, _WIDTH - indent - 10) if style else 10**9
    dumped = _dump(value, style, width)
    if not dumped[0].startswith(("|", ">")) and len(dumped) > 1:
        dumped = _dump(value, None, 10**9)  # a quoted fallback stays on one line
    if yaml.load("k: " + "\n".join(dumped), Loader=_Loader) != {"k": value}:
        dumped = [json.dumps(value, ensure_ascii=False)]
    return (dumped[0], *(" " * indent + line if line else "" for line in dumped[1:]))


def _dump(value: str, style: str | None, width: int) -> list[str]:
    text = yaml.safe_dump(value, default_style=style, width=width, allow_unicode=True)
    lines = text.rstrip("\n").split("\n")
    if lines[-1] == "...":
        lines.pop()
    first = lines[0]
    # '7' → "7": the double quotes CONTENT.md shows, where nothing inside needs escaping.
    if (len(lines) == 1 and re.fullmatch(r"'[^'\"\\]*'", first)
            and first[1:-1].isprintable()):
        lines[0] = f'"{first[1:-1]}"'
    return lines


def _plain(value: Any) -> str | None:
    """Dates, months and `ongoing` are written bare, the way authors type them."""
    if isinstance(value, date | Month | Quarter | FinancialQuarter):
        return value.isoformat()
    return None


class _Writer:
    def __init__(self, comments: dict[FieldPath, list[str]]):
        self.comments = comments
        self.lines: list[str] = []

    def comment(self, path: FieldPath, indent: int) -> None:
        for text in self.comments.get(path, []):
            self.lines.append(" " * indent + "# " + text)

    def mapping(self, model: BaseModel, indent: int, path: FieldPath, dash: bool = False) -> None:
        """A model's fields in declaration order (CONTENT.md's); the first key of a list
        item goes on the dash line."""
        first = True
        for name, info in type(model).model_fields.items():
            key = info.alias or name
            value = getattr(model, name)
            here = (*path, key)
            if (value is None or value == []) and here not in self.comments:
                continue
            if first and dash:
                self.comment(here, indent - _INDENT)
                prefix = " " * (indent - _INDENT) + "- "
            else:
                self.comment(here, indent)
                prefix = " " * indent
            first = False
            self.entry(prefix + key + ":", value, indent, here)

    def entry(self, head: str, value: Any, indent: int, path: FieldPath) -> None:
        if value is None:
            self.lines.append(head)
        elif value == []:
            self.lines.append(head + " []")
        elif (plain := _plain(value)) is not None:
            self.lines.append(f"{head} {plain}")
        elif isinstance(value, str):
            text = scalar(value, indent, room=_WIDTH - len(head) - 1)
            self.lines.append(f"{head} {text[0]}")
            self.lines += text[1:]
        elif isinstance(value, BaseModel) and path[-1] == "period":
            self.lines.append(f"{head} {self.flow(value)}")
        elif isinstance(value, BaseModel):
            self.lines.append(head)
            self.mapping(value, indent + _INDENT, path)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            if len(value) == 1:  # a single lead reads best on one line; the model takes both
                self.entry(head, value[0], indent, path)
                return
            self.lines.append(head)
            for item in value:
                text = scalar(item, indent + _INDENT, room=_WIDTH - indent - 2 * _INDENT)
                self.lines.append(" " * (indent + _INDENT) + "- " + text[0])
                self.lines += text[1:]
        elif isinstance(value, list):
            self.lines.append(head)
            for number, item in enumerate(value):
                self.mapping(item, indent + 2 * _INDENT, (*path, number), dash=True)
        else:
            raise TypeError(f"cannot write {type(value).__name__} at {path}")

    def flow(self, model: BaseModel) -> str:
        parts = []
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if value is not None:
                shown = _plain(value) or scalar(str(value))[0]
                parts.append(f"{info.alias or name}: {shown}")
        return "{" + ", ".join(parts) + "}"
