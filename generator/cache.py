"""The private cache folder: parsed YAML and the per-site folders that render and build reuse.

Everything here only ever saves time: a cache that cannot be read is ignored, one that cannot
be written is skipped. It lives under `.cache/` in the working folder (PUBLISHER_CACHE
overrides it), never beside the public site: parsed YAML is the content before redaction.
"""

from __future__ import annotations

import fcntl
import hashlib
import marshal
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

SITE_CACHES_KEPT = 12  # per working folder: tests build many small sites, users one or two
PARSE_CACHES_KEPT = 12  # one per content folder
_HERE = Path(__file__).resolve().parent


def cache_root() -> Path:
    return Path(os.environ.get("PUBLISHER_CACHE", ".cache"))


def write_atomic(path: Path, data: bytes) -> None:
    """Readers (another build) see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def code_hash(*names: str) -> str:
    """sha256 of these modules of the generator package: a cache is only as good as its code."""
    digest = hashlib.sha256()
    for name in names:
        digest.update((_HERE / name).read_bytes())
    return digest.hexdigest()


class ParseCache:
    """Parsed content files of one content folder, by sha256 of their bytes.

    Holds the YAML as authors wrote it (before redaction), so it lives in the private cache
    folder only. One file per content folder: entries for deleted or edited files go with
    the next save, so it never grows beyond the folder's size.
    """

    def __init__(self, content: Path, root: Path | None = None) -> None:
        code = code_hash("content/yamlfile.py") + sys.version  # marshal's format follows Python's
        key = hashlib.sha256(f"{content.resolve()}\0{code}".encode()).hexdigest()[:20]
        self.path = (root or cache_root()) / "load" / f"{key}.marshal"
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        try:
            self.old = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            self.old = {}

    def get(self, digest: str) -> Any | None:
        hit = self.old.get(digest)
        if hit is not None:
            self.new[digest] = hit
        return hit

    def put(self, digest: str, value: Any) -> None:
        self.new[digest] = value

    def save(self) -> None:
        if self.new.keys() == self.old.keys():
            with suppress(OSError):
                os.utime(self.path)  # still in use: not the oldest
            return
        try:
            write_atomic(self.path, marshal.dumps(self.new))
        except (OSError, ValueError):
            return  # a cache that cannot be written only costs time
        _forget_old([p for p in self.path.parent.glob("*.marshal")], PARSE_CACHES_KEPT)


@contextmanager
def site_cache(content: Path, site: Path, root: Path | None = None) -> Iterator[Path]:
    """The cache folder for building `content` into `site`, locked while the build uses it."""
    base = (root or cache_root()) / "site"
    key = hashlib.sha256(f"{content.resolve()}\0{site.resolve()}".encode()).hexdigest()[:20]
    folder = base / key
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder.mkdir(parents=True, exist_ok=True)  # another build may have just forgotten it
        os.utime(folder)  # most recently used: kept by _forget_old
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _forget_old([p for p in base.iterdir() if p.is_dir()], SITE_CACHES_KEPT)


def _forget_old(paths: list[Path], kept: int) -> None:
    """Keep the `kept` most recently used; a folder whose lock is held is in use: keep it too."""
    for path in sorted(paths, key=_mtime, reverse=True)[kept:]:
        if path.is_file():
            path.unlink(missing_ok=True)
            continue
        try:
            with open(path / "lock", "a+") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


