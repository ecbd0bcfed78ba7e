"""pydantic's validation errors, rewritten for authors: file, line, field, expected, found, hint."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content import models
from generator.content.lines import FieldPath
from generator.content.yamlfile import Parsed
from generator.errors import Problem
from redaction.policy import RedactionPolicy

M = TypeVar("M", bound=BaseModel)


def validate_data(parsed: Parsed, model: type[M], name: str, problems: list[Problem],
                  first_line: int = 1) -> M | None:
    """pydantic's errors, rewritten for an author: file, line, field, expected, found, hint."""
    if not isinstance(parsed.data, dict):
        what = "the front matter" if first_line > 1 else "the file"
        problems.append(Problem(name, first_line, None,
                                f"{what} must be a set of fields (key: value).",
                                "start with e.g. 'title: ...'."))
        return None
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        errors = exc.errors()
        # A typo'd key and the field it was meant to be are one mistake: say it once.
        meant = {(tuple(e["loc"][:-1]), _suggest(model, tuple(e["loc"]))) for e in errors
                 if e["type"] == "extra_forbidden"}
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and (loc[:-1], loc[-1]) in meant:
                continue
            problems.append(_problem(error, parsed, name, model))
        return None


def _problem(error: Any, parsed: Parsed, name: str, model: type[BaseModel]) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    kind: str = error["type"]
    value = error.get("input")
    found = found_text(value)
    line = parsed.line_of(loc)
    if kind == "missing":
        return Problem(name, line, field, f'"{field}" is missing.',
                       f'add "{field}:" ({_description(model, loc)}).')
    if kind == "extra_forbidden":
        close = _suggest(model, loc)
        hint = f'did you mean "{close}"?' if close else "remove it, or check the spelling."
        return Problem(name, line, field, f'"{field}" is not a field that belongs here.', hint)
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "")
        return Problem(name, line, field,
                       f'"{field}" must be one of {expected}, but it is {found}.')
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        shape = {"string_type": "text", "list_type": "a list (lines starting with -)"}.get(
            kind, "a block of fields (key: value)")
        return Problem(name, line, field, f'"{field}" must be {shape}, but it is {found}.')
    if kind == "too_short":
        return Problem(name, line, field, f'"{field}" needs at least one entry.')
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type"):
        return Problem(name, line, field, f'"{field}" must be a number, but it is {found}.')
    bounds = {"less_than_equal": ("le", "at most"), "greater_than_equal": ("ge", "at least"),
              "less_than": ("lt", "less than"), "greater_than": ("gt", "more than")}
    if kind in bounds:
        key, words = bounds[kind]
        return Problem(name, line, field,
                       f'"{field}" must be {words} {error["ctx"][key]:g}, but it is {found}.')
    message = error["msg"].removeprefix("Value error, ")
    if isinstance(value, list | dict):
        # The date checks quote what they were given; a list or block reads better in words.
        message = re.sub(r', but it is ".*"$', f", but it is {found}", message, flags=re.S)
    if kind == "value_error" and not loc:
        return _whole_file_problem(message, parsed, name)
    closed = _closed_problem(message, loc, parsed, name)
    if closed is not None:
        return closed
    if kind == "value_error" and len(loc) >= 2 and loc[-2] == "annexes" and isinstance(
            value, dict):
        return _annex_problem(name, line, int(loc[-1]) + 1, value, message)
    if kind == "value_error" and message.startswith("must "):
        hint = getattr(error.get("ctx", {}).get("error"), "hint", None)
        return Problem(name, line, field, f'"{field}" {message}.', hint)
    subject = f'"{field}": ' if field else ""
    return Problem(name, line, field, f"{subject}{message[0].lower()}{message[1:]}.")


def _annex_problem(name: str, line: int | None, number: int, value: dict,
                   message: str) -> Problem:
    kinds = [k for k in ("plan", "page", "file") if value.get(k)]
    if len(kinds) == 1:  # the one document is named; the rule broken is about title/sheets
        return Problem(name, line, "annexes", f"annex {number}: {message}.",
                       "a file annex is `- file: foi/<folder>/<name>.docx` with a `title:` "
                       "line under it; `sheets: [Sheet1]` is for .xlsx workbooks only.")
    names = ((("both " if len(kinds) == 2 else "") + " and ".join(f"a {k}" for k in kinds))
             if kinds else
             "neither a plan, a page nor a file")
    return Problem(name, line, "annexes", f"annex {number} names {names}; each annex "
                   'is one document: "plan: <slug>", "page: <slug>" or "file: '
                   'foi/<folder>/<name>.docx" with a "title".')


