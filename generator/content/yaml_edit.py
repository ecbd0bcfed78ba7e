"""Editing a content file's YAML as text, so that comments and layout survive: the pieces the
approval block (approve.py) and the change notes (changes.py) are both written with."""

from __future__ import annotations

import yaml


def mapping(text: str) -> tuple[yaml.MappingNode, str]:
    """The file's top-level mapping as YAML nodes (with their marks), and its line break."""
    node = yaml.compose(text or "{}", Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("not a mapping")
    return node, "\r\n" if "\r\n" in text else "\n"


def entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key's node and its value's node, for the first `key:` of the mapping."""
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def line_end(text: str, index: int) -> int:
    """Where the line holding `index` ends, before its line break (\\n or \\r\\n)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end - (text[end - 1] == "\r")


def appended(text: str, block: str, newline: str) -> str:
    """`block` as the file's last lines."""
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text + block + newline
