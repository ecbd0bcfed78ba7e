"""A big data file that passed the leak gate, remembered as the pieces it is made of, so that
the next version of it is checked as the join of pieces that already passed plus what is new.

A file is cut into pieces that cover every byte of it: its records (redaction/records.py: a
search entry, a plan, a group of CSV rows) and what stands between them (JSON's commas and
white space, the keys and values around the lists). Each piece is remembered by a digest of
its bytes. A new version of the file is hashed piece by piece from the front while the pieces
are what they were, then from the back (shifted by the change in length); what is left in the
middle is parsed and checked, record by record, if it is nothing but whole list elements and
the commas between them (or whole CSV rows). Anything else (a change between the lists, in
the rest of the document, a quote left open, bytes that do not parse) returns None and the
file is read in full as before: a changed or unknown part is never taken as passed.

A record's verdict depends only on its own bytes and the file's name (its segments do), so
an unchanged piece of the same file passed again; its place in the file only names it.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import overload

import regex as re

from redaction.extract import prose
from redaction.records import (
    DECODER,
    ROWS,
    Offsets,
    Record,
    csv_chunks,
    csv_record,
    csv_rows,
    element,
)

STRUCTURE, SEPARATOR = -1, -2  # kinds of the pieces between records
# Pieces are hashed a block at a time first (one digest a block, not one a piece, where the file
# is unchanged). A block ends after a piece whose digest says so (one in 64), not every n
# pieces: an inserted piece then changes one block, and the blocks after it are still known.
BLOCK_END = 4  # a digest's first byte below this ends a block
_BLOCK_ENDS = re.compile(b"[\\x00-\\x%02x]" % (BLOCK_END - 1))
DIGEST = 16  # bytes of a piece's digest
_SEPARATOR = re.compile(rb"[ \t\n\r]*,[ \t\n\r]*")
_SEPARATOR_TEXT = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")


def digest(data: bytes | memoryview) -> bytes:
    return hashlib.sha256(data).digest()[:DIGEST]


class Digests:
    """The pieces' digests, one after the other in one bytes object (as the memory file keeps
    them): a file's 60,000 digests are not cut into as many objects when loaded, nor joined
    again to be saved. Indexed and iterated as a tuple of digests."""

    __slots__ = ("joined",)

    def __init__(self, joined: bytes) -> None:
        self.joined = joined

    @classmethod
    def of(cls, digests: Iterable[bytes]) -> Digests:
        return cls(b"".join(digests))

    def __len__(self) -> int:
        return len(self.joined) // DIGEST

    @overload
    def __getitem__(self, k: int) -> bytes: ...
    @overload
    def __getitem__(self, k: slice) -> Digests: ...
    def __getitem__(self, k: int | slice) -> bytes | Digests:
        if isinstance(k, slice):
            first, last, step = k.indices(len(self))
            if step != 1:
                raise ValueError("digests are sliced in order")
            return Digests(self.joined[first * DIGEST:max(first, last) * DIGEST])
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self.joined[k * DIGEST:(k + 1) * DIGEST]

    def __iter__(self) -> Iterator[bytes]:
        joined = self.joined
        return (joined[i:i + DIGEST] for i in range(0, len(joined), DIGEST))

    def __add__(self, other: Digests) -> Digests:
        return Digests(self.joined + other.joined)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Digests) and self.joined == other.joined

    def __hash__(self) -> int:
        return hash(self.joined)

    def __repr__(self) -> str:
        return f"Digests({len(self)})"


@dataclass(frozen=True)
class Pieces:
    """The pieces of one file: piece k is bytes [bounds[k], bounds[k + 1]); its kind is an
    index into `paths` for a record (the list it is in) or STRUCTURE or SEPARATOR; `numbers`
    are the records' indexes (CSV: first row numbers), for messages only."""

    bounds: tuple[int, ...]
    kinds: tuple[int, ...]
    numbers: tuple[int, ...]
    digests: Digests
    paths: tuple[str, ...]
    # Digests of the bytes of each block of pieces (see BLOCK_END), in order.
    blocks: tuple[bytes, ...]

    @classmethod
    def of(cls, data: bytes, bounds: tuple[int, ...], kinds: tuple[int, ...],
           numbers: tuple[int, ...], paths: tuple[str, ...],
           digests: Digests | None = None,
           known: dict[tuple[int, int], bytes] | None = None) -> Pieces:
        """`known`: digests of blocks (first and last byte) already worked out."""
        view = memoryview(data)
        if digests is None:
            digests = Digests.of(digest(view[a:b]) for a, b in itertools.pairwise(bounds))
        known = known or {}
        blocks = tuple(known.get((bounds[a], bounds[z])) or digest(view[bounds[a]:bounds[z]])
                       for a, z in _blocks(digests))
        return cls(bounds, kinds, numbers, digests, paths, blocks)

    @cached_property  # asked up to five times of one file's pieces in a scan
    def spans(self) -> list[tuple[int, int]]:
        return _blocks(self.digests)

    def dump(self) -> tuple[object, ...]:
        return (self.bounds, self.kinds, self.numbers, self.digests.joined, self.paths,
                b"".join(self.blocks))

    @classmethod
    def load(cls, value: object) -> Pieces | None:
        try:
            bounds, kinds, numbers, digests, paths, blocks = value  # type: ignore[misc]
            if not isinstance(digests, bytes) or len(digests) % DIGEST:
                return None
            pieces = cls(tuple(bounds), tuple(kinds), tuple(numbers), Digests(digests),
                         tuple(paths), _split(blocks))
        except (TypeError, ValueError):
            return None
        n = len(pieces.kinds)
        ok = (len(pieces.bounds) == n + 1 and len(pieces.numbers) == n == len(pieces.digests)
              and len(pieces.blocks) == len(pieces.spans))
        return pieces if ok and n else None


