"""The search index as Material's search plugin writes it, from each page's entries kept as
JSON text (issue 18: never one list of every entry, nor one string of the whole index)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException


def entry_text(entries: list[dict[str, Any]]) -> bytes:
    """Entries as the search plugin's json.dumps writes them inside its list (compact, ASCII,
    unknown types as str), comma-separated: the index's bytes are these texts joined."""
    return b",".join(json.dumps(e, separators=(",", ":"), default=str).encode()
                     for e in entries)


EMPTY_DOCS = b'"docs":[]}'


def write_index(path: Path, parts: Iterable[bytes]) -> bytes:
    """The index the plugin wrote with no entries, `parts` (entry_text) spliced in: the bytes
    json.dumps({"config": …, "docs": every entry}) gives, streamed to the file. Returns the
    index's bytes before its list of entries (kept for write_entries on a one-page build)."""
    empty = path.read_bytes()
    if not empty.endswith(EMPTY_DOCS):  # the plugin's format changed: never a partial index
        raise MkDocsException(f"the search index {path} is not as expected: {empty[-40:]!r}")
    head = empty[: -len(b"[]}")]
    write_entries(path, head, parts)
    return head


def write_entries(path: Path, head: bytes, parts: Iterable[bytes]) -> None:
    """`head` (as write_index returned it) and `parts` (entry_text), as the index's bytes."""
    if not head.endswith(EMPTY_DOCS[: -len(b"[]}")]):  # never a partial index
        raise MkDocsException(f"the search index head for {path} is not as expected: "
                              f"{head[-40:]!r}")
    with path.open("wb") as out:
        out.write(head + b"[")
        first = True
        for part in parts:
            if part:
                if not first:
                    out.write(b",")
                out.write(part)
                first = False
        out.write(b"]}")


def search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The search plugin's list of entries (Material's plugin), or None without one."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None)
        if isinstance(entries, list):
            return entries
    return None
