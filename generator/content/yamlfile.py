"""YAML as authors write it, with the line of every value kept for error messages.

Plain scalars stay strings: `ref: 3.10` must not become the number 3.1, and `2019-02-30` must
reach the date check (PyYAML would raise on it before we could say which field it was).
"""

from __future__ import annotations

import marshal
import re
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.content.lines import FieldPath, Lines, deepest
from generator.errors import Problem

MAX_BYTES = 5 * 1024 * 1024  # a plan is tens of KB; anything this big is a mistake
MAX_DEPTH = 20  # a plan is 6 levels deep at most
MAX_VALUES = 100_000  # a long plan holds a few thousand


class _Loader(yaml.SafeLoader):
    """Resolves only null; everything else a plain scalar says stays text."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", yaml.resolver.Resolver.yaml_implicit_resolvers["~"][0][1],
    ["~", "n", "N", ""],
)


_LIBYAML = hasattr(yaml, "CSafeLoader")


class _FastLoader(yaml.CSafeLoader if _LIBYAML else yaml.SafeLoader):  # type: ignore[misc]
    """The same rules through libyaml: ~10 times faster (14.6 s → 1.5 s for 1,000 plans)."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


class Parsed:
    """A file's data as YAML gave it, and the line of each of its field paths: as a dict while
    the file is being checked, packed (lines.py) for what outlives loading. From the parse
    cache both come as bytes (issue 18: a cache of 1,000 plans read as objects was 150 MB),
    made into objects only if something asks: a valid file read before needs neither."""

    def __init__(self, data: Any = None, lines: dict[FieldPath, int] | None = None,
                 packed: Lines | None = None, raw: bytes | None = None) -> None:
        self._data = data
        self._raw = raw  # the data, marshalled
        self._lines = lines if lines is not None or packed is not None else {}
        self._packed = packed

    @property
    def data(self) -> Any:
        if self._raw is not None:
            self._data, self._raw = marshal.loads(self._raw), None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._raw = value, None

    @property
    def raw(self) -> bytes:
        """The data marshalled, for the parse cache (a file's data is text, lists, dicts)."""
        return self._raw if self._raw is not None else marshal.dumps(self._data)

    @property
    def lines(self) -> dict[FieldPath, int]:
        if self._lines is None:
            self._lines = self._packed.unpack() if self._packed is not None else {}
        return self._lines

    @property
    def packed(self) -> Lines:
        """The lines packed, once all of them are known (a page adds its body's first)."""
        if self._packed is None:
            self._packed = Lines.pack(self.lines)
        return self._packed

    def line_of(self, loc: FieldPath) -> int | None:
        """The line of the deepest part of `loc` we know about."""
        return deepest(self.lines, loc)

    def __repr__(self) -> str:  # as the dataclass it was: tests compare two readers by it
        return f"Parsed(data={self.data!r}, lines={self.lines!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Parsed) and self.data == other.data
                and self.lines == other.lines)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was


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
    # Windows line ends: YAML reads them anyway, but a page's Markdown would keep each \r.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, shown, offset)]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + offset
        return None, [Problem(shown, line, None,
                              f"the line holds a control character (U+{exc.character:04X}) "
                              "that content files cannot contain.",
                              "delete it; it usually comes from copying text out of another "
                              "program.")]
    except RecursionError:
        return None, [Problem(shown, _deep_line(text, offset), None,
                              f"the value is nested more than {MAX_DEPTH} levels deep.",
                              "content files are a few levels deep; check the brackets.")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, None, f"this is not valid YAML: {exc}.")]
    if node is None:
        return None, [Problem(shown, first_line, None, "the file has only comments, no content.",
                              "add the content, or delete the file.")]
    parsed = Parsed(lines={})
    problems: list[Problem] = []
    parsed.data = _build(node, (), parsed, problems, _Walk(shown, offset))
    return parsed, problems


