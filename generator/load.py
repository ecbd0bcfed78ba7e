"""load: content/ → typed models. Every problem in every file is collected, then raised once."""

from __future__ import annotations

import difflib
import hashlib
import re
import typing
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from generator import models
from generator.approve import SHA256, fingerprint
from generator.cache import ParseCache
from generator.dates import human
from generator.errors import ContentError, Problem
from generator.models import ActionPlan, Content, Doc, FoiResponse, Page, PageMeta, Site
from generator.yamlfile import MAX_BYTES, Parsed, parse_yaml, read_text
from redaction.policy import RedactionPolicy

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FOI_REF = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
M = TypeVar("M", bound=BaseModel)
# Parsing YAML is most of loading (pure-Python PyYAML, ~20 ms a plan): a build reuses the
# parse of every file whose bytes it has seen before (generator/incremental.py).
_parse_cache: ContextVar[ParseCache | None] = ContextVar("parse_cache", default=None)


def load(root: Path, *, cache: ParseCache | None = None) -> Content:
    """Read and check every file under `root`; raise ContentError listing every problem."""
    if not root.is_dir():
        raise ContentError([Problem(root, None, None, "the content folder does not exist.",
                                    "pass --content with the folder that holds site.yaml.")])
    token = _parse_cache.set(cache)
    try:
        content = _load(root)
    finally:
        _parse_cache.reset(token)
    if cache is not None:
        cache.save()
    return content


def _load(root: Path) -> Content:
    problems: list[Problem] = []
    site_lines: dict[Any, int] = {}
    site = _load_one(root / "site.yaml", Site, root, problems, site_lines)
    if site is not None:
        _check_base_url(site, shown(root / "site.yaml", root), site_lines.get(("base_url",)),
                        problems)
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
            twin = path.with_suffix(".yaml")
            if twin.exists():
                problems.append(Problem(shown(path, root), None, None,
                                        f"{shown(twin, root)} has the same name, and two files "
                                        "cannot share one web address.",
                                        "keep one of them: content files end in \".yaml\"."))
            else:
                problems.append(Problem(shown(path, root), None, None,
                                        'content files end in ".yaml", not ".yml".',
                                        f"rename it to {path.stem}.yaml."))
        elif path.name.lower() != "readme.md":
            problems.append(Problem(shown(path, root), None, None,
                                    f"this file is not {suffix} content and is ignored.",
                                    warning=True))
    # Web addresses are compared ignoring case: on Windows and macOS file systems, and on many
    # web servers, foi/AB-1/ and foi/ab-1/ are one folder, so one page would replace the other.
    first: dict[str, Path] = {}
    unique: list[Path] = []
    for path in found:
        other = first.setdefault(path.stem.casefold(), path)
        if other is path:
            unique.append(path)
        else:
            problems.append(Problem(shown(path, root), None, None,
                                    f'"{path.stem}" differs from {shown(other, root)} only in '
                                    "capital letters, and both would be published at the same "
                                    "web address.", "rename or delete one of them."))
    return unique


def _load_one(path: Path, model: type[M], root: Path, problems: list[Problem],
              lines: dict[Any, int] | None = None) -> M | None:
    name = shown(path, root)
    if not path.exists():
        problems.append(Problem(name, None, None, "the file is missing.",
                                "every content folder needs site.yaml and redaction.yaml."))
        return None
    parsed = _parse(path, name, problems)
    if parsed is None:
        return None
    if lines is not None:
        lines.update(parsed.lines)
    return validate_data(parsed, model, name, problems)


def _parse(path: Path, name: str, problems: list[Problem]) -> Parsed | None:
    cache = _parse_cache.get()
    digest = None
    if cache is not None:
        try:
            # Not a file read_text will refuse for its size: that one is never read at all.
            if path.stat().st_size <= MAX_BYTES:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = None  # read_text says why
        hit = cache.get(digest) if digest else None
        if hit is not None:
            return Parsed(hit[0], hit[1])
    text, found = read_text(path, name)
    problems.extend(found)
    if text is None:
        return None
    parsed, found = parse_yaml(text, name)
    problems.extend(found)
    if parsed is None or found:
        return None
    if cache is not None and digest is not None:
        cache.put(digest, (parsed.data, parsed.lines))
    return parsed