def _whole_file_problem(message: str, parsed: Parsed, name: str) -> Problem:
    """A rule over several fields: name the line of the field the rule is about."""
    duplicate = re.match(r'action ref "(.*)" is used twice', message, flags=re.S)
    if duplicate:
        lines = _ref_lines(parsed, duplicate[1])
        first, again = [*lines, None, None][:2]
        return Problem(name, again or first, "ref", f'action ref "{duplicate[1]}" is used twice '
                       f"in this plan (first on line {first}).",
                       "give each action its own ref, e.g. 1.1, 1.2, 1.3.")
    dates = re.match(r"(responded) \((.*)\) is before (received) \((.*)\)", message)
    if dates:
        return Problem(name, parsed.line_of((dates[1],)), dates[1],
                       f'"responded" ({dates[2]}) is before "received" ({dates[4]}): a '
                       "response cannot be sent before the request arrives.",
                       "check both dates.")
    clarified = re.match(r"(responded|clarification requested) \((.*)\) is before "
                         r"(clarification received|received) \((.*)\)", message)
    if clarified:
        later, earlier = clarified[1], clarified[3]
        loc = ("clarification", "requested") if later.startswith("clar") else ("responded",)
        return Problem(name, parsed.line_of(loc), loc[-1],
                       f'{_dated(later)} ({clarified[2]}) is before {_dated(earlier)} '
                       f"({clarified[4]}).", "check the dates in the clarification block.")
    return Problem(name, 1, None, f"{message[0].lower()}{message[1:]}.")


def _closed_problem(message: str, loc: FieldPath, parsed: Parsed,
                    name: str) -> Problem | None:
    """status: closed and closed_reason go together: name the line of the one that is there."""
    if re.match(r"action .* is closed but has no", message, flags=re.S):
        line = parsed.line_of((*loc, "closed_reason")) if _has(parsed, (*loc, "closed_reason")) \
            else parsed.line_of((*loc, "status"))
        return Problem(name, line, "closed_reason", f"{message[0].lower()}{message[1:]}: say why "
                       "it was closed without being completed.",
                       'add e.g. "closed_reason: Superseded by the 2016 audit programme." under '
                       '"status: closed".')
    if re.match(r'action .* has a "closed_reason" but its status is', message, flags=re.S):
        return Problem(name, parsed.line_of((*loc, "closed_reason")), "closed_reason",
                       f"{message[0].lower()}{message[1:]}: only a closed action has one.",
                       'write "status: closed" if the action was closed without being '
                       'completed; otherwise remove "closed_reason".')
    return None


def _has(parsed: Parsed, loc: FieldPath) -> bool:
    return (*loc,) in parsed.lines


def _dated(words: str) -> str:
    """"clarification received" → the field as the author wrote it: "clarification: received"."""
    parts = words.split(" ")
    return f'"{parts[0]}: {parts[1]}"' if len(parts) == 2 else f'"{words}"'


def _ref_lines(parsed: Parsed, ref: str) -> list[int]:
    lines: list[int] = []
    recommendations = parsed.data.get("recommendations") if isinstance(parsed.data, dict) else []
    for r, rec in enumerate(recommendations or []):
        actions = rec.get("actions") if isinstance(rec, dict) else []
        for a, act in enumerate(actions or []):
            if isinstance(act, dict) and act.get("ref") == ref:
                line = parsed.line_of(("recommendations", r, "actions", a, "ref"))
                if line is not None:
                    lines.append(line)
    return lines


def found_text(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of fields"
    text = str(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _all_models() -> list[type[BaseModel]]:
    found = [m for m in vars(models).values()
             if isinstance(m, type) and issubclass(m, BaseModel) and m is not BaseModel]
    return [*found, RedactionPolicy]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `Recommendation`, `list[Action]`, `Period | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None


def _field_info(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _block_model(model: type[BaseModel], loc: FieldPath) -> type[BaseModel] | None:
    """The model whose fields the block at `loc` holds: ("recommendations", 0) → Recommendation."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = _field_info(current, part)
        current = _inner_model(info.annotation) if info is not None else None
    return current


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or key for key, info in model.model_fields.items()]


def _suggest(model: type[BaseModel], loc: FieldPath) -> str | None:
    """The field a mistyped key was probably meant to be, among those of its own block."""
    key = str(loc[-1])
    block = _block_model(model, loc[:-1])
    names = _field_names(block) if block else sorted(_known_fields())
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return close[0]
    # approved_by → by, target_date → target: the field's name is one word of the key.
    words = re.split(r"[_\-\s]+", key.lower())
    return next((n for n in names if n in words), None)


def _known_fields() -> set[str]:
    return {name for model in _all_models() for name in _field_names(model)}


def _description(model: type[BaseModel], loc: FieldPath) -> str:
    block = _block_model(model, loc[:-1])
    info = _field_info(block, str(loc[-1])) if block else None
    text = (info.description if info is not None else None) or "see the field reference"
    text = text.replace("`", "").rstrip(".")
    if len(text) > 1 and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text
