"""The parse cache: each content file's parse and, if it was valid, its validated model, kept
by the sha256 of its bytes so that an unchanged file is neither parsed nor validated again."""

from __future__ import annotations

import hashlib
import marshal
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.cache import PARSE_CACHES_KEPT, EntryCache, cache_root, code_key, open_database

# What the parse cache kept of a valid file: (its model's pickle, read when called), its
# approval, warnings, fingerprint and packed line numbers (ParseCache.validated).
Validated = tuple[Callable[[], Any], Any, list[Any], str, bytes]


class ParseCache(EntryCache[Any]):
    """Parsed content files of one content folder, by sha256 of their bytes; and the
    validated models of those that were valid (pickled), by the same and the file's name.

    Holds the YAML as authors wrote it (before redaction), so it lives in the private cache
    folder only, one file per content folder. Its name holds the code key: our models, their
    validators and the warnings load gives are part of it.
    """

    def __init__(self, content: Path, root: Path | None = None) -> None:
        # code_key holds Python's version too: marshal's format follows it.
        key = hashlib.sha256(f"{content.resolve()}\0{code_key()}".encode()).hexdigest()[:20]
        super().__init__((root or cache_root()) / "load" / f"{key}.sqlite3", PARSE_CACHES_KEPT)
        self.digests: dict[Path, str] = {}  # file read this time → sha256 of its bytes

    def validated(self, path: Path, kind: str, name: str) -> Validated | None:
        """What load made of a content file of these bytes last time, if it was valid: a
        function that reads its pickled model (only if a stage reads the model:
        generator/content/lazy.py), its approval, its warnings (which quote `name`), its
        fingerprint without decisions and its packed line numbers. Half a millisecond a plan
        less than validating and checking it again; and neither the model nor the file's
        parse (17 kB each a plan) is read unless needed (issue 18)."""
        digest = self.digests.get(path)
        key = self.validated_key(digest, kind, name) if digest else None
        hit = self.get(key) if key else None
        if not (isinstance(hit, tuple) and len(hit) == 3 and isinstance(hit[0], str)
                and isinstance(hit[1], bytes) and isinstance(hit[2], bytes)):
            return None
        try:
            approval, warnings = pickle.loads(hit[1])  # our own private cache, never downloaded
        except Exception:  # unreadable: validated again
            return None
        assert digest is not None and key is not None
        # Its parse and model stay in the cache, unread, as they would if read.
        self.used.update((digest, _MODEL + key))
        return (lambda: self.read(_MODEL + key)), approval, warnings, hit[0], hit[2]

    def read(self, key: str) -> Any:
        """An entry, after load too (its database closed then): opened again for it. None if
        it cannot be read (the caller makes it again, as a miss)."""
        if key in self.new or self._db is not None:
            return self.get(key)
        db = open_database(self.path)
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            return self.decode(row[0]) if row is not None else None
        except Exception:  # as get(): whatever went wrong, a miss
            return None
        finally:
            db.close()

    def keep_validated(self, path: Path, kind: str, name: str, model: Any, approval: Any,
                       warnings: list[Any], fingerprint: str, lines: bytes) -> None:
        digest = self.digests.get(path)
        if digest:
            blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
            meta = pickle.dumps((approval, warnings), protocol=pickle.HIGHEST_PROTOCOL)
            key = self.validated_key(digest, kind, name)
            self.put(key, (fingerprint, meta, lines))
            self.put(_MODEL + key, blob)

    @staticmethod
    def validated_key(digest: str, kind: str, name: str) -> str:
        return "validated:" + hashlib.sha256(f"{kind}\0{name}\0{digest}".encode()).hexdigest()

    def encode(self, value: Any) -> bytes:
        return marshal.dumps(value)

    def decode(self, data: bytes) -> Any:
        return marshal.loads(data)


_MODEL = "model:"  # a valid file's model, beside its validated entry (ParseCache.validated)
