"""The private cache folder: parsed YAML and the per-site folders that render and build reuse.

Everything here only ever saves time: a cache that cannot be read is ignored, one that cannot
be written is removed (EntryCache). It lives under `.cache/` in the working folder (PUBLISHER_CACHE
overrides it), never beside the public site: parsed YAML is the content before redaction.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import importlib.util
import os
import pickle
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

SITE_CACHES_KEPT = 12  # per working folder: tests build many small sites, users one or two
PARSE_CACHES_KEPT = 12  # one per content folder
LEGACY = (".marshal", ".pickle")  # suffixes of the entry caches' files before SQLite
_PROJECT = Path(__file__).resolve().parents[1]
V = TypeVar("V")
# A file's digest taken earlier is reused only if the file was last changed this long before it
# was hashed: a change in the same clock tick as the hashing would leave the same signature
# (git's "racily clean" files). Younger files are hashed again.
RACY_NS = 2_000_000_000
Signature = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def settled(stat: os.stat_result, taken_ns: int) -> bool:
    """The file last changed (mtime and ctime) at least RACY_NS before `taken_ns`: what was
    learnt of it at `taken_ns` still holds while its signature does (the racily clean rule of
    the up-to-date check, load's digests and the leak gate's unread files)."""
    return max(stat.st_mtime_ns, stat.st_ctime_ns) < taken_ns - RACY_NS


@dataclass(frozen=True)
class FileDigests:
    """The sha256 of every file under `root` as a check earlier in this build took them
    (generator/site/uptodate.py), for load to use instead of reading and hashing each content
    file again (issue 18: 1,000 files hashed twice per build). Derived, never trusted blindly:
    a digest is given only for a file whose signature (size, mtime, inode, ctime) is still the
    one it had when hashed, and that had not changed for RACY_NS before the check began; a
    file edited since (even with its mtime put back: its ctime moves) is hashed again."""

    root: Path
    digests: Mapping[str, tuple[Signature, bytes]]  # "plans/x.yaml", "./site.yaml" → digest
    taken_ns: int  # when the check looked at the files, before it read any

    def sha256(self, path: Path, stat: os.stat_result) -> str | None:
        """`path`'s hex digest if the check's still holds for the file `stat` describes."""
        name = self._name(path)
        old = self.digests.get(name) if name is not None else None
        if old is None or old[0] != signature(stat) or not settled(stat, self.taken_ns):
            return None
        return old[1].hex()

    def _name(self, path: Path) -> str | None:
        # String work, not pathlib's relative_to: it is asked once a content file.
        whole, root = os.fspath(path), os.fspath(self.root)
        if not whole.startswith(root + os.sep):
            return None
        folder, _, file = whole[len(root) + 1:].replace(os.sep, "/").rpartition("/")
        return f"{folder or '.'}/{file}"


def _package_dir(name: str) -> Path:
    """Where an installed package's files are, without importing it."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, name
    return Path(next(iter(spec.submodule_search_locations))).resolve()


# What made every cached thing: our code, its data files (word lists) and the templates. Whole
# folders, not lists of files: a file left out of a list would let an upgrade publish stale
# pages. (Tests point these at a copy to prove it.)
HASHED_ROOTS: list[Path] = [_package_dir("generator"), _package_dir("redaction"),
                            _PROJECT / "site_templates"]
# The libraries whose versions change what we render, redact or parse.
HASHED_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
                        "markupsafe", "pyyaml", "pydantic", "presidio-analyzer", "spacy",
                        "phonenumbers", "tldextract", "regex", "english-words")


def cache_root() -> Path:
    return Path(os.environ.get("PUBLISHER_CACHE", ".cache"))


def write_atomic(path: Path, data: bytes) -> None:
    """Readers (another build) see the old file or the new one, never half of it."""
    _replace_atomic(path, lambda handle: handle.write(data))


def pickle_atomic(path: Path, value: object) -> None:
    """write_atomic(path, pickle.dumps(value)) without the whole pickle in memory at once: the
    caches of every plan's page and data are tens of MB at 1,000 plans (issue 18)."""
    _replace_atomic(
        path, lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL))


def _replace_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading a cache file or loading the content makes a million small objects and almost no
    cycles: the cycle collector's passes over an ever bigger heap while they are made were a
    second of a 1,000-plan build. The garbage left is freed by reference counting as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def code_key() -> str:
    """sha256 of every file under HASHED_ROOTS (bytecode caches aside), the library versions
    and Python's: a cache is only as good as the code that filled it. Computed once per process
    (about 150 files). The spaCy model's name and version are added by the caches that use it
    (redaction/engine.py Engine.key, redaction/scan_cache.py)."""
    digest = hashlib.sha256(sys.version.encode())
    for root in HASHED_ROOTS:
        for path in sorted(p for p in root.rglob("*")
                           if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix not in (".pyc", ".pyo")):
            name = f"{root.name}/{path.relative_to(root).as_posix()}"
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in HASHED_DISTRIBUTIONS:
        with suppress(metadata.PackageNotFoundError):
            digest.update(f"{dist}={metadata.version(dist)}\0".encode())
    return digest.hexdigest()


