"""load: content/ → typed models. Every problem in every file is collected, then raised once."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator import models
from generator.errors import ContentError, Problem
from generator.models import ActionPlan, Content, Doc, FoiResponse, Page, PageMeta, Site
from generator.yamlfile import Parsed, parse_yaml, read_text
from redaction.policy import RedactionPolicy

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FOI_REF = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
M = TypeVar("M", bound=BaseModel)


def load(root: Path) -> Content:
    """Read and check every file under `root`; raise ContentError listing every problem."""
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(root, None, None, "the content folder does not exist.",
                                    "pass --content with the folder that holds site.yaml.")])
    site = _load_one(root / "site.yaml", Site, root, problems)
    policy = _load_one(root / "redaction.yaml", RedactionPolicy, root, problems)
    plans = [_doc(path, ActionPlan, root, problems) for path in _files(root, "plans", problems)]
    foi = [_doc(path, FoiResponse, root, problems) for path in _files(root, "foi", problems)]
    pages = [_page(path, root, problems) for path in _files(root, "pages", problems, ".md")]
    errors = [p for p in problems if not p.warning]
    if errors or site is None or policy is None:
        raise ContentError(problems)
    return Content(
        root=root, site=site, policy=policy,
        plans=[d for d in plans if d is not None],
        foi=[d for d in foi if d is not None],
        pages=[d for d in pages if d is not None],
        warnings=problems,
    )


def shown(path: Path, root: Path) -> str:
    """Paths in messages read as the author sees them: content/plans/mr-s.yaml."""
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def _files(root: Path, folder: str, problems: list[Problem], suffix: str = ".yaml") -> list[Path]:
    base = root / folder
    if not base.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(base.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix == suffix:
            found.append(path)
        elif path.suffix == ".yml" and suffix == ".yaml":
            problems.append(Problem(shown(path, root), None, None,
                                    'content files end in ".yaml", not ".yml".',
                                    f"rename it to {path.stem}.yaml."))
        elif path.name.lower() != "readme.md":
            problems.append(Problem(shown(path, root), None, None,
                                    f"this file is not {suffix} content and is ignored.",
                                    warning=True))
    return found


def _load_one(path: Path, model: type[M], root: Path, problems: list[Problem],
              lines: dict[Any, int] | None = None) -> M | None:
    name = shown(path, root)
    if not path.exists():
        problems.append(Problem(name, None, None, "the file is missing.",
                                "every content folder needs site.yaml and redaction.yaml."))
        return None
    text, found = read_text(path, name)
    problems.extend(found)
    if text is None:
        return None
    parsed, found = parse_yaml(text, name)
    problems.extend(found)
    if parsed is None or found:
        return None
    if lines is not None:
        lines.update(parsed.lines)
    return validate_data(parsed, model, name, problems)


def _doc(path: Path, model: type[M], root: Path, problems: list[Problem]) -> Doc[M] | None:
    name = shown(path, root)
    pattern, what = (FOI_REF, "letters, digits and hyphens") if model is FoiResponse else (
        SLUG, "lower-case letters, digits and single hyphens (it becomes the web address)")
    if not pattern.match(path.stem):
        problems.append(Problem(name, None, None, f'the file name "{path.name}" must use only '
                                f"{what}.", "rename the file, e.g. mr-s-homicide.yaml."))
        return None
    lines: dict[Any, int] = {}
    data = _load_one(path, model, root, problems, lines)
    if data is None:
        return None
    if isinstance(data, FoiResponse) and data.reference != path.stem:
        problems.append(Problem(name, None, "reference",
                                f'"reference" is "{data.reference}" but the file is named '
                                f'"{path.name}".', f"name the file {data.reference}.yaml."))
        return None
    return Doc(slug=path.stem, source=path, data=data, lines=lines)


def _page(path: Path, root: Path, problems: list[Problem]) -> Doc[Page] | None:
    name = shown(path, root)
    if not SLUG.match(path.stem):
        problems.append(Problem(name, None, None, f'the file name "{path.name}" must use only '
                                "lower-case letters, digits and single hyphens.",
                                "rename the file, e.g. chief-executive-statement.md."))
        return None
    text, found = read_text(path, name)
    problems.extend(found)
    if text is None:
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(name, 1, None, "a page must start with front matter: a line "
                                "---, the title and approval, then another line ---.",
                                "see the example in content/pages/."))
        return None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        problems.append(Problem(name, 1, None, "the front matter is not closed by a line ---."))
        return None
    parsed, found = parse_yaml("".join(lines[1:end]) or "{}", name, first_line=2)
    problems.extend(found)
    if parsed is None or found:
        return None
    meta = validate_data(parsed, PageMeta, name, problems)
    body = "".join(lines[end + 1:])
    if meta is None:
        return None
    if not body.strip():
        problems.append(Problem(name, end + 2, None, "the page has a title but no text."))
        return None
    return Doc(slug=path.stem, source=path, data=Page(meta=meta, body=body), lines=parsed.lines)


def validate_data(parsed: Parsed, model: type[M], name: str, problems: list[Problem]) -> M | None:
    """pydantic's errors, rewritten for an author: file, line, field, expected, found, hint."""
    if not isinstance(parsed.data, dict):
        problems.append(Problem(name, 1, None, "the file must be a set of fields (key: value).",
                                "start with e.g. 'title: ...'."))
        return None
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_problem(error, parsed, name))
        return None


def _problem(error: Any, parsed: Parsed, name: str) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    kind: str = error["type"]
    found = _found(error.get("input"))
    line = parsed.line_of(loc)
    if kind == "missing":
        return Problem(name, line, field, f'"{field}" is missing.',
                       f"add it: {_description(field)}")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(field), sorted(_known_fields()), n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else "remove it, or check the spelling."
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
    message = error["msg"].removeprefix("Value error, ")
    if kind == "value_error" and message.startswith("must "):
        return Problem(name, line, field, f'"{field}" {message}.')
    subject = f'"{field}": ' if field else ""
    return Problem(name, line, field, f"{subject}{message[0].lower()}{message[1:]}.")


def _found(value: Any) -> str:
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


def _known_fields() -> set[str]:
    names: set[str] = set()
    for model in _all_models():
        for key, info in model.model_fields.items():
            names.add(info.alias or key)
    return names


def _description(field: str | None) -> str:
    for model in _all_models():
        for key, info in model.model_fields.items():
            if field in (key, info.alias) and info.description:
                return info.description
    return "see the field reference."