def _compose(text: str) -> yaml.Node | None:
    """libyaml reads well-formed, shallow text (identical nodes and line numbers); anything it
    refuses goes to PyYAML's own parser, whose errors are the ones worded for authors. Deep
    text never reaches libyaml: its composer recurses in C, with no recursion limit."""
    if _LIBYAML and _shallow(text):
        with suppress(Exception):
            return yaml.compose(text, Loader=_FastLoader)
    return yaml.compose(text, Loader=_Loader)


# Where libyaml and PyYAML part ways (tabs inside values, byte-order marks and other line
# breaks, document markers, a comment stuck to a block indicator): such text takes the
# reference parser. Found by comparing both on 100,000 random texts; tests/perf goes on.
_UNUSUAL = re.compile(r"[\t\ufeff\x85\u2028\u2029]|^(?:---|\.\.\.|%)|[|>][-+0-9]*#",
                      re.MULTILINE)


def _shallow(text: str) -> bool:
    """Plain, shallow text: the kind libyaml reads exactly as PyYAML does."""
    if _UNUSUAL.search(text):
        return False
    if text.count("[") + text.count("{") > MAX_DEPTH:
        return _deep_line(text, 0) is None
    return all(len(line) - len(line.lstrip(" -")) <= 2 * MAX_DEPTH for line in text.splitlines())


def _deep_line(text: str, offset: int) -> int | None:
    """Where brackets or indentation first go deeper than any content file needs."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) - len(line.lstrip(" -")) > 2 * MAX_DEPTH:
            return number + offset
        for char in line:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth > MAX_DEPTH:
                return number + offset
    return None


# PyYAML's words for its problems → words an author can act on: (what is wrong, hint, use the
# line where the construct started rather than where the parser gave up).
_SYNTAX: list[tuple[str, str, str, bool]] = [
    ("mapping values are not allowed", 'a colon and a space (": ") cannot appear here.',
     "put the whole text in quotes, or write it on the next lines after >-.", False),
    ("expected a single document", "the file holds more than one YAML document "
     "(a line --- in the middle).", "remove the --- line: a content file is one document.",
     False),
    ("found undefined alias", "a value cannot start with *.", "put the text in quotes.", False),
    ("cannot start any token", "a value cannot start with this character.",
     "put the text in quotes.", False),
    ("expected ',' or ']'", "the list opened with [ on this line is not closed by ].",
     "add the ], or write the list as lines starting with -.", True),
    ("expected ',' or '}'", "the block opened with { on this line is not closed by }.",
     "add the }, or write the fields on their own lines.", True),
    ("could not find expected ':'", 'a line in this block has no ": " after its key.',
     "check the indentation, and that every key is followed by a colon and a space.", True),
    ("expected <block end>", "this line does not line up with the lines above it.",
     "check the indentation: keys of the same block start in the same column.", False),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str, offset: int) -> Problem:
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    problem_line = problem_mark.line + 1 if problem_mark else None
    quote = _unclosed_quote(text, problem_line)
    if quote is not None:
        number, mark = quote
        return Problem(shown, number + offset, None,
                       f"the quotation mark ({mark}) that starts this value is not closed on "
                       "this line.", f"add the closing {mark} at the end of the value.")
    what = str(exc.problem or exc.context or "")
    said = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message, hint, at_context in _SYNTAX:
        if needle in said:
            mark = context_mark if at_context and context_mark else problem_mark
            line = mark.line + 1 + offset if mark else None
            return Problem(shown, line, None, message, hint)
    line = problem_line + offset if problem_line else None
    return Problem(shown, line, None, f"this is not valid YAML: {what or exc}.",
                   "check the indentation, and put text containing \": \" in quotes.")


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s"'#:][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, until: int | None) -> tuple[int, str] | None:
    """The first line, up to where YAML gave up, whose value opens a quote and never closes it.

    YAML allows a quoted value to run over several lines, so this is only asked once the file
    has already failed to parse: then an unclosed quote is by far the likeliest cause.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if until is not None and number > until:
            break
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        mark, rest = match[1], match[2]
        closing = r'(?<!\\)"' if mark == '"' else r"'(?!')"
        if not re.search(closing, rest.replace("''", "")):
            return number, mark
    return None


