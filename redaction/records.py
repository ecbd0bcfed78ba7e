"""A big data file (the search index, the open data) as records the leak gate can check one by
one, each with the bytes it stands at, so that a one-plan edit is checked as one record
(redaction/pieces.py) and not as the whole file.

Every segment extract.segments gives is in exactly one record, with the same text, place and
visibility, so checking all records reads what checking the file reads; only a pattern running
on from one record into the next (from one plan's last value into the next plan's first) is
not seen, as it never could be within one record.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

import regex as re

from redaction.extract import Segment, _csv_cells, _text, _walk, json_segments, prose

RECORDS_FROM = 256 * 1024  # bytes: smaller files are read whole, as they always were
_ROWS_PER_RECORD = 16  # about: a CSV record ends after a row whose hash says so (see records)
ROWS = "\0rows"  # the `path` of a CSV record (its rows have no list path)


@dataclass(frozen=True)
class Record:
    """One independent part of a big data file: what it is made of (`key`, without its place
    in the file), its segments (worked out only when asked), and where it stands: bytes
    [start, end) of the file, the list it is an element of (`path`) and its index there (or,
    for CSV rows, the number of its first row). The rest of a JSON object (values not in a
    list) is one record that stands nowhere (start -1): it is spread between the lists."""

    key: bytes
    make: Callable[[], list[Segment]]
    start: int = -1
    end: int = -1
    path: str = ""
    number: int = 0

    def segments(self) -> list[Segment]:
        return [s for s in self.make() if s.text]


def is_record_file(name: str, size: int) -> bool:
    return size >= RECORDS_FROM and PurePosixPath(name.lower()).suffix in {".json", ".csv"}


def records(name: str, data: bytes) -> Iterator[Record] | None:
    """A big JSON or CSV file as records: each element of a list at the top of a JSON document
    or under one of its keys (a plan, a search entry), a group of CSV rows, and one record for
    the rest. None for any other file, or a small one. Records come one at a time, so a file
    is never held parsed whole; a JSON file found broken on the way raises ValueError (read it
    whole)."""
    if not is_record_file(name, len(data)):
        return None
    text = _text(data)
    if text is None:
        return None
    offsets = Offsets(text, 3 if data.startswith(b"\xef\xbb\xbf") else 0)
    if name.lower().endswith(".csv"):
        return _csv_records(text, offsets)
    if not text.lstrip(" \t\n\r").startswith(("{", "[")):
        return None
    return _json_records(text, name, offsets)


class Offsets:
    """Byte offsets of increasing character offsets into the decoded file: one pass of
    encoding, none at all for ASCII (the common case: json.dumps escapes by default)."""

    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.ascii = text.isascii()
        self.base = base
        self.char = 0
        self.byte = base

    def __call__(self, at: int) -> int:
        if self.ascii:
            return self.base + at
        if at < self.char:
            raise ValueError("offsets asked out of order")
        self.byte += len(self.text[self.char:at].encode("utf-8", "surrogatepass"))
        self.char = at
        return self.byte


DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace


def _json_records(text: str, name: str, offsets: Offsets) -> Iterator[Record]:
    """Records of a JSON document, parsed value by value with json's own (C) scanner, so that
    a record's key is its text as it stands in the file: nothing is dumped again to key it."""
    at = _skip(text, 0)
    if text.startswith("[", at):
        end = yield from _elements(text, at, "", prose(name), offsets)
    else:
        end = yield from _object_records(text, at, name, offsets)
    if text[end:].strip(" \t\n\r"):
        raise ValueError("extra data after the JSON document")


def _object_records(text: str, at: int, name: str, offsets: Offsets) -> Iterator[Record]:
    rest: dict[str, object] = {}
    at = _skip(text, at + 1)
    while not text.startswith("}", at):
        key, at = DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if not isinstance(key, str) or not text.startswith(":", at):
            raise ValueError("not a JSON object")
        at = _skip(text, at + 1)
        if key.isidentifier() and text.startswith("[", at):  # a free-text key is a segment
            at = yield from _elements(text, at, key, prose(name, key), offsets)
        else:
            rest[key], at = DECODER.raw_decode(text, at)
        at = _skip(text, at)
        if text.startswith(",", at):
            at = _skip(text, at + 1)
        elif not text.startswith("}", at):
            raise ValueError("not a JSON object")
    # The other values, walked as extract walks the top of the document (a key path each).
    body = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
    yield Record(body.encode(), lambda: list(json_segments(rest, name)))
    return at + 1


def _elements(text: str, at: int, path: str, prose: bool, offsets: Offsets
              ) -> Iterator[Record]:
    """Each element of the list that starts at text[at] ("["), keyed by its own text and
    walked at its own place, as `_walk` walks it inside the list. Returns where the list ends."""
    at = _skip(text, at + 1)
    i = 0
    while not text.startswith("]", at):
        start = at
        value, at = DECODER.raw_decode(text, at)
        yield element(text[start:at], value, path, i, prose, offsets(start), offsets(at))
        i += 1
        at = _skip(text, at)
        if text.startswith(",", at):
            at = _skip(text, at + 1)
        elif not text.startswith("]", at):
            raise ValueError("not a JSON list")
    return at + 1


def element(raw: str, value: object, path: str, i: int, prose: bool, start: int,
            end: int) -> Record:
    here = f"{path}[{i}]"
    return Record(raw.encode(), lambda: list(_walk(value, here, prose)), start, end, path, i)


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def csv_rows(text: str) -> Iterator[tuple[list[str], int]]:
    """Each CSV row and the character offset where it ends (its line ending included): the
    reader pulls lines one at a time and gives a row once its last line is in."""
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in io.StringIO(text):  # split as csv.reader(io.StringIO(text)) splits
            consumed += len(line)
            yield line

    for row in csv.reader(lines()):
        yield row, consumed


def ends_record(row: list[str]) -> bool:
    # A record ends where the row's own hash says, not every n rows: one inserted row then
    # changes one record, not every record after it.
    return zlib.crc32("\x1f".join(row).encode()) % _ROWS_PER_RECORD == 0


def _csv_records(text: str, offsets: Offsets) -> Iterator[Record]:
    for chunk, start, end in csv_chunks(text):
        yield csv_record(chunk, offsets(start), offsets(end))


def csv_chunks(text: str, number: int = 1
               ) -> Iterator[tuple[list[tuple[int, list[str]]], int, int]]:
    """The rows of CSV text in groups, one record each: the rows with their numbers (the
    first is `number`) and the character offsets where the group starts and ends. A group
    ends after a row `ends_record`, or at the end of the text."""
    chunk: list[tuple[int, list[str]]] = []
    start = 0
    for row, end in csv_rows(text):
        chunk.append((number, row))
        number += 1
        if ends_record(row):
            yield chunk, start, end
            chunk, start = [], end
    if chunk:
        yield chunk, start, len(text)


def csv_record(chunk: list[tuple[int, list[str]]], start: int = -1, end: int = -1) -> Record:
    key = "\x1e".join("\x1f".join(row) for _, row in chunk).encode()
    return Record(key, lambda: list(_csv_cells(chunk)), start, end, ROWS, chunk[0][0])
