"""A persistent cache of raw analyses, so unchanged text is not run through NER again.

Key: sha256 of (model name and version, recogniser code and word-list version, the text as
analysed). Value: the raw findings (offsets, entity, score, recogniser) — no personal text.
The policy is deliberately not in the key: everything the policy decides (entities,
threshold, always_redact, never_redact, replacement, name propagation) is applied after the
cache, in milliseconds, so an IG officer adding a name to always_redact does not force every
page through NER again, and can never be served a stale decision.

SQLite in WAL mode with a busy timeout: concurrent builds read and write safely; a cache
that cannot be opened is skipped (it only ever saves time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from generator.cache import open_database
from redaction.analysis import Span

DEFAULT_DIR = Path(".cache") / "redaction"
SCHEMA = "CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, spans TEXT NOT NULL)"


def default_cache_dir() -> Path:
    return Path(os.environ.get("PUBLISHER_REDACTION_CACHE", DEFAULT_DIR))


def cache_key(fingerprint: str, text: str) -> str:
    return hashlib.sha256(f"{fingerprint}\0{text}".encode()).hexdigest()


class AnalysisCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory or default_cache_dir()) / "analysis.sqlite3"
        self._local = threading.local()
        self.hits = 0
        self.misses = 0

    def _db(self) -> sqlite3.Connection | None:
        db = getattr(self._local, "db", None)
        if db is None:
            db = open_database(self.path, SCHEMA)
            if db is None:
                return None
            self._local.db = db
        return db

    def get_many(self, keys: Sequence[str]) -> dict[str, list[Span]]:
        db = self._db()
        found: dict[str, list[Span]] = {}
        if db is None or not keys:
            self.misses += len(keys)
            return found
        try:
            unique = list(dict.fromkeys(keys))
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, spans FROM analysis WHERE key IN ({marks})", chunk)
                for key, blob in rows:
                    found[key] = [Span(*s) for s in json.loads(blob)]
        except (sqlite3.Error, ValueError, TypeError):
            found = {}
        self.hits += sum(1 for k in keys if k in found)
        self.misses += sum(1 for k in keys if k not in found)
        return found

    def put_many(self, items: Iterable[tuple[str, list[Span]]]) -> None:
        db = self._db()
        if db is None:
            return
        rows = [
            (k, json.dumps([[s.start, s.end, s.entity, s.score, s.recognizer] for s in v]))
            for k, v in items
        ]
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR IGNORE INTO analysis (key, spans) VALUES (?, ?)", rows)
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


Spans = list[list[Span]]


def cached_analysis(cache: AnalysisCache | None, fingerprint: str, texts: Sequence[str],
                    analyse: Callable[[list[str]], Spans]) -> Spans:
    """The raw spans of every text: from the cache where an earlier build (or an earlier text
    of this one) analysed it, `analyse` called once on the distinct rest, which is cached."""
    def now(missing: list[str]) -> Callable[[], Spans]:
        spans = analyse(missing)
        return lambda: spans

    return start_cached_analysis(cache, fingerprint, texts, now)()


def start_cached_analysis(cache: AnalysisCache | None, fingerprint: str, texts: Sequence[str],
                          start: Callable[[list[str]], Callable[[], Spans]]
                          ) -> Callable[[], Spans]:
    """cached_analysis in two steps, for an engine that analyses while the caller does other
    work (a Dask cluster, redaction/distributed.py): `start` is given the distinct uncached
    texts now; the spans, cached on the way, come when the returned function is called."""
    if cache is None:
        return start(list(texts))
    keys = [cache_key(fingerprint, t) for t in texts]
    found = cache.get_many(keys)
    missing = list(dict.fromkeys(k for k in keys if k not in found))
    if not missing:
        return lambda: [found[k] for k in keys]
    first = {k: i for i, k in reversed(list(enumerate(keys)))}
    later = start([texts[first[k]] for k in missing])

    def finish() -> Spans:
        fresh = later()
        found.update(zip(missing, fresh, strict=True))
        cache.put_many(zip(missing, fresh, strict=True))
        return [found[k] for k in keys]

    return finish
