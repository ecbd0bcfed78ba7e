"""load: content/ → typed models. Every problem in every file is collected, then raised once."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.cache import FileDigests
from generator.content import models
from generator.content.base_url import base_url_problems
from generator.content.dates import human
from generator.content.fingerprint import SHA256, fingerprint
from generator.content.lazy import LazyDoc, decoder, reparse
from generator.content.leads import lead_warnings
from generator.content.lines import Lines
from generator.content.messages import found_text, validate_data
from generator.content.models import ActionPlan, Content, Doc, FoiResponse, Page, PageMeta, Site
from generator.content.names import SLUG, content_files, good_name, pasteable, shown
from generator.content.parse_cache import ParseCache
from generator.content.placeholders import body_placeholders, placeholders
from generator.content.yamlfile import MAX_BYTES, Parsed, parse_yaml, read_text
from generator.errors import ContentError, Problem
from redaction import decisions as decided
from redaction.decisions import Decisions, DecisionsFile
from redaction.policy import RedactionPolicy

M = TypeVar("M", bound=BaseModel)
# Parsing YAML is most of loading (pure-Python PyYAML, ~20 ms a plan): a build reuses the
# parse of every file whose bytes it has seen before (generator/incremental.py).
_parse_cache: ContextVar[ParseCache | None] = ContextVar("parse_cache", default=None)
# The digests the build's "up to date" check took of the same files (generator/cache.py).
_known: ContextVar[FileDigests | None] = ContextVar("known_digests", default=None)


def load(root: Path, *, cache: ParseCache | None = None, check_approvals: bool = True,
         known: FileDigests | None = None) -> Content:
    """Read and check every file under `root`; raise ContentError listing every problem.

    `check_approvals=False` (publisher review only, which never publishes) lets a file whose
    approval no longer matches load all the same, so a decision can be taken on it. `known`:
    digests of these files taken earlier in the build, used where they still hold."""
    if not root.is_dir():
        raise ContentError([Problem(root, None, None, "the content folder does not exist.",
                                    "pass --content with the folder that holds site.yaml.")])
    token = _parse_cache.set(cache)
    checking = _check_approvals.set(check_approvals)
    knowing = _known.set(known if known is not None and known.root == root else None)
    try:
        content = _load(root)
    finally:
        _parse_cache.reset(token)
        _check_approvals.reset(checking)
        _known.reset(knowing)
    if cache is not None:
        cache.save()
    return content


def _load(root: Path) -> Content:
    problems: list[Problem] = []
    site_lines: dict[Any, int] = {}
    site = _load_one(root / "site.yaml", Site, root, problems, site_lines)
    if site is not None:
        problems += base_url_problems(site, shown(root / "site.yaml", root),
                                      site_lines.get(("base_url",)))
    policy = _load_one(root / "redaction.yaml", RedactionPolicy, root, problems)
    decisions = load_decisions(root, problems)
    _decisions.set(decisions)
    files = {kind: content_files(root, kind, problems, ".md" if kind == "pages" else ".yaml")
             for kind in ("plans", "foi", "pages")}
    _prefetch(root, files)
    scopes = ["site.yaml", *(p.relative_to(root).as_posix() for ps in files.values() for p in ps)]
    problems += decided.scope_problems(decisions, scopes)
    problems += decided.contradictions(decisions)
    plans = [_doc(path, ActionPlan, root, problems) for path in files["plans"]]
    foi = [_doc(path, FoiResponse, root, problems) for path in files["foi"]]
    pages = [_page(path, root, problems) for path in files["pages"]]
    errors = [p for p in problems if not p.warning]
    if errors or site is None or policy is None:
        raise ContentError(problems)
    content = Content(
        root=root, site=site, policy=policy,
        plans=[d for d in plans if d is not None],
        foi=[d for d in foi if d is not None],
        pages=[d for d in pages if d is not None],
        warnings=problems, decisions=decisions,
    )
    if decisions.items:
        problems += decided.stale(decisions, decided.texts_by_scope(content))
    return content


def load_decisions(root: Path, problems: list[Problem]) -> Decisions:
    """content/redaction-decisions.yaml, if there is one (redaction/decisions.py)."""
    path = root / decided.FILE_NAME
    name = shown(path, root)
    if not path.exists():
        return Decisions(file=name)
    parsed = _parse(path, name, problems)
    if parsed is None:
        return Decisions(file=name)
    data = validate_data(parsed, DecisionsFile, name, problems)
    if data is None:
        return Decisions(file=name)
    return Decisions(list(data.decisions), dict(parsed.lines), name)


_check_approvals: ContextVar[bool] = ContextVar("check_approvals", default=True)
# The decisions of the folder being loaded: approvals bind to those that apply to a file.
_decisions: ContextVar[Decisions | None] = ContextVar("decisions", default=None)


def _bound(path: Path, root: Path, parse: Callable[[], Parsed],
           body: str | None = None) -> list[dict[str, str]]:
    decisions = _decisions.get()
    if not decisions or not decisions.items:
        return []  # no decisions to bind: the file's texts (its data) need not be gathered
    texts = [*decided.strings(parse().data), *([body] if body else [])]
    return decisions.bound_to(path.relative_to(root).as_posix(), texts)


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


def _prefetch(root: Path, files: dict[str, list[Path]]) -> None:
    """Each plan's and response's digest, then what the parse cache kept of each valid one
    read at once (EntryCache.prefetch) instead of a query for each file. Their parses are not
    read: a file valid before needs its parse only for a decision or a problem (_doc)."""
    cache = _parse_cache.get()
    if cache is None:
        return
    keys: list[str] = []
    for kind, model in (("plans", ActionPlan), ("foi", FoiResponse)):
        for path in files[kind]:
            if digest := _cached_digest(cache, path):
                keys.append(cache.validated_key(digest, model.__name__, shown(path, root)))
    cache.prefetch(keys)


def _cached_digest(cache: ParseCache, path: Path) -> str | None:
    """The file's digest as this build first took it (kept in the cache for later stages)."""
    digest = cache.digests.get(path) or _file_digest(path)
    if digest:
        cache.digests[path] = digest
    return digest