def _doc(path: Path, model: type[M], root: Path, problems: list[Problem]) -> Doc[M] | None:
    name = shown(path, root)
    if not _good_name(path, model, name, problems):
        return None
    parsed = _parse(path, name, problems)
    if parsed is None:
        return None
    data = validate_data(parsed, model, name, problems)
    if data is None:
        return None
    if isinstance(data, FoiResponse) and data.reference != path.stem:
        problems.append(Problem(name, parsed.line_of(("reference",)), "reference",
                                f'"reference" is "{data.reference}" but the file is named '
                                f'"{path.name}".',
                                f"rename the file to {data.reference}.yaml, or correct "
                                '"reference".'))
        return None
    if not _approval_holds(data.approval, fingerprint(parsed.data), parsed, name, problems):
        return None
    return Doc(slug=path.stem, source=path, data=data, lines=parsed.lines)


def _good_name(path: Path, model: type[BaseModel], name: str, problems: list[Problem]) -> bool:
    if model is FoiResponse:
        pattern, what = FOI_REF, "letters, digits and hyphens"
        suggestion = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-") or "12345"
    else:
        pattern, what = SLUG, ("lower-case letters, digits and single hyphens (it becomes the "
                               "web address)")
        suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "mr-s-homicide"
    if pattern.match(path.stem):
        return True
    problems.append(Problem(name, None, None, f'the file name "{path.name}" must use only '
                            f"{what}.", f"rename the file, e.g. {suggestion}{path.suffix}."))
    return False


def _approval_holds(approval: models.Approval, digest: str, parsed: Parsed, name: str,
                    problems: list[Problem]) -> bool:
    """An approval made with `publisher approve` holds only for the content it was made for."""
    if approval.status != "approved" or approval.sha256 is None:
        return True
    line = parsed.line_of(("approval", "sha256"))
    if not SHA256.match(approval.sha256):
        problems.append(Problem(name, line, "sha256", '"sha256" must be the 64-character '
                                "fingerprint written by publisher approve, but it is "
                                f"{_found(approval.sha256)}.",
                                f'approve the file again: publisher approve {name} --by "..."'))
        return False
    if approval.sha256 == digest:
        return True
    problems.append(Problem(name, line, "approval",
                            f"the file has changed since {approval.by} approved it on "
                            f"{human(approval.date)}; it needs re-approval before it can be "
                            "published.",
                            f"check the changes, then run: publisher approve {name} "
                            f'--by "{approval.by}"'))
    return False


def load_file(path: Path, name: str | None = None) -> None:
    """Check one content file on its own (for `publisher approve`); raise ContentError if bad.

    The approval block is not checked: it is what is about to be rewritten.
    """
    name = name or str(path)
    folder = path.resolve().parent.name
    kinds: dict[tuple[str, str], type[BaseModel]] = {
        ("plans", ".yaml"): ActionPlan, ("foi", ".yaml"): FoiResponse, ("pages", ".md"): PageMeta}
    model = kinds.get((folder, path.suffix))
    problems: list[Problem] = []
    if model is None:
        problems.append(Problem(name, None, None, "only plans/*.yaml, foi/*.yaml and "
                                "pages/*.md can be approved."))
    elif not path.is_file():
        problems.append(Problem(name, None, None, "the file does not exist."))
    elif _good_name(path, model, name, problems):
        stub = {"status": "approved", "by": "approver", "date": "2000-01-01"}
        if model is PageMeta:
            _read_page(path, name, problems, approval=stub)
        else:
            parsed = _parse(path, name, problems)
            if parsed is not None and isinstance(parsed.data, dict):
                parsed.data = {**parsed.data, "approval": stub}
            if parsed is not None:
                validate_data(parsed, model, name, problems)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)


