"""Pieces' digests kept joined (redaction/pieces.Digests) behave as the tuple of digests they
were: indexed, sliced, joined and compared alike, and a memory file that does not hold whole
digests is not loaded."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redaction.pieces import DIGEST, Digests, Pieces


@given(st.lists(st.binary(min_size=1, max_size=8), max_size=40), st.integers(-50, 50),
       st.integers(-50, 50))
def test_digests_are_the_tuple_they_replace(parts: list[bytes], a: int, b: int) -> None:
    plain = tuple(hashlib.sha256(p).digest()[:DIGEST] for p in parts)
    joined = Digests.of(plain)
    assert len(joined) == len(plain) and tuple(joined) == plain
    assert tuple(joined[a:b]) == plain[a:b]
    assert tuple(joined[:a] + joined[b:]) == plain[:a] + plain[b:]
    for k in range(-len(plain), len(plain)):
        assert joined[k] == plain[k]
    with pytest.raises(IndexError):
        joined[len(plain)]
    assert joined == Digests(b"".join(plain)) and (joined == plain) is False


def test_a_memory_file_without_whole_digests_is_not_loaded() -> None:
    data = b'[{"a": 1}, {"b": 2}]'
    pieces = Pieces.of(data, (0, 1, 9, 11, 19, 20), (-1, 0, -2, 0, -1), (0, 0, 0, 1, 0), ("",))
    assert Pieces.load(pieces.dump()) == pieces
    bounds, kinds, numbers, digests, paths, blocks = pieces.dump()
    assert Pieces.load((bounds, kinds, numbers, digests[:-1], paths, blocks)) is None
    assert Pieces.load((bounds, kinds, numbers, list(digests), paths, blocks)) is None
