"""Placeholders: text nobody has written yet must never be approved or published.

`publisher import` writes every value it could not fill as text starting "TODO:" ("TODO: the
action"), and authors drafting by hand do the same. A draft may hold them; an approved file may
not, so `publisher approve` refuses such a file and the build refuses to publish one. Matching
is on the start of a value or of a line of Markdown, so a sentence that merely mentions "todo"
is never caught.

Plans are also written from Word and Excel templates, whose leftovers reach print in real
published plans: "(insert relevant number)", "[insert date]", "<Name of agency>", "XX/XX/XXXX",
"Click here to enter text.". Those are placeholders wherever they stand in a value; each
pattern below is narrow (bracketed template words, masked dates, Word's prompts), so that
ordinary text such as "(see appendix 2)" or "[redacted]" is never caught.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.cache import PARSE_CACHES_KEPT, EntryCache, cache_root, code_key
from generator.content.lines import FieldPath
from generator.content.models import Doc, Page
from generator.errors import Problem

MARKER = "TODO:"
HINT = "write the real text in its place before the file is approved."

# Words a template puts in brackets for the author to replace. Not "[x]": a Markdown checkbox.
_PROMPT = (r"(?:insert|enter|add|fill\s+in|delete\s+as\s+appropriate|name\s+of|details\s+of|"
           r"tbc|tbd)\b[^()\[\]<>{}]*")
_FIELD = (r"(?:name|names|date|dates|title|job\s+title|role|agency|agency\s+name|organisation|"
          r"organization|service|team|number|no\.?|xx+|month|year|amount|address|details|"
          r"reference|ref)")
LEFTOVERS = re.compile(
    r"\(\s*" + _PROMPT + r"\)|\[\s*" + _PROMPT + r"\]|\{\s*" + _PROMPT + r"\}|"
    r"<\s*" + _PROMPT + r">|"
    r"\[\s*" + _FIELD + r"\s*\]|<\s*" + _FIELD + r"\s*>|"
    # <Name of agency>, <Lead officer>: words in angle brackets (never an HTML tag or an
    # autolink, which have no space, or a = / : / @).
    r"<[A-Za-z][A-Za-z'’ ]*\s[A-Za-z'’ ]*[A-Za-z]>|"
    # Masked dates: XX/XX/XXXX, DD/MM/YYYY, 00/00/0000, xx.xx.xx
    r"\b(?:[Xx]{1,2}|DD|dd|00)[/.\-](?:[Xx]{1,2}|MM|mm|00)[/.\-](?:[Xx]{2,4}|YYYY|yyyy|YY|yy|0000|"
    r"00)\b|"
    # ISO-shaped masks (YYYY-MM-DD, YYYY-MM) and a blank to write on after a label
    # ("Other: ______"); a line of underscores alone is a Markdown rule, not a blank.
    r"\bYYYY-MM(?:-DD)?\b|(?<=[:\w]\s)_{4,}|(?<=:)_{4,}|"
    # Word's content-control prompts and filler text.
    r"\bClick (?:or tap )?here to enter (?:text|a date)\b|\bChoose an item\.|"
    r"\bLorem ipsum\b",
    re.IGNORECASE,
)


def leftover(value: str) -> str | None:
    """The placeholder in `value`, if it holds one: a TODO: start or a template's leftover."""
    if value.lstrip().startswith(MARKER):
        return value
    found = LEFTOVERS.search(value)
    return found[0] if found else None


def placeholders(data: Any, line_of: Callable[[FieldPath], int | None], name: str) -> list[Problem]:
    """A problem for each value in a file's fields (as read from YAML) that is a placeholder."""
    found = ((loc, leftover(value)) for loc, value in _texts(data, ()))
    return [_problem(name, line_of(loc), loc, text) for loc, text in found if text]


def body_placeholders(body: str, first_line: int, name: str) -> list[Problem]:
    """A problem for each line of a page's Markdown that is a placeholder."""
    problems = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        found = leftover(line.strip().lstrip("#>*-+ ").strip())
        if found:
            problems.append(Problem(name, number, None,
                                    f'the text still holds a placeholder: "{_short(found)}".',
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


def _texts(value: Any, loc: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def _problem(name: str, line: int | None, loc: FieldPath, value: str) -> Problem:
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), None)
    where = f'"{field}"' if field else "a value"
    return Problem(name, line, field, f'{where} still holds a placeholder: "{_short(value)}".',
                   HINT)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


class CleanFiles(EntryCache[bool]):
    """Files in which doc_placeholders found nothing, by sha256 of their bytes, under this code:
    an unchanged file is not searched again (at 1,000 plans, 240,000 values a build). Only
    the files seen this time are kept, so the memory never outgrows the content folder; one
    file per code key, the least recently used pruned as the other caches are (EntryCache)."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__((root or cache_root()) / "placeholders" / f"{code_key()[:20]}.sqlite3",
                         PARSE_CACHES_KEPT)

    def encode(self, value: bool) -> bytes:
        return marshal.dumps(value)

    def decode(self, data: bytes) -> bool:
        return bool(marshal.loads(data))

    def problems(self, doc: Doc[Any], name: str) -> list[Problem]:
        if doc.digest and self.get(doc.digest):
            return []
        found = doc_placeholders(doc, name)
        if doc.digest and not found:
            self.put(doc.digest, True)
        return found