def _file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes: the up-to-date check's if it still holds, else read."""
    try:
        stat = os.stat(path)
        # Not a file read_text will refuse for its size: that one is never read at all.
        if stat.st_size > MAX_BYTES:
            return None
        known = _known.get()
        reused = known.sha256(path, stat) if known is not None else None
        return reused or hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # read_text says why


def _parse(path: Path, name: str, problems: list[Problem]) -> Parsed | None:
    cache = _parse_cache.get()
    digest = None
    if cache is not None:
        digest = _cached_digest(cache, path)
        hit = cache.get(digest) if digest else None
        if hit is not None and isinstance(hit[0], bytes) and isinstance(hit[1], bytes):
            return Parsed(raw=hit[0], packed=Lines(hit[1]))  # unmarshalled only if needed
    text, found = read_text(path, name)
    problems.extend(found)
    if text is None:
        return None
    parsed, found = parse_yaml(text, name)
    problems.extend(found)
    if parsed is None or found:
        return None
    if cache is not None and digest is not None:
        cache.put(digest, (parsed.raw, parsed.packed.packed))
    return parsed


def _doc(path: Path, model: type[M], root: Path, problems: list[Problem]) -> Doc[M] | None:
    name = shown(path, root)
    if not good_name(path, model, name, problems):
        return None
    cache = _parse_cache.get()
    if cache is not None and (digest := _cached_digest(cache, path)):
        kept = cache.validated(path, model.__name__, name)
        if kept is not None:  # the same bytes, under the same name and code, were valid before
            read, approval, warnings, plain, packed = kept
            parse = reparse(path, name, digest, cache)
            doc = LazyDoc.of(slug=path.stem, source=path, lines=Lines(packed), digest=digest,
                             approval=approval, make=decoder(read, parse, model, name))
            return _checked(doc, approval, root, parse, warnings, plain, name, problems)
    parsed = _parse(path, name, problems)
    if parsed is None:
        return None
    data = validate_data(parsed, model, name, problems)
    if data is None:
        return None
    if isinstance(data, FoiResponse) and data.slug != path.stem:
        problems.append(Problem(name, parsed.line_of(("reference",)), "reference",
                                f'"reference" is "{data.reference}" but the file is named '
                                f'"{path.name}".',
                                f"rename the file to {data.slug or '12345'}.yaml"
                                + ("" if data.slug == data.reference else
                                   " (the reference with a hyphen for each run of other "
                                   "characters)") + ', or correct "reference".'))
        return None
    doc = Doc(slug=path.stem, source=path, data=data, lines=parsed.packed, digest=_digest(path))
    warnings = lead_warnings(doc, name) if isinstance(data, ActionPlan) else []
    plain = fingerprint(parsed.data)
    approval = data.approval  # type: ignore[attr-defined]
    if cache is not None:
        cache.keep_validated(path, model.__name__, name, data, approval, warnings, plain,
                             parsed.packed.packed)
    return _checked(doc, approval, root, lambda: parsed, warnings, plain, name, problems)