def _blocks(digests: Digests) -> list[tuple[int, int]]:
    """The blocks of pieces [first, last), in order: the pieces that end one are found by a
    search in C over the digests' first bytes (30,000 pieces a file at 1,000 plans)."""
    firsts = digests.joined[::DIGEST]
    found, first = [], 0
    for end in _BLOCK_ENDS.finditer(firsts):
        found.append((first, end.start() + 1))
        first = end.start() + 1
    if first < len(digests):
        found.append((first, len(digests)))
    return found


def _split(joined: bytes) -> tuple[bytes, ...]:
    return tuple(joined[i:i + DIGEST] for i in range(0, len(joined), DIGEST))


def of_records(data: bytes, found: Iterable[tuple[int, int, str, int]]) -> Pieces | None:
    """The pieces of a file from where its records stand (Record start, end, path, number;
    the rest of a JSON object stands nowhere), or None if they do not cut it cleanly."""
    spans = sorted(r for r in found if r[0] >= 0)
    paths: dict[str, int] = {}
    bounds, kinds, numbers = [], [], []
    at = 0
    for start, end, path, number in spans:
        if start < at or end < start:
            return None
        if start > at:
            bounds.append(at)
            gap = data[at:start]
            kinds.append(SEPARATOR if _SEPARATOR.fullmatch(gap) else STRUCTURE)
            numbers.append(0)
        bounds.append(start)
        kinds.append(paths.setdefault(path, len(paths)))
        numbers.append(number)
        at = end
    if at < len(data):
        bounds.append(at)
        kinds.append(SEPARATOR if _SEPARATOR.fullmatch(data[at:]) else STRUCTURE)
        numbers.append(0)
    if not kinds:
        return None
    bounds.append(len(data))
    return Pieces.of(data, tuple(bounds), tuple(kinds), tuple(numbers), tuple(paths))


def changed(name: str, data: bytes, old: Pieces) -> tuple[list[Record], Pieces] | None:
    """The records of `data` to check, and its pieces, if it is `old` with whole records
    changed, added or removed in one place; None if it must be read in full."""
    view, b, n = memoryview(data), old.bounds, len(old.kinds)
    i = _same_from_front(view, old)
    if i == n and b[n] == len(data):
        return [], old
    delta = len(data) - b[n]
    j = _same_from_back(view, old, i, delta)
    rows = ROWS in old.paths
    if (not rows and (i == 0 or j == n)) or any(k == STRUCTURE for k in old.kinds[i:j]):
        return None  # the change reaches the document's edges or what lies between lists
    try:
        middle = data[b[i]:b[j] + delta].decode("utf-8")
    except UnicodeDecodeError:
        return None
    made = _rows(middle, old, i, j, data) if rows else _elements(middle, old, i, j, name)
    if made is None:
        return None
    found, kinds, numbers, bounds, following = made
    offsets = Offsets(middle, b[i])
    cut = [offsets(c) for c in bounds] + [b[j] + delta]
    digests = Digests.of(digest(view[x:y]) for x, y in itertools.pairwise(cut))
    # Blocks before and after the change are where they were (shifted): not hashed again.
    known = {(b[x], b[y]): d for (x, y), d in zip(old.spans, old.blocks, strict=True)
             if y <= i}
    known |= {(b[x] + delta, b[y] + delta): d
              for (x, y), d in zip(old.spans, old.blocks, strict=True) if x >= j}
    return found, Pieces.of(
        data,
        b[:i] + tuple(cut[:-1]) + tuple(x + delta for x in b[j:]),
        old.kinds[:i] + tuple(kinds) + old.kinds[j:],
        old.numbers[:i] + tuple(numbers) + _renumbered(old, j, kinds, following),
        old.paths,
        old.digests[:i] + digests + old.digests[j:],
        known,
    )


def _renumbered(old: Pieces, j: int, kinds: list[int], following: int) -> tuple[int, ...]:
    """The numbers of the unchanged pieces after the change, in the changed list shifted by
    as many records (or CSV rows) as were added or removed: a message names the place where
    a record now stands, this time and after the next change."""
    kind = next((k for k in itertools.chain(kinds, old.kinds[j:]) if k >= 0), None)
    first = next((x for x in range(j, len(old.kinds)) if old.kinds[x] == kind), None)
    if first is None:
        return old.numbers[j:]
    shift = following - old.numbers[first]
    if shift == 0:  # as many records as before (an edited one): numbers stand
        return old.numbers[j:]
    return tuple(n + shift if k == kind else n
                 for k, n in zip(old.kinds[j:], old.numbers[j:], strict=True))


