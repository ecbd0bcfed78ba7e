"""The leak gate's memory of passed files (redaction/scan_cache.py) asked without a set of
every key for a few questions, and saved without one: the same answers and the same bound."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import redaction.scan_cache as scan_cache
from redaction.policy import RedactionPolicy
from redaction.scan_cache import KEY_BYTES, ScanCache

POLICY = RedactionPolicy()


def _cache(tmp_path: Path) -> ScanCache:
    return ScanCache(POLICY, ner=False, directory=tmp_path)


def test_a_few_questions_and_many_give_the_same_answers(tmp_path: Path) -> None:
    first = _cache(tmp_path)
    files = [(f"plans/p{n}/index.html", f"page {n}".encode()) for n in range(200)]
    assert not any(first.passed(f, d) for f, d in files)
    first.save()
    few = _cache(tmp_path)  # asked fewer than FEW times: found in the saved bytes
    assert few.passed(*files[5]) and few.passed(*files[199])
    assert not few.passed("plans/p5/index.html", b"page 6")  # the bytes at another path
    assert few._clean is None
    many = _cache(tmp_path)  # asked more: a set is made
    assert all(many.passed(f, d) for f, d in files)
    assert many._clean is not None
    assert not many.passed("x", b"y")


def test_a_key_made_of_two_halves_of_saved_keys_is_not_one(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.passed("a", b"1")
    cache.passed("b", b"2")
    cache.save()
    keys = cache.path.read_bytes()
    straddling = keys[KEY_BYTES // 2: KEY_BYTES // 2 + KEY_BYTES]
    again = _cache(tmp_path)
    assert scan_cache._find(again.keys, straddling) == -1
    assert scan_cache._find(again.keys, keys[KEY_BYTES:]) == KEY_BYTES


def test_keys_seen_last_come_first_and_the_oldest_go_past_the_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_cache, "MAX_KEYS", 6)
    cache = _cache(tmp_path)
    for n in range(6):
        cache.passed(f"f{n}", b"x")
    cache.save()
    old = cache.path.read_bytes()
    again = _cache(tmp_path)
    assert again.passed("f4", b"x")  # seen again: first
    assert not again.passed("new", b"x")
    again.save()
    saved = again.path.read_bytes()
    keys = [saved[i:i + KEY_BYTES] for i in range(0, len(saved), KEY_BYTES)]
    olds = [old[i:i + KEY_BYTES] for i in range(0, len(old), KEY_BYTES)]
    new = hashlib.sha256(b"new\0" + hashlib.sha256(b"x").digest()).digest()[:KEY_BYTES]
    assert keys == [olds[4], new, *[k for k in olds if k != olds[4]][:4]]
    # Many seen at once (a cold scan) are ordered the same way.
    monkeypatch.setattr(scan_cache, "FEW", 0)
    third = _cache(tmp_path)
    assert third.passed("f0", b"x")
    third.save()
    saved = third.path.read_bytes()
    assert [saved[i:i + KEY_BYTES] for i in range(0, len(saved), KEY_BYTES)] == [
        olds[0], olds[4], new, *[k for k in olds if k not in (olds[4], olds[0])][:3]]