def _page(path: Path, root: Path, problems: list[Problem]) -> Doc[Page] | None:
    name = shown(path, root)
    if not SLUG.match(path.stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "statement"
        problems.append(Problem(name, None, None, f'the file name "{path.name}" must use only '
                                "lower-case letters, digits and single hyphens.",
                                f"rename the file, e.g. {suggestion}.md."))
        return None
    read = _read_page(path, name, problems)
    if read is None:
        return None
    meta, body, parsed = read
    if not _approval_holds(meta.approval, fingerprint(parsed.data, body), parsed, name,
                           problems):
        return None
    return Doc(slug=path.stem, source=path, data=Page(meta=meta, body=body), lines=parsed.lines)


def _read_page(path: Path, name: str, problems: list[Problem],
               approval: dict[str, str] | None = None) -> tuple[PageMeta, str, Parsed] | None:
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
        problems.append(Problem(name, 1, None, "the front matter that starts here is not "
                                "closed by a line ---.",
                                "add a line --- after the approval block, before the text."))
        return None
    parsed, found = parse_yaml("".join(lines[1:end]) or "{}", name, first_line=2)
    problems.extend(found)
    if parsed is None or found:
        return None
    if approval is not None and isinstance(parsed.data, dict):
        parsed.data = {**parsed.data, "approval": approval}
    meta = validate_data(parsed, PageMeta, name, problems, first_line=2)
    body = "".join(lines[end + 1:])
    if meta is None:
        return None
    if not body.strip():
        problems.append(Problem(name, end + 1, None, "the page has front matter but no text "
                                "after it.", "write the page's text below the line ---."))
        return None
    return meta, body, parsed


def _check_base_url(site: Site, name: str, line: int | None, problems: list[Problem]) -> None:
    """The address is written into every page's links: it must be a plain web address."""
    bad = re.search(r"[\s<>\"'`\\{}|^]", site.base_url)
    if bad:
        names = {'"': "a quotation mark", "'": "an apostrophe", "<": "an angle bracket",
                 ">": "an angle bracket", "\\": "a backslash", "`": "a backtick"}
        what = names.get(bad[0], "a space" if not bad[0].strip() else f'"{bad[0]}"')
        problems.append(Problem(name, line, "base_url", '"base_url" must be a plain web address, '
                                f"but it contains {what}.",
                                "write it as e.g. https://www.example.nhs.uk/action-plans/."))
    elif not urlsplit(site.base_url).netloc:
        problems.append(Problem(name, line, "base_url", '"base_url" must name a web site after '
                                f"https://, but it is {_found(site.base_url)}."))


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
    loc: tuple[str | int, ...] = tuple(error["loc"])
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    kind: str = error["type"]
    value = error.get("input")
    found = _found(value)
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
    if kind == "value_error" and len(loc) >= 2 and loc[-2] == "annexes" and isinstance(
            value, dict):
        number = int(loc[-1]) + 1
        names = "both a plan and a page" if value.get("plan") and value.get("page") else (
            "neither a plan nor a page")
        return Problem(name, line, "annexes", f"annex {number} names {names}; each annex "
                       'is one document: "plan: <slug>" or "page: <slug>".')
    if kind == "value_error" and message.startswith("must "):
        return Problem(name, line, field, f'"{field}" {message}.')
    subject = f'"{field}": ' if field else ""
    return Problem(name, line, field, f"{subject}{message[0].lower()}{message[1:]}.")


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
    return Problem(name, 1, None, f"{message[0].lower()}{message[1:]}.")


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


def _block_model(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
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


def _suggest(model: type[BaseModel], loc: tuple[str | int, ...]) -> str | None:
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


def _description(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    block = _block_model(model, loc[:-1])
    info = _field_info(block, str(loc[-1])) if block else None
    text = (info.description if info is not None else None) or "see the field reference"
    text = text.replace("`", "").rstrip(".")
    if len(text) > 1 and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text