def _same_from_front(view: memoryview, old: Pieces) -> int:
    """How many pieces from the front stand unchanged: a block at a time, then piece by
    piece inside the first block that changed."""
    for (first, last), expected in zip(old.spans, old.blocks, strict=True):
        if _same(view, old.bounds, first, last, 0, expected):
            continue
        i = first
        while i < last and _same(view, old.bounds, i, i + 1, 0, old.digests[i]):
            i += 1
        return i
    return len(old.kinds)


def _same_from_back(view: memoryview, old: Pieces, i: int, delta: int) -> int:
    """The first of the pieces that stand unchanged at the back, shifted by `delta`, not
    overlapping the `i` unchanged at the front."""
    b, j = old.bounds, len(old.kinds)
    for (first, last), expected in reversed(list(zip(old.spans, old.blocks, strict=True))):
        if first >= i and b[first] + delta >= b[i] and _same(view, b, first, last, delta,
                                                             expected):
            j = first
            continue
        while (j > i and b[j - 1] + delta >= b[i]
               and _same(view, b, j - 1, j, delta, old.digests[j - 1])):
            j -= 1
        return j
    return j


def _same(view: memoryview, b: tuple[int, ...], first: int, last: int, delta: int,
          expected: bytes) -> bool:
    start, end = b[first] + delta, b[last] + delta
    return start >= 0 and end <= len(view) and digest(view[start:end]) == expected


Made = tuple[list[Record], list[int], list[int], list[int], int]  # see _elements


def _elements(middle: str, old: Pieces, i: int, j: int, name: str) -> Made | None:
    """Whole JSON list elements and the commas between them, alternating with the unchanged
    pieces on either side as a list's elements and separators do: the records to check, the
    pieces' kinds, numbers and first characters, and the number of the element after them."""
    kind = _list_of(old, i, j)
    if kind is None:
        return None
    path = old.paths[kind]
    number = _first_number(old, i, kind)
    found: list[Record] = []
    kinds: list[int] = []
    numbers: list[int] = []
    bounds: list[int] = []
    at = 0
    previous = old.kinds[i - 1]
    while at < len(middle):
        bounds.append(at)
        if previous >= 0:  # after an element: a separator
            match = _SEPARATOR_TEXT.match(middle, at)
            if match is None or match.end() == at:
                return None
            kinds.append(SEPARATOR)
            numbers.append(0)
            at, previous = match.end(), SEPARATOR
            continue
        try:
            value, end = DECODER.raw_decode(middle, at)
        except ValueError:
            return None
        found.append(element(middle[at:end], value, path, number, prose(name, path), -1, -1))
        kinds.append(kind)
        numbers.append(number)
        number += 1
        at, previous = end, kind
    after = old.kinds[j]
    if (previous >= 0) == (after >= 0):
        return None  # two elements, or two separators, side by side
    return found, kinds, numbers, bounds, number


def _list_of(old: Pieces, i: int, j: int) -> int | None:
    """The one list the changed elements are in: that of the records beside them."""
    near = [k for k in old.kinds[max(0, i - 2):j + 2] if k >= 0]
    return near[0] if near and all(k == near[0] for k in near) else None


def _first_number(old: Pieces, i: int, kind: int) -> int:
    for k in range(i - 1, -1, -1):
        if old.kinds[k] == kind:
            return old.numbers[k] + 1
        if old.kinds[k] == STRUCTURE:
            break
    return 0


def _rows(middle: str, old: Pieces, i: int, j: int, data: bytes) -> Made | None:
    """Whole CSV rows: the changed part starts where a row starts and ends where one ends,
    with no quote left open (as _elements; numbers are those of the first row of each)."""
    if any(k < 0 for k in old.kinds[max(i - 1, 0):j + 1]):
        return None  # a byte-order mark, or bytes no row is made of
    if middle and (middle[-1] not in "\r\n" or middle.count('"') % 2):
        return None
    if i < len(old.kinds):
        number = old.numbers[i]
    else:  # rows added at the end: after the last piece's rows
        last = data[old.bounds[i - 1]:old.bounds[i]].decode("utf-8", "replace")
        number = old.numbers[i - 1] + sum(1 for _ in csv_rows(last))
    kind = old.paths.index(ROWS)  # not kinds[0]: that may be a byte-order mark's piece
    found: list[Record] = []
    kinds: list[int] = []
    numbers: list[int] = []
    bounds: list[int] = []
    try:
        for chunk, start, _ in csv_chunks(middle, number):
            found.append(csv_record(chunk))
            kinds.append(kind)
            numbers.append(chunk[0][0])
            bounds.append(start)
            number = chunk[-1][0] + 1
    except csv.Error:
        return None
    return found, kinds, numbers, bounds, number