def _checked(doc: Doc[Any], approval: models.Approval, root: Path, parse: Callable[[], Parsed],
             warnings: list[Problem], plain: str, name: str,
             problems: list[Problem]) -> Doc[Any] | None:
    """A valid file's approval checked (every time: decisions and --no-approval-check change
    it), its warnings given. `plain` is its fingerprint when no decision applies to it; the
    file's parse is asked for only when one does, or to quote a line."""
    bound = _bound(doc.source, root, parse)
    digest = fingerprint(parse().data, decisions=bound) if bound else plain
    if not _approval_holds(approval, digest, parse, name, problems, doc.source):
        return None
    problems.extend(warnings)
    return doc


def _digest(path: Path) -> str:
    cache = _parse_cache.get()
    return cache.digests.get(path, "") if cache is not None else ""


def _approval_holds(approval: models.Approval, digest: str, parse: Callable[[], Parsed],
                    name: str, problems: list[Problem], path: Path) -> bool:
    """An approval made with `publisher approve` holds only for the content it was made for."""
    if approval.status != "approved" or approval.sha256 is None or not _check_approvals.get():
        return True
    if not SHA256.match(approval.sha256):
        problems.append(Problem(name, _line(parse), "sha256", '"sha256" must be the 64-character '
                                "fingerprint written by publisher approve, but it is "
                                f"{found_text(approval.sha256)}.",
                                "approve the file again: publisher approve "
                                f'{pasteable(path)} --by "..."'))
        return False
    if approval.sha256 == digest:
        return True
    problems.append(Problem(name, _line(parse), "approval",
                            f"the file, or a redaction decision that applies to it, has changed "
                            f"since {approval.by} approved it on {human(approval.date)}; it "
                            "needs re-approval before it can be published.",
                            f"check the changes, then run: publisher approve {pasteable(path)} "
                            f'--by "{approval.by}" --note "What changed, for readers" '
                            "(or --minor for a correction such as a typo; add --date YYYY-MM-DD "
                            "if it was not approved today)"))
    return False


def _line(parse: Callable[[], Parsed]) -> int | None:
    # Only for a problem: a file the parse cache knew valid is not parsed otherwise.
    return parse().line_of(("approval", "sha256"))


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
    elif good_name(path, model, name, problems):
        stub = {"status": "approved", "by": "approver", "date": "2000-01-01"}
        if model is PageMeta:
            read = _read_page(path, name, problems, approval=stub)
            if read is not None:
                _, body, parsed = read
                problems += placeholders(parsed.data, parsed.line_of, name)
                problems += body_placeholders(body, parsed.lines[("body",)], name)
        else:
            parsed = _parse(path, name, problems)
            if parsed is not None and isinstance(parsed.data, dict):
                parsed.data = {**parsed.data, "approval": stub}
            if parsed is not None and validate_data(parsed, model, name, problems):
                problems += placeholders(parsed.data, parsed.line_of, name)
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
    digest = fingerprint(parsed.data, body, _bound(path, root, lambda: parsed, body))
    if not _approval_holds(meta.approval, digest, lambda: parsed, name, problems, path):
        return None
    return Doc(slug=path.stem, source=path, data=Page(meta=meta, body=body), lines=parsed.packed,
               digest=_digest(path))


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
    parsed.lines[("body",)] = end + 2  # the line after the closing ---: later checks quote it
    return meta, body, parsed
