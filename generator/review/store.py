"""Write a decision into content/redaction-decisions.yaml, keeping the author's comments and
order: the file is edited as text (like `publisher approve` edits an approval), read back to
check the edit, and replaced atomically under a lock on the content folder, so two reviews,
or a review and a build reading the file, never see half of it."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.approve import _replace, _scalar, _value_end
from generator.content.messages import validate_data
from generator.content.yamlfile import parse_yaml
from generator.errors import ContentError, Problem
from redaction.decisions import EVERYWHERE, FILE_NAME, Decision, DecisionsFile

HEADER = """\
# Redaction decisions: the information governance officer's decision on individual findings,
# with the reason FOIA section 40(2) requires. Written by `publisher review`; you may edit it
# by hand. Each decision: text (the words, exactly), decision (release | withhold), scope
# (everywhere, or one file under content/ such as plans/mr-s-homicide.yaml), reason, by, date.
decisions:
"""


class Conflict(Exception):
    """The new decision would contradict one that covers more (an `everywhere` one)."""


@dataclass(frozen=True)
class Outcome:
    written: bool
    replaced: list[Decision]  # earlier decisions the new one took the place of
    note: str


@contextmanager
def decisions_lock(content_dir: Path) -> Iterator[None]:
    """One writer at a time per content folder (a lock on the folder itself: no lock file
    appears among the content)."""
    fd = os.open(content_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def record(content_dir: Path, new: Decision) -> Outcome:
    """Add `new`; a decision on the same words and scope is replaced where it stands, and an
    `everywhere` decision takes the place of every other decision on the same words."""
    with decisions_lock(content_dir):
        path = content_dir / FILE_NAME
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
        current = _read(text, path.name)
        same = [i for i, d in enumerate(current) if d.text == new.text]
        if new.scope != EVERYWHERE:
            wide = next((current[i] for i in same if current[i].scope == EVERYWHERE), None)
            if wide is not None and wide.decision != new.decision:
                raise Conflict(f'"{new.text}" is already {_verb(wide)} everywhere ({wide.reason};'
                               f" {wide.by}). A decision for one file cannot contradict it: "
                               "choose Everywhere to change that decision.")
            if wide is not None:
                return Outcome(False, [], f'"{new.text}" is already {_verb(wide)} everywhere: '
                               "nothing to change.")
            same = [i for i in same if current[i].scope == new.scope]
        replaced = [current[i] for i in same]
        new_text = _edit(text, same, new)
        expected = [d for i, d in enumerate(current) if i not in same[1:]]
        if same:
            expected[same[0]] = new
        else:
            expected.append(new)
        if _read(new_text, path.name) != expected:
            raise ContentError([Problem(f"content/{FILE_NAME}", None, None,
                                        "the decision could not be written safely, so the file "
                                        "was not changed.", "add it by hand, as in CONTENT.md.")])
        _write(path, new_text)
        return Outcome(True, replaced, "")


def _verb(d: Decision) -> str:
    return "released" if d.decision == "release" else "withheld"


def _read(text: str, name: str) -> list[Decision]:
    parsed, problems = parse_yaml(text, name)
    if parsed is None or problems:
        raise ContentError(problems or [Problem(name, None, None, "the file is empty.")])
    if parsed.data is None:
        return []
    found: list[Problem] = []
    data = validate_data(parsed, DecisionsFile, name, found)
    if data is None:
        raise ContentError(found)
    return list(data.decisions)


def _write(path: Path, text: str) -> None:
    if path.exists():
        _replace(path, text)
        return
    temp = path.with_name(f".{path.name}.new")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def entry(d: Decision, indent: str) -> str:
    """One decision as block YAML, starting with its "- "."""
    values = {"text": d.text, "decision": d.decision, "scope": d.scope, "reason": d.reason,
              "by": d.by, "date": d.date.isoformat()}
    lines = [f"{key}: {_scalar(value)}" for key, value in values.items()]
    return f"{indent}- " + f"\n{indent}  ".join(lines)


def _edit(text: str, replace: list[int], new: Decision) -> str:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    seq = _sequence(node)
    if seq is None or not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return _fresh_list(text, node, new)
    indent = " " * seq.start_mark.column
    edits: list[tuple[int, int, str]] = []
    if replace:
        item = seq.value[replace[0]]
        body = entry(new, indent)[len(indent) + 2:]
        edits.append((item.start_mark.index, _value_end(text, item.value[-1][1]), body))
        for i in replace[1:]:
            edits.append(_whole_lines(text, seq.value[i]))
    else:
        last = seq.value[-1]
        end = text.find("\n", _value_end(text, last.value[-1][1]))
        end = len(text) if end < 0 else end
        edits.append((end, end, "\n" + entry(new, indent)))
    for start, stop, insert in sorted(edits, reverse=True):
        text = text[:start] + insert + text[stop:]
    return text if text.endswith("\n") else text + "\n"


def _sequence(node: yaml.Node | None) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == "decisions"), None)


def _fresh_list(text: str, node: yaml.Node | None, new: Decision) -> str:
    """No list yet (no file, `decisions:` alone, or `decisions: []`): write one."""
    block = "decisions:\n" + entry(new, "  ") + "\n"
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "decisions":
                if isinstance(value, yaml.SequenceNode):  # decisions: []
                    stop = value.end_mark.index
                else:  # decisions: (nothing), up to the end of its line
                    stop = text.find("\n", key.end_mark.index)
                    stop = len(text) if stop < 0 else stop
                rest = text[stop:]
                rest = rest[1:] if rest.startswith("\n") else rest
                return text[:key.start_mark.index] + block + rest
    if text and not text.endswith("\n"):
        text += "\n"
    return text + block


def _whole_lines(text: str, item: yaml.MappingNode) -> tuple[int, int, str]:
    """An item removed with its lines: from the start of its "- " line to its last line's end."""
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    end = text.find("\n", _value_end(text, item.value[-1][1]))
    return start, (len(text) if end < 0 else end + 1), ""
