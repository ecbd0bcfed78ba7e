"""Load reuses the digests the build's "up to date" check took of the content files
(generator/cache.py FileDigests) instead of reading and hashing every file again (issue 18),
only while they still hold: a file edited after the check, even with its size and
modification time put back, is read again, and the site equals a --no-cache build."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest
from siteaudit import differences

import generator.pipeline
import generator.site.uptodate
from generator import cache
from generator.cache import FileDigests, signature
from generator.content.load import load
from generator.content.parse_cache import ParseCache
from publisher_fixtures import Workspace, write_content

LONG_AGO = 10 * cache.RACY_NS


def _digests(root: Path, name: str, path: Path, digest: bytes, taken_ns: int) -> FileDigests:
    return FileDigests(root, {name: (signature(path.stat()), digest)}, taken_ns)


def test_a_digest_is_given_only_for_the_file_as_it_was_hashed(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "a.yaml"
    plan.parent.mkdir()
    plan.write_text("title: A\n")
    later = time.time_ns() + LONG_AGO
    known = _digests(tmp_path, "plans/a.yaml", plan, b"\x01" * 32, later)
    assert known.sha256(plan, plan.stat()) == "01" * 32
    # Another file of the same name elsewhere, or one outside the folder: not known.
    assert known.sha256(tmp_path / "a.yaml", plan.stat()) is None
    assert known.sha256(tmp_path.parent / "plans" / "a.yaml", plan.stat()) is None
    # Hashed in the same clock tick as its last change: not trusted (racily clean).
    assert _digests(tmp_path, "plans/a.yaml", plan, b"\x01" * 32,
                    time.time_ns()).sha256(plan, plan.stat()) is None
    # Edited since, with its size and modification time put back: its ctime moved.
    before = plan.stat()
    time.sleep(0.01)
    plan.write_text("title: B\n")
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert known.sha256(plan, plan.stat()) is None


def test_a_file_at_the_top_of_the_folder_is_named_as_the_check_names_it(
        tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("title: A\n")
    known = _digests(tmp_path, "./site.yaml", site, b"\x02" * 32, time.time_ns() + LONG_AGO)
    assert known.sha256(site, site.stat()) == "02" * 32


def test_load_takes_a_digest_that_holds_and_reads_a_file_whose_does_not(
        tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    plan = content / "plans" / "test-plan.yaml"
    later = time.time_ns() + LONG_AGO
    parse_cache = ParseCache(content, tmp_path / ".cache")
    real = hashlib.sha256(plan.read_bytes()).digest()
    load(content, cache=parse_cache, known=_digests(content, "plans/test-plan.yaml", plan,
                                                    real, later))
    assert parse_cache.digests[plan] == real.hex()
    # A digest that no longer describes the file (another signature) is not used.
    stale = FileDigests(content, {"plans/test-plan.yaml": ((0, 0, 0, 0), b"\x03" * 32)},
                        later)
    parse_cache = ParseCache(content, tmp_path / ".cache")
    load(content, cache=parse_cache, known=stale)
    assert parse_cache.digests[plan] == real.hex()
    # Known digests of another folder are not used for this one.
    other = FileDigests(tmp_path, {"content/plans/test-plan.yaml": (signature(plan.stat()),
                                                                      b"\x04" * 32)}, later)
    parse_cache = ParseCache(content, tmp_path / ".cache")
    load(content, cache=parse_cache, known=other)
    assert parse_cache.digests[plan] == real.hex()


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every recorded digest trusted if its file's signature holds (the copied workspace's
    files are seconds old); and what load was given: (file name, reused?)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the up-to-date check's rule too (cache.settled)
    given: list[tuple[str, bool]] = []
    sha256 = FileDigests.sha256

    def counted(self: FileDigests, path: Path, stat: os.stat_result) -> str | None:
        found = sha256(self, path, stat)
        given.append((path.name, found is not None))
        return found

    monkeypatch.setattr(FileDigests, "sha256", counted)
    return given


def test_an_edit_between_the_check_and_load_is_seen(
        workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        trusting: list[tuple[str, bool]]) -> None:
    assert workspace.build().exit_code == 0  # the stamp holds every file's digest
    plan = workspace.content / "plans" / "river-review.yaml"
    text = plan.read_text()
    edited = text.replace("Train ward staff", "Niart ward staff", 1)
    assert len(edited.encode()) == len(text.encode())
    # Older than the check by a clock tick at least, as an author's file would be.
    os.utime(plan, ns=(time.time_ns() - 10**9, time.time_ns() - 10**9))
    real_prepare = generator.pipeline.prepare

    def edit_then_prepare(*args: Any, **kwargs: Any) -> Any:
        # After the up-to-date check hashed it, before load: same size, same mtime.
        before = plan.stat()
        time.sleep(0.01)
        plan.write_text(edited)
        os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(generator.pipeline, "prepare", edit_then_prepare)
    # Another file changed, so that the check finds the content changed and the build runs.
    (workspace.content / "notes.txt").write_text("an author's note")
    trusting.clear()
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert ("river-review.yaml", False) in trusting  # read again, not taken from the check
    assert any(reused for _, reused in trusting)  # while unchanged files' digests were reused
    assert "Niart ward staff" in (workspace.site / "plans" / "river-review" / "index.html"
                                  ).read_text()
    monkeypatch.setattr(generator.pipeline, "prepare", real_prepare)
    clean = tmp_path / "no-cache"
    assert workspace.build("--no-cache", site=clean).exit_code == 0
    assert differences(clean, workspace.site) == []