class EntryCache(Generic[V]):
    """Entries one build keeps for the next, like Pelican's FileDataCacher: one row each in an
    SQLite file, so that a build reads the entries it asks for and writes the ones it made,
    not the whole cache (at 1,000 plans, a one-plan edit rewrote tens of MB, issue 18).

    A key must name everything its value depends on (a hash of the inputs and of code_key()),
    so an entry is never stale. Entries no build used are dropped when they outnumber those
    this build used (and a few more): the file stays within about twice one build's worth.
    At most `kept` such files stay in the folder, the least recently used go.

    Failing safe: a file that cannot be read, or an entry that cannot be decoded, is a miss;
    a file that cannot be written is removed, so the next build starts cold instead of
    trusting a file that no longer holds what the last build used. Either way a cache only
    ever costs time, never fails a build. SQLite (WAL, a busy timeout) lets two builds of the
    same content use it at once, as redaction/analysis_cache.py.
    """

    SLACK = 64  # unused entries tolerated beyond the used ones before pruning
    CHUNK = 500  # keys a query of prefetch asks for (SQLite allows 999 parameters at least)

    def __init__(self, path: Path, kept: int) -> None:
        self.path = path
        self.kept = kept
        self.used: set[str] = set()
        self.new: dict[str, V] = {}  # made this build, written at save()
        self._read: dict[str, bytes | None] = {}  # prefetched rows, not yet asked for
        self._db: sqlite3.Connection | None = open_database(path)

    def encode(self, value: V) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> V:
        raise NotImplementedError

    def get(self, key: str) -> V | None:
        if key in self.new:
            return self.new[key]
        if self._db is None:
            return None
        try:
            if key in self._read:  # prefetched: its row, or None if there was none
                value = self._read.pop(key)
            else:
                row = self._db.execute("SELECT value FROM entries WHERE key = ?",
                                       (key,)).fetchone()
                value = row[0] if row is not None else None
            hit = self.decode(value) if value is not None else None
        except Exception:  # whatever went wrong reading it, an unreadable entry is a miss
            return None
        if hit is not None:
            self.used.add(key)
        return hit

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read the rows of the entries a stage is about to ask for in a few queries, not one
        each (a tenth of a millisecond each, thousands a build at 1,000 plans: issue 18);
        get() takes each from here once. If the reading fails, get() asks one by one."""
        if self._db is None:
            return
        wanted = [key for key in dict.fromkeys(keys) if key not in self.new]
        read: dict[str, bytes | None] = dict.fromkeys(wanted)
        try:
            for start in range(0, len(wanted), self.CHUNK):
                chunk = wanted[start:start + self.CHUNK]
                marks = ",".join("?" * len(chunk))
                read.update(self._db.execute(
                    f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk))
        except sqlite3.Error:
            return
        self._read.update(read)

    def put(self, key: str, value: V) -> None:
        self.new[key] = value
        self.used.add(key)

    def save(self) -> None:
        if self._db is None and not self.new:
            return
        try:
            self._write()
        except (OSError, ValueError, TypeError, pickle.PicklingError, sqlite3.Error):
            self.close()
            _unlink_database(self.path)
            return
        self.close()
        with suppress(OSError):
            os.utime(self.path)  # in use: not the least recently used
        if self.kept:
            forget_old(list(self.path.parent.glob(f"*{self.path.suffix}")), self.kept)
            # The one-file caches of earlier versions in this folder: never read again.
            forget_old([p for p in self.path.parent.iterdir() if p.suffix in LEGACY], 0)

    def _write(self) -> None:
        db = self._db or open_database(self.path)
        if db is None:
            raise OSError(f"cannot open {self.path}")
        self._db = db
        rows = [(key, self.encode(value)) for key, value in self.new.items()]
        with collector_paused():
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", rows)
                (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
                if count > 2 * len(self.used) + self.SLACK:
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM used")
                    db.executemany("INSERT OR IGNORE INTO used VALUES (?)",
                                   ((k,) for k in self.used))
                    db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def keys(self) -> list[str]:
        """Every key in the file (for tests and tools; a build asks by key)."""
        try:
            db = self._db or open_database(self.path)
            return [] if db is None else [k for (k,) in db.execute("SELECT key FROM entries")]
        except sqlite3.Error:
            return []

    def close(self) -> None:
        self._read.clear()
        if self._db is not None:
            with suppress(sqlite3.Error):
                self._db.close()
            self._db = None


ENTRIES = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)"


def open_database(path: Path, schema: str = ENTRIES) -> sqlite3.Connection | None:
    """A cache database shared by concurrent builds (write-ahead log, autocommit), or None if
    it cannot be opened: a cache that cannot be used only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(schema)
    except (OSError, sqlite3.Error):
        return None
    return db


def _unlink_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def site_cache_dir(content: Path, site: Path, root: Path | None = None) -> Path:
    """The cache folder for building `content` into `site`: its docs/ holds what we rendered."""
    key = hashlib.sha256(f"{content.resolve()}\0{site.resolve()}".encode()).hexdigest()[:20]
    return (root or cache_root()) / "site" / key


def uptodate_stamp(content: Path, site: Path) -> Path:
    """The "up to date" stamp of the build that published `site` (generator/site/uptodate.py);
    the command line reads only its time, before it imports the pipeline."""
    return site_cache_dir(content, site) / "uptodate.pickle"


@contextmanager
def site_cache(content: Path, site: Path, root: Path | None = None) -> Iterator[Path]:
    """The cache folder for building `content` into `site`, locked while the build uses it."""
    folder = site_cache_dir(content, site, root)
    base = folder.parent
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder.mkdir(parents=True, exist_ok=True)  # another build may have just forgotten it
        os.utime(folder)  # most recently used: kept by forget_old
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    forget_old([p for p in base.iterdir() if p.is_dir()], SITE_CACHES_KEPT)


def forget_old(paths: list[Path], kept: int) -> None:
    """Keep the `kept` most recently used; a folder whose lock is held is in use: keep it too."""
    for path in sorted(paths, key=_mtime, reverse=True)[kept:]:
        if path.is_file():
            _unlink_database(path)  # and a database's write-ahead log beside it
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