@dataclass
class _Walk:
    shown: str
    offset: int
    inside: set[int] = field(default_factory=set)  # the nodes on the path being built
    values: int = 0
    refused: bool = False  # one message per file about aliases, not one per alias


# Characters a quoted escape can produce but no page, PDF or data file should carry; a lone
# surrogate cannot even be written out as UTF-8.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")

# Tags YAML gives plain values anyway; any other (!!python/object, !!binary, !custom) is refused.
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
               "tag:yaml.org,2002:null"}


def _build(node: yaml.Node, here: FieldPath, parsed: Parsed, problems: list[Problem],
           walk: _Walk) -> Any:
    line = node.start_mark.line + 1 + walk.offset
    parsed.lines.setdefault(here, line)
    # Aliases (*name) are allowed (YAML writers use them for repeated blocks), but an alias
    # inside its own anchor never ends, and aliases of aliases ("billion laughs") multiply
    # a few lines into billions of values: both are refused before they cost anything.
    walk.values += 1
    if id(node) in walk.inside or walk.values > MAX_VALUES:
        if not walk.refused:
            walk.refused = True
            # The node carries its anchor's position; the alias is in the enclosing value.
            line = parsed.lines.get(here if isinstance(here[-1], str) else here[:-1], line)
            what = ("this value contains itself through an alias (*name)"
                    if id(node) in walk.inside else
                    f"the file expands to more than {MAX_VALUES:,} values through aliases "
                    "(*name)")
            problems.append(Problem(walk.shown, line, _field(here), f"{what}.",
                                    "write the value out in full, without & and *."))
        return None
    walk.inside.add(id(node))
    try:
        return _value(node, here, parsed, problems, walk, line)
    finally:
        walk.inside.discard(id(node))


def _value(node: yaml.Node, here: FieldPath, parsed: Parsed, problems: list[Problem], walk: _Walk,
           line: int) -> Any:
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(walk.shown, line, _field(here),
                                f'the tag "{_short_tag(node.tag)}" is not used in content files.',
                                "remove it and write the value as plain text."))
        return None
    if len(here) > MAX_DEPTH:
        problems.append(Problem(walk.shown, line, _field(here),
                                f"the value is nested more than {MAX_DEPTH} levels deep.",
                                "content files are a few levels deep; check the brackets."))
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        bad = _UNSAFE.search(node.value)
        if bad:  # written as an escape in quotes ("\x07", "\ud800"): the reader let it in
            what = ("an incomplete character" if "\ud800" <= bad[0] <= "\udfff" else
                    "a control character")
            subject = f'the value of "{_field(here)}"' if _field(here) else "the value"
            problems.append(Problem(walk.shown, line, _field(here),
                                    f"{subject} holds {what} (U+{ord(bad[0]):04X}) that content "
                                    "files cannot contain.", "remove the escape from the text."))
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*here, i), parsed, problems, walk)
                for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + walk.offset
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            problems.append(Problem(walk.shown, key_line, None,
                                    'a key must be a plain word followed by ": ", '
                                    'like "title: ".'))
            continue
        key = key_node.value
        if key in result:
            problems.append(Problem(walk.shown, key_line, key,
                                    f'"{key}" is given twice in the same block '
                                    f"(first on line {parsed.lines[(*here, key)]}).",
                                    "keep one of them."))
            continue
        parsed.lines[(*here, key)] = key_line
        result[key] = _build(value_node, (*here, key), parsed, problems, walk)
    return result


def _field(here: FieldPath) -> str | None:
    return next((str(p) for p in reversed(here) if isinstance(p, str)), None)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag
