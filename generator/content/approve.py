"""approve: bind an approval to the exact content that was approved.

`publisher approve content/plans/mr-s.yaml --by "Head of Information Governance"` writes

    approval:
      status: approved
      by: Head of Information Governance
      date: 2026-11-22
      sha256: "<64 hex digits>"

into the file (plans, FOI responses, and the front matter of pages). The build refuses to
publish an approved file whose fingerprint no longer matches; `publisher check` lists them all.

What the fingerprint covers (the canonical form):
    sha256 of the UTF-8 bytes of json.dumps({"fields": F, "body": B}, sort_keys=True,
    ensure_ascii=False, separators=(",", ":")), where
    - F is the file's YAML (for a page: its front matter) as the loader reads it, without the
      top-level `approval` block. The loader keeps every value as text, so `target: 2019-09-30`
      and `target: "2019-09-30"` are the same value, and `ref: 7.10` stays "7.10";
    - B is a page's Markdown text with line endings made \\n and surrounding blank space
      trimmed, or null for a YAML file;
    - and, only when some apply, "decisions": D, the redaction decisions that apply to the file
      (content/redaction-decisions.yaml: those scoped to it, and "everywhere" ones whose words
      occur in it), each as {"text", "decision", "scope"}, sorted. They change what is
      published, so a new or changed decision needs re-approval; a changed reason, author or
      date does not, nor does reordering the decisions file.
So comments, key order, quoting style, indentation and line endings may change without
re-approval; any change to a value (a word, a date, an action added or moved) needs it. The file
name is not covered: renaming a plan changes its address, not what was approved.

Change notes (`changes:`) are inside the fingerprint: they are published text (on the page,
in the feeds), so they are approved like the rest. `--note` appends the note first and then
fingerprints the file with it; a note edited by hand afterwards needs approving again.

A major change says what changed: approving a file that was approved before (it has a sha256)
and has changed since needs `--note "..."` (readers see it) or `--minor` (a correction they
need not be told about). A first approval needs neither: publication is its own news.

The file is edited in place as text: only the approval block's values change (or the block is
added), so the author's comments and layout survive. The edit is checked by reading the file
back before it replaces the original, atomically.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.content import yaml_edit
from generator.content.changes import with_change
from generator.content.dates import human, parse_day_or_month, start_date
from generator.content.fingerprint import SHA256, fingerprint
from generator.content.load import load_decisions, load_file, pasteable
from generator.content.load import shown as shown_path
from generator.content.models import Content, Doc
from generator.content.yamlfile import parse_yaml, read_text
from generator.errors import ContentError, Problem
from redaction.decisions import strings

_FIELDS = ("status", "by", "date", "sha256")


@dataclass(frozen=True)
class Source:
    """A content file split into the YAML we fingerprint and edit, and what surrounds it."""

    path: Path
    shown: str
    bom: bool
    text: str  # the whole file, without a BOM
    yaml_start: int  # character offsets of the YAML (the front matter for a page)
    yaml_end: int
    first_line: int
    body: str | None  # a page's Markdown, else None

    @property
    def yaml_text(self) -> str:
        return self.text[self.yaml_start: self.yaml_end]


def read_source(path: Path, shown: str) -> Source:
    checked, problems = read_text(path, shown)
    if checked is None:
        raise ContentError(problems)
    raw = path.read_bytes()  # as saved: the edit keeps the file's line ends and BOM
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    if path.suffix != ".md":
        return Source(path, shown, bom, text, 0, len(text), 1, None)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError([Problem(shown, 1, None, "a page must start with front matter: a "
                                    "line ---, the title and approval, then another line ---.")])
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        raise ContentError([Problem(shown, 1, None,
                                    "the front matter is not closed by a line ---.")])
    start = len(lines[0])
    stop = sum(len(line) for line in lines[:end])
    return Source(path, shown, bom, text, start, stop, 2, "".join(lines[end + 1:]))


def file_fingerprint(source: Source) -> tuple[str, dict[str, Any]]:
    parsed, problems = parse_yaml(source.yaml_text or "{}", source.shown, source.first_line)
    if parsed is None or problems:
        raise ContentError(problems)
    if not isinstance(parsed.data, dict):
        raise ContentError([Problem(source.shown, source.first_line, None,
                                    "the file must be a set of fields (key: value).")])
    return fingerprint(parsed.data, source.body, _decisions_for(source, parsed.data)), parsed.data


def _decisions_for(source: Source, data: dict[str, Any]) -> list[dict[str, str]]:
    """The decisions of the file's content folder (content/plans/x.yaml → content/) that
    apply to it; a decisions file with problems stops the approval."""
    path = source.path.resolve()
    root = path.parent.parent
    problems: list[Problem] = []
    decisions = load_decisions(root, problems)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
    texts = [*strings(data), *([source.body] if source.body else [])]
    return decisions.bound_to(path.relative_to(root).as_posix(), texts)


def approve_file(path: Path, by: str, when: date, shown: str | None = None, *,
                 note: str | None = None, minor: bool = False) -> str:
    """Record an approval bound to the file's current content; return the fingerprint.

    With `note`, a change note {date: when, note: note} is appended to `changes` first."""
    shown = shown or str(path)
    if not by.strip():
        raise ContentError([Problem(shown, None, None, '--by must name who approves, as a role, '
                                    'e.g. "Head of Information Governance".')])
    note = " ".join((note or "").split()) or None
    if note is not None and minor:
        raise ContentError([Problem(shown, None, None, "--note and --minor cannot be used "
                                    "together: a change with a note is a major change.")])
    _check_loads(path, shown)
    source = read_source(path, shown)
    digest, data = file_fingerprint(source)
    _needs_note(data, digest, note, minor, shown, by.strip())
    yaml_text = source.yaml_text
    changes = list(data.get("changes") or [])
    if note is not None:
        yaml_text = with_change(yaml_text, when.isoformat(), note, _scalar)
        changes.append({"date": when.isoformat(), "note": note})
        noted = Source(path, shown, source.bom, source.text[: source.yaml_start] + yaml_text
                       + source.text[source.yaml_end:], source.yaml_start,
                       source.yaml_start + len(yaml_text), source.first_line, source.body)
        digest, _ = file_fingerprint(noted)
    values = {"status": "approved", "by": by.strip(), "date": when.isoformat(), "sha256": digest}
    new_yaml = _with_approval(yaml_text, values)
    text = source.text[: source.yaml_start] + new_yaml + source.text[source.yaml_end:]
    # Read the edit back: the approval must say exactly this, and nothing else may differ.
    check = Source(path, shown, source.bom, text, source.yaml_start,
                   source.yaml_start + len(new_yaml), source.first_line, source.body)
    after_digest, after = file_fingerprint(check)
    approval = after.get("approval")
    if after_digest != digest or not isinstance(approval, dict) or any(
            approval.get(key) != value for key, value in values.items()) or (
            list(after.get("changes") or []) != changes):
        raise ContentError([Problem(shown, None, "approval", "the approval block could not be "
                                    "rewritten safely, so the file was not changed.",
                                    "write the approval block as in CONTENT.md and try again.")])
    _replace(path, ("\ufeff" if source.bom else "") + text)
    return digest


def _needs_note(data: dict[str, Any], digest: str, note: str | None, minor: bool,
                shown: str, by: str) -> None:
    """A changed file that was approved before must say whether readers are told (see above)."""
    approval = data.get("approval")
    before = approval.get("sha256") if isinstance(approval, dict) else None
    if note is not None or minor or not before or before == digest:
        return
    when = str(approval.get("date", ""))
    with suppress(ValueError):  # a hand-written date that is not ISO is quoted as written
        when = human(date.fromisoformat(when))
    raise ContentError([Problem(
        shown, None, "approval", f"the file has changed since it was approved on {when}: say "
        "whether readers should be told.",
        f'for a change readers should know about, run: publisher approve {shown} --by "{by}" '
        '--note "What changed, in one sentence" (shown as Last updated on the page and sent to '
        "the feeds); for a correction such as a typo, add --minor instead of --note.")])


def unbound_approvals(content: Content) -> list[Problem]:
    """A warning for each approved file whose approval has no fingerprint (hand-written)."""
    warnings: list[Problem] = []
    docs: list[Doc[Any]] = [*content.plans, *content.foi, *content.pages]
    for doc in docs:
        approval = getattr(doc.data, "approval", None) or doc.data.meta.approval
        if approval.status == "approved" and approval.sha256 is None:
            name = shown_path(doc.source, content.root)
            warnings.append(Problem(
                name, doc.line("approval"), "approval",
                "the approval has no sha256, so a change made after approval would not be "
                "noticed.", "to bind it to this content, run: publisher approve "
                f'{pasteable(doc.source)} --by "{approval.by}" --date '
                f"{approval.date.isoformat()}", warning=True))
    return warnings


def newer_progress(path: Path, when: date, shown: str | None = None) -> Problem | None:
    """A warning when the approval date is before the file's newest progress update: an
    approval cannot cover words written after it (typically an old date kept with --date)."""
    shown = shown or str(path)
    try:
        _, data = file_fingerprint(read_source(path, shown))
    except (ContentError, OSError):
        return None
    newest = None
    for rec in _items(data.get("recommendations")):
        for act in _items(rec.get("actions")):
            for update in _items(act.get("progress")):
                try:
                    value = parse_day_or_month(update.get("date"))
                except ValueError:
                    continue
                if newest is None or start_date(value) > start_date(newest):
                    newest = value
    if newest is None or start_date(newest) <= when:
        return None
    return Problem(shown, None, "approval", f"the approval is dated {human(when)}, before the "
                   f"newest progress update ({human(newest)}): an approval cannot cover text "
                   "written after it.", "approve it again with the date it was really "
                   "approved: --date YYYY-MM-DD (today if it is left out).", warning=True)


def _items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _check_loads(path: Path, shown: str) -> None:
    """Only content that loads cleanly can be approved: the approval is for what readers see."""
    load_file(path, shown)


def _with_approval(text: str, values: dict[str, str]) -> str:
    node, newline = yaml_edit.mapping(text)
    block = newline.join(["approval:", *(f"  {key}: {_scalar(values[key])}" for key in _FIELDS)])
    found = yaml_edit.entry(node, "approval")
    if found is None:
        return yaml_edit.appended(text, block, newline)
    key_node, value_node = found
    if isinstance(value_node, yaml.MappingNode) and value_node.value:
        if not value_node.flow_style:
            return _edit_block(text, value_node, values, newline)
        # {status: draft, ...} on one line stays on one line.
        flow = ", ".join(f"{key}: {_scalar(values[key])}" for key in _FIELDS)
        start, end = value_node.start_mark.index, value_node.end_mark.index
        return text[:start] + "{" + flow + "}" + text[end:]
    # An empty or malformed approval: replace it, key and all, with a whole block.
    start, end = key_node.start_mark.index, _value_end(text, value_node)
    return text[:start] + block + text[end:]


def _edit_block(text: str, mapping: yaml.MappingNode, values: dict[str, str],
                newline: str) -> str:
    """Change each value where it stands (comments beside it stay); add the missing keys."""
    edits: list[tuple[int, int, str]] = []
    present: set[str] = set()
    for key_node, value_node in mapping.value:
        if key_node.value in values:
            present.add(key_node.value)
            edits.append((value_node.start_mark.index, _value_end(text, value_node),
                           _scalar(values[key_node.value])))
    missing = [key for key in _FIELDS if key not in present]
    if missing:
        # After the block's last line (and any comment on it), at the block's indentation.
        line_end = yaml_edit.line_end(text, _value_end(text, mapping.value[-1][1]))
        indent = " " * mapping.start_mark.column
        added = "".join(f"{newline}{indent}{key}: {_scalar(values[key])}" for key in missing)
        edits.append((line_end, line_end, added))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _value_end(text: str, node: yaml.Node) -> int:
    """A block scalar (>- or |) ends after its last line; keep the line break that follows."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in "\r\n":
        end -= 1
    return end


_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,'()&/+-]*$")


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly `value`."""
    if SHA256.match(value):
        return f'"{value}"'  # all-digit fingerprints would otherwise look like numbers to others
    if _PLAIN.match(value) and not value.endswith(" ") and ": " not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _replace(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
