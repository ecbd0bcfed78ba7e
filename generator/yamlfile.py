"""YAML as authors write it, with the line of every value kept for error messages.

Plain scalars stay strings: `ref: 3.10` must not become the number 3.1, and `2019-02-30` must
reach the date check (PyYAML would raise on it before we could say which field it was).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem

Path_ = tuple[str | int, ...]
MAX_BYTES = 5 * 1024 * 1024  # a plan is tens of KB; anything this big is a mistake


class _Loader(yaml.SafeLoader):
    """Resolves only null; everything else a plain scalar says stays text."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", yaml.resolver.Resolver.yaml_implicit_resolvers["~"][0][1],
    ["~", "n", "N", ""],
)


@dataclass
class Parsed:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Path_) -> int | None:
        """The line of the deepest part of `loc` we know about."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """File bytes → text, or a problem an author can act on."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(shown, None, None,
                                  f"the file is {size // (1024 * 1024)} MB; content files are "
                                  f"expected to be well under {MAX_BYTES // (1024 * 1024)} MB.",
                                  "check that the right file was saved here.")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, None, f"the file cannot be read ({exc.strerror}).")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM from Windows editors is harmless
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, None,
                              "the file is not UTF-8 text.",
                              "save it as UTF-8 (in Word or Excel: Save As, Unicode UTF-8).")]
    if not text.strip():
        return None, [Problem(shown, 1, None, "the file is empty.",
                              "add the content, or delete the file.")]
    return text, []


def parse_yaml(text: str, shown: str, first_line: int = 1) -> tuple[Parsed | None, list[Problem]]:
    offset = first_line - 1
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), start=first_line):
            indent = line[: len(line) - len(line.lstrip())]
            if "\t" in indent:
                return None, [Problem(shown, number, None,
                                      "the line is indented with a tab; YAML needs spaces.",
                                      "replace the tab with spaces.")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        what = exc.problem or "the YAML cannot be read"
        return None, [Problem(shown, line, None, f"this is not valid YAML: {what}.",
                              "check the indentation and that text containing ': ' is quoted.")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, None, f"this is not valid YAML: {exc}.")]
    if node is None:
        return None, [Problem(shown, first_line, None, "the file has no content.")]
    parsed = Parsed(None)
    problems: list[Problem] = []
    parsed.data = _build(node, (), parsed, problems, shown, offset)
    return parsed, problems


def _build(node: yaml.Node, here: Path_, parsed: Parsed, problems: list[Problem], shown: str,
           offset: int) -> Any:
    parsed.lines.setdefault(here, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*here, i), parsed, problems, shown, offset)
                for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(shown, key_node.start_mark.line + 1 + offset, None,
                                    "a key must be a plain word."))
            continue
        key = key_node.value
        line = key_node.start_mark.line + 1 + offset
        if key in result:
            problems.append(Problem(shown, line, key,
                                    f'"{key}" is given twice in the same block '
                                    f"(first on line {parsed.lines[(*here, key)]}).",
                                    "keep one of them."))
            continue
        parsed.lines[(*here, key)] = line
        result[key] = _build(value_node, (*here, key), parsed, problems, shown, offset)
    return result
