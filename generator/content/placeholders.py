"""Placeholders: text nobody has written yet must never be approved or published.

`publisher import` writes every value it could not fill as text starting "TODO:" ("TODO: the
action"), and authors drafting by hand do the same. A draft may hold them; an approved file may
not, so `publisher approve` refuses such a file and the build refuses to publish one. Matching
is on the start of a value or of a line of Markdown, so a sentence that merely mentions "todo"
is never caught.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.content.models import Doc, Page
from generator.errors import Problem

MARKER = "TODO:"
HINT = "write the real text in its place before the file is approved."

Loc = tuple[str | int, ...]


def placeholders(data: Any, line_of: Callable[[Loc], int | None], name: str) -> list[Problem]:
    """A problem for each value in a file's fields (as read from YAML) that is a placeholder."""
    return [_problem(name, line_of(loc), loc, value) for loc, value in _texts(data, ())
            if value.lstrip().startswith(MARKER)]


def body_placeholders(body: str, first_line: int, name: str) -> list[Problem]:
    """A problem for each line of a page's Markdown that is a placeholder."""
    problems = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        text = line.strip().lstrip("#>*-+ ").strip()
        if text.startswith(MARKER):
            problems.append(Problem(name, number, None,
                                    f'the text still holds a placeholder: "{_short(text)}".',
                                    HINT))
    return problems


def doc_placeholders(doc: Doc[Any], name: str) -> list[Problem]:
    """The placeholders of a loaded content file, with the lines they stand on."""
    data = doc.data.meta if isinstance(doc.data, Page) else doc.data
    fields = data.model_dump(by_alias=True, exclude_none=True)
    found = placeholders(fields, lambda loc: doc.line(*loc), name)
    if isinstance(doc.data, Page):
        found += body_placeholders(doc.data.body, doc.line("body") or 1, name)
    return found


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def _problem(name: str, line: int | None, loc: Loc, value: str) -> Problem:
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), None)
    where = f'"{field}"' if field else "a value"
    return Problem(name, line, field, f'{where} still holds a placeholder: "{_short(value)}".',
                   HINT)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"
