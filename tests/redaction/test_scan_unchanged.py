"""A file linked unchanged from the published site is not read again by the leak gate
(redaction/scan_cache.py); a file changed in place, even with its mtime put back, is."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import generator.site.uptodate
import redaction.scan_cache
from redaction.policy import RedactionPolicy
from redaction.scan import scan_tree

NAME = "Ermintrude Blenkinsop"
POLICY = RedactionPolicy(always_redact=[NAME])
CLEAN = b"<html><body><p>The forum met in May and agreed the plan.</p></body></html>"


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A published site and a new tree whose every file is a hard link of the published one,
    as the one-edit path makes it."""
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / "cache" / "redaction"))
    published, staging = tmp_path / "site", tmp_path / "staging"
    for rel in ("index.html", "plans/a/index.html", "data/notes.txt"):
        (published / rel).parent.mkdir(parents=True, exist_ok=True)
        (published / rel).write_bytes(CLEAN if rel.endswith(".html") else b"Agreed in May.\n")
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(published / rel, staging / rel)
    return published, staging


def _later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scans that begin well after the files last changed (not racily clean)."""
    now = time.time_ns
    monkeypatch.setattr(redaction.scan_cache.time, "time_ns", lambda: now() + 10 * 10**9)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return read


def _scan(staging: Path, published: Path) -> list[str]:
    return scan_tree(staging, POLICY, ner=False, memory=True, published=published)


def test_unchanged_links_are_not_read_again(sites: tuple[Path, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    published, staging = sites
    _later(monkeypatch)
    assert _scan(staging, published) == []
    read = _reads(monkeypatch)
    assert _scan(staging, published) == []
    assert "index.html" not in read and "notes.txt" not in read


def test_a_file_changed_in_place_with_its_mtime_put_back_is_read(
        sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    published, staging = sites
    _later(monkeypatch)
    assert _scan(staging, published) == []
    page = staging / "plans" / "a" / "index.html"
    before = page.stat()
    old = b"The forum met in May and"
    with page.open("r+b") as handle:  # the same inode and size: only its ctime tells
        handle.seek(CLEAN.index(old))
        handle.write(NAME.encode().ljust(len(old)))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    assert any(NAME in leak for leak in _scan(staging, published))


def test_a_file_that_is_not_the_published_one_is_read(
        sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    published, staging = sites
    _later(monkeypatch)
    assert _scan(staging, published) == []
    (published / "index.html").unlink()  # the published site changed: not the verified file
    (published / "index.html").write_bytes(CLEAN)
    read = _reads(monkeypatch)
    assert _scan(staging, published) == []
    assert "index.html" in read
    read.clear()
    assert _scan(staging, None) == []  # no published site named: every file is read
    assert "notes.txt" in read


def test_files_changed_just_before_a_scan_are_read_by_the_next(
        sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    published, staging = sites
    assert _scan(staging, published) == []  # the files were made just now: racily clean
    read = _reads(monkeypatch)
    assert _scan(staging, published) == []
    assert "notes.txt" in read


def test_the_racy_interval_is_the_up_to_date_checks() -> None:
    assert redaction.scan_cache.settled is generator.site.uptodate.settled
