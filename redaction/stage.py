"""The redact stage: every free-text field of the content through the Redactor, and the leak
gate over built output (scan_tree, in redaction/leaks.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.content.file_text import FileText
from generator.errors import ContentError, Problem
from redaction.text_spans import Mode, sentence_around

if TYPE_CHECKING:  # names for annotations only: the Redactor loads Presidio and spaCy
    from generator.content.models import Content
    from redaction.redactor import Redacted


@dataclass(frozen=True)
class RedactionFinding:
    """One decision, for the internal IG review report (never published)."""

    file: str
    field: str
    entity: str
    score: float
    recognizer: str
    text: str
    sentence: str
    # "redacted", "redacted: link removed" (a URL held personal data), "kept: never_redact",
    # "kept: below threshold"
    decision: str


@dataclass(frozen=True)
class RedactedContent:
    content: Content
    findings: list[RedactionFinding] = field(default_factory=list)
    # Passages replaced per document ("plan:<slug>", "foi:<ref>", "page:<slug>"): the public ledger.
    withheld: dict[str, int] = field(default_factory=dict)


Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class _Text:
    key: str  # the document: "plan:mr-s", "site"
    file: str  # as the author sees it: content/plans/mr-s.yaml
    path: Path_  # where in the model: ("recommendations", 0, "actions", 1, "lead", 0)
    label: str  # the same, for people: recommendations[1].actions[7.1].lead[1]
    text: str
    mode: Mode


def redact_content(
    content: Content, *, use_cache: bool = True, cache_dir: Path | None = None,
    jobs: int | None = None,
) -> RedactedContent:
    """Every free-text field redacted; a new Content (models are frozen), findings, ledger.

    Raises ContentError if an always_redact name is in a slug, a file name or an identifier
    (those cannot be redacted without breaking links), RedactionError if the engine fails.
    """
    # Imported here: these load Presidio and spaCy, which importing the models need not.
    from redaction.analysis_cache import AnalysisCache
    from redaction.engine import get_engine
    from redaction.parallel import ParallelEngine
    from redaction.redactor import Redactor

    cache = AnalysisCache(cache_dir) if use_cache else None
    # jobs: processes for the NER of uncached text (None: every core; see parallel.py).
    engine = ParallelEngine(get_engine(content.policy.model), jobs)
    redactor = Redactor(content.policy, cache=cache, engine=engine)  # type: ignore[arg-type]
    docs = _documents(content)
    _check_identifiers(content, redactor, docs)
    texts = [t for key, file, model in docs for t in _texts(key, file, model, content.root)]
    results = _redact_distinct(redactor, texts)
    if cache is not None:
        cache.close()
    findings: list[RedactionFinding] = []
    withheld: dict[str, int] = {}
    updates: dict[str, dict[Path_, Any]] = {}
    for t, result in zip(texts, results, strict=True):
        withheld[t.key] = withheld.get(t.key, 0) + result.withheld
        findings.extend(_findings(t, result))
        if result.text != t.text:
            updates.setdefault(t.key, {})[t.path] = result.text
    withheld = {k: v for k, v in withheld.items() if k != "site" or v}
    return RedactedContent(_rebuilt(content, updates), findings, withheld)


def _redact_distinct(redactor: Any, texts: list[_Text]) -> list[Redacted]:
    """Each distinct (text, mode, document) once: a workbook repeats the same cells thousands
    of times. The result is the same as redacting every text: within a document the same text
    gets the same decisions, and the ledger and findings still count every occurrence."""
    distinct: dict[tuple[str, Mode, str], int] = {}
    for t in texts:
        distinct.setdefault((t.text, t.mode, t.key), len(distinct))
    keys = list(distinct)
    once = redactor.redact_many(
        [k[0] for k in keys], modes=[k[1] for k in keys], groups=[k[2] for k in keys]
    )
    return [once[distinct[(t.text, t.mode, t.key)]] for t in texts]


def _documents(content: Content) -> list[tuple[str, Path, BaseModel]]:
    docs: list[tuple[str, Path, BaseModel]] = [("site", content.root / "site.yaml", content.site)]
    docs += [(f"plan:{d.slug}", d.source, d.data) for d in content.plans]
    docs += [(f"foi:{d.slug}", d.source, d.data) for d in content.foi]
    docs += [(f"page:{d.slug}", d.source, d.data) for d in content.pages]
    docs += [(f"file:{f.name}", f.source, f.text) for f in content.files]
    return docs


def shown(path: Path, root: Path) -> str:
    try:
        return (Path(root.name) / path.relative_to(root)).as_posix()
    except ValueError:
        return str(path)


def _texts(key: str, source: Path, model: BaseModel, root: Path | None = None) -> list[_Text]:
    file = str(source) if root is None else shown(source, root)
    found: list[_Text] = []
    for path, label, value, kind in fast_walk(model):
        if kind is not None and isinstance(value, str) and value.strip():
            found.append(
                _Text(key, file, path, label, value, "markdown" if kind == "markdown" else "plain")
            )
    return found


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


def _cells(path: Path_, label: str, rows: list[Any]):
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            yield (*path, "rows", r, "cells", c), f"{label}.rows[{r + 1}].cells[{c + 1}]", \
                cell, "plain"


def walk(model: BaseModel, path: Path_ = (), label: str = ""):
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


def _findings(t: _Text, result: Redacted) -> list[RedactionFinding]:
    return [
        RedactionFinding(
            file=t.file,
            field=t.label,
            entity=f.entity,
            score=round(f.score, 2),
            recognizer=f.recognizer,
            text=f.text,
            sentence=sentence_around(t.text, f.start, f.end),
            decision=f.action,
        )
        for f in result.findings
    ]


def _check_identifiers(content: Content, redactor: Any, docs: list) -> None:
    """Slugs, file names and identifiers (refs, references, annex slugs) are published as
    they are, in URLs and headings: an always_redact name in one is an error to fix by hand."""
    problems: list[Problem] = []
    for _key, source, model in docs:
        file = shown(source, content.root)
        # The slug is the file name's stem: checking the file name covers both, once.
        candidates = [("file name", source.name)]
        candidates += [(label, value) for _, label, value, kind in walk(model) if kind is None]
        for where, value in candidates:
            # Hyphens and underscores separate words in slugs: quote the name, not the slug.
            readable = value.replace("_", " ").replace("-", " ")
            hits = [readable[s:e] for s, e in redactor.always.find(readable)]
            if hits:
                problems.append(
                    Problem(
                        file=file,
                        line=None,
                        field=where,
                        message=f'the {where} "{value}" contains "{hits[0]}", a name listed in '
                        "always_redact in redaction.yaml. It would be published in a web address "
                        "or heading, where it cannot be redacted.",
                        hint="rename the file or change the value so that it names no one "
                        '(e.g. "mr-s-homicide" rather than the person\'s name).',
                    )
                )
    if problems:
        raise ContentError(problems)


def _rebuilt(content: Content, updates: dict[str, dict[Path_, Any]]) -> Content:
    from dataclasses import replace

    if not updates:
        return content

    def doc(d: Any, key: str) -> Any:
        return replace(d, data=_apply(d.data, updates[key])) if key in updates else d

    return replace(
        content,
        site=_apply(content.site, updates["site"]) if "site" in updates else content.site,
        plans=[doc(d, f"plan:{d.slug}") for d in content.plans],
        foi=[doc(d, f"foi:{d.slug}") for d in content.foi],
        pages=[doc(d, f"page:{d.slug}") for d in content.pages],
        files=[replace(f, text=_apply(f.text, updates[f"file:{f.name}"]))
               if f"file:{f.name}" in updates else f for f in content.files],
    )


def _apply(value: Any, changes: dict[Path_, Any]) -> Any:
    """`value` with the strings at `changes`' paths replaced (model_copy: models are frozen)."""
    if () in changes:
        return changes[()]
    heads: dict[str | int, dict[Path_, Any]] = {}
    for path, new in changes.items():
        heads.setdefault(path[0], {})[path[1:]] = new
    if isinstance(value, BaseModel):
        return value.model_copy(
            update={name: _apply(getattr(value, name), sub) for name, sub in heads.items()}
        )
    if isinstance(value, list):
        return [_apply(item, heads[i]) if i in heads else item for i, item in enumerate(value)]
    return value
