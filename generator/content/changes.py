"""Change notes: `publisher approve --note` appends one to the file's `changes:` list.

The list is edited in place as text, like the approval block (see approve.py): the new item is
written after the last one at the same indentation, so comments and layout survive. A file
with no `changes:` gets the list just before its `approval:` block (or at the end).
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from generator.content import yaml_edit


def with_change(text: str, when: str, note: str, scalar: Callable[[str], str]) -> str:
    """`text` (a YAML mapping) with {date: when, note: note} appended to `changes`."""
    node, newline = yaml_edit.mapping(text)
    item = [f"date: {scalar(when)}", f"note: {scalar(note)}"]
    found = yaml_edit.entry(node, "changes")
    if found is None:
        return _insert_new(text, node, item, newline)
    key_node, value_node = found
    if isinstance(value_node, yaml.SequenceNode) and value_node.flow_style:
        # changes: [] or [{...}] stays on one line.
        end = text.rindex("]", 0, value_node.end_mark.index)
        sep = ", " if value_node.value else ""
        return text[:end] + sep + "{" + ", ".join(item) + "}" + text[end:]
    if isinstance(value_node, yaml.SequenceNode) and value_node.value:
        return _append_item(text, value_node, item, newline)
    # `changes:` with nothing after it: the key and its empty value become a block.
    start, end = key_node.start_mark.index, value_node.end_mark.index
    indent = " " * key_node.start_mark.column
    return text[:start] + _block(item, indent, newline) + text[end:]


def _block(item: list[str], indent: str, newline: str) -> str:
    return (f"changes:{newline}{indent}  - {item[0]}{newline}{indent}    {item[1]}")


def _append_item(text: str, seq: yaml.SequenceNode, item: list[str], newline: str) -> str:
    """After the last item's last line, a new `- date: ... note: ...` at the items' column."""
    dash = _dash_column(text, seq.value[0])
    last = seq.value[-1]
    end = last.end_mark.index
    while end > last.start_mark.index and text[end - 1] in "\r\n \t":
        end -= 1
    line_end = yaml_edit.line_end(text, end)
    pad = " " * dash
    added = f"{newline}{pad}- {item[0]}{newline}{pad}  {item[1]}"
    return text[:line_end] + added + text[line_end:]


def _dash_column(text: str, first: yaml.Node) -> int:
    """The column of the `-` in front of the first item (the node starts after it)."""
    index = first.start_mark.index - 1
    while index >= 0 and text[index] != "-":
        index -= 1
    line_start = text.rfind("\n", 0, index) + 1
    return index - line_start


def _insert_new(text: str, node: yaml.MappingNode, item: list[str], newline: str) -> str:
    """A new `changes:` list, just before `approval:` if there is one, else at the end."""
    approval = yaml_edit.entry(node, "approval")
    if approval is None:
        return yaml_edit.appended(text, _block(item, "", newline), newline)
    key_node = approval[0]
    start = key_node.start_mark.index - key_node.start_mark.column
    indent = " " * key_node.start_mark.column
    return text[:start] + indent + _block(item, indent, newline) + newline + text[start:]
