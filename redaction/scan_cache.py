"""The leak gate's memory of files it has already passed, so a warm build does not read the
whole unchanged site again (at 1,000 plans the scan was 80% of a warm build).

A file is passed without a new scan only when the very same bytes, at the very same path
(its name is scanned too), were scanned clean before under the same policy, model, gate code,
recogniser code and word lists: everything the verdict depends on, so the verdict cannot
differ. The sentences the gate spares the name finder (`known`: already cleaned by the redact
stage under the same policy and model) are not in the key for the same reason.

A big data file is remembered as the pieces it is made of too (redaction/pieces.py), one
small file per path, so that its next version is read only where it changed. Files and pieces
are remembered only after a scan that found no leak anywhere; a failing build records
nothing. `publisher build --no-cache` scans every byte. The memory lives beside the redaction
cache in the private `.cache/` folder, one file per fingerprint, written atomically, bounded.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from contextlib import suppress
from importlib import metadata
from pathlib import Path

from generator.cache import code_key, forget_old, write_atomic
from redaction.analysis_cache import default_cache_dir
from redaction.pieces import Pieces
from redaction.policy import RedactionPolicy

KEY_BYTES = 16
MAX_KEYS = 1_000_000  # 16 MB: several sites of 5,000 plans
PIECES_KEPT = 4  # folders of pieces (one per fingerprint: policy, model, code)


class ScanCache:
    def __init__(self, policy: RedactionPolicy, *, ner: bool, directory: Path | None = None):
        fingerprint = _fingerprint(policy, ner)
        self.path = (directory or default_cache_dir().parent / "scan") / f"{fingerprint}.clean"
        self.pieces_dir = self.path.parent / f"{fingerprint}.pieces"
        self.clean: set[bytes] = set()
        self.seen: list[bytes] = []
        self.new_pieces: dict[str, Pieces] = {}
        self.hits = 0
        try:
            data = self.path.read_bytes()
            self.clean = {data[i : i + KEY_BYTES] for i in range(0, len(data), KEY_BYTES)}
        except OSError:
            pass

    def passed(self, file: str, data: bytes) -> bool:
        """True if these bytes at this path passed the gate before; remember them either way."""
        return self.passed_digest(file, hashlib.sha256(data).digest())

    def passed_digest(self, file: str, sha256: bytes) -> bool:
        """passed() of the bytes whose sha256 this is (the scan hashes each file once)."""
        key = hashlib.sha256(file.encode() + b"\0" + sha256).digest()[:KEY_BYTES]
        self.seen.append(key)
        if key in self.clean:
            self.hits += 1
            return True
        return False

    def pieces(self, file: str) -> Pieces | None:
        """The pieces of the last version of `file` that passed, if remembered."""
        try:
            return Pieces.load(marshal.loads(self._pieces_path(file).read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def keep_pieces(self, file: str, pieces: Pieces) -> None:
        self.new_pieces[file] = pieces  # written by save(), after a clean scan only

    def _pieces_path(self, file: str) -> Path:
        return self.pieces_dir / hashlib.sha256(file.encode()).hexdigest()[:24]

    def save(self) -> None:
        """Called only after a clean scan: every file seen this time passed."""
        self._save_pieces()
        fresh = list(dict.fromkeys(self.seen))
        now = set(fresh)
        keys = (fresh + [k for k in self.clean if k not in now])[:MAX_KEYS]
        with suppress(OSError):  # a memory not written only costs time
            write_atomic(self.path, b"".join(keys))

    def _save_pieces(self) -> None:
        if not self.new_pieces:
            return
        try:
            for file, pieces in self.new_pieces.items():
                write_atomic(self._pieces_path(file), marshal.dumps(pieces.dump()))
            os.utime(self.pieces_dir)
            forget_old([p for p in self.pieces_dir.parent.glob("*.pieces") if p.is_dir()],
                        PIECES_KEPT)
        except OSError:
            pass  # only costs time: the file is read in full next time


def _fingerprint(policy: RedactionPolicy, ner: bool) -> str:
    try:  # what spacy.util.get_package_version says, without importing spaCy for it
        version: str | None = metadata.version(policy.model)
    except metadata.PackageNotFoundError:
        version = None
    digest = hashlib.sha256(policy.model_dump_json().encode())
    digest.update(f"{ner}:{policy.model}@{version}".encode())
    digest.update(code_key().encode())
    return digest.hexdigest()[:24]
