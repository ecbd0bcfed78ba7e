"""The leak gate's memory of files it has already passed, so a warm build does not read the
whole unchanged site again (at 1,000 plans the scan was 80% of a warm build).

A file is passed without a new scan only when the very same bytes, at the very same path
(its name is scanned too), were scanned clean before under the same policy, model, gate code,
recogniser code and word lists: everything the verdict depends on, so the verdict cannot
differ. The sentences the gate spares the name finder (`known`: already cleaned by the redact
stage under the same policy and model) are not in the key for the same reason.

Files are remembered only after a scan that found no leak anywhere; a failing build records
nothing. `publisher build --no-cache` scans every byte. The memory lives beside the redaction
cache in the private `.cache/` folder, one file per fingerprint, written atomically, bounded.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.cache import code_key
from redaction.analysis_cache import default_cache_dir
from redaction.policy import RedactionPolicy

KEY_BYTES = 16
MAX_KEYS = 1_000_000  # 16 MB: several sites of 5,000 plans


class ScanCache:
    def __init__(self, policy: RedactionPolicy, *, ner: bool, directory: Path | None = None):
        name = f"{_fingerprint(policy, ner)}.clean"
        self.path = (directory or default_cache_dir().parent / "scan") / name
        self.clean: set[bytes] = set()
        self.seen: list[bytes] = []
        self.hits = 0
        try:
            data = self.path.read_bytes()
            self.clean = {data[i : i + KEY_BYTES] for i in range(0, len(data), KEY_BYTES)}
        except OSError:
            pass

    def passed(self, file: str, data: bytes) -> bool:
        """True if these bytes at this path passed the gate before; remember them either way."""
        key = hashlib.sha256(file.encode() + b"\0" + data).digest()[:KEY_BYTES]
        self.seen.append(key)
        if key in self.clean:
            self.hits += 1
            return True
        return False

    def save(self) -> None:
        """Called only after a clean scan: every file seen this time passed."""
        fresh = list(dict.fromkeys(self.seen))
        now = set(fresh)
        keys = (fresh + [k for k in self.clean if k not in now])[:MAX_KEYS]
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".clean-", dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"".join(keys))
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)  # a memory not written only costs time


def _fingerprint(policy: RedactionPolicy, ner: bool) -> str:
    import spacy  # only for the model's version; the gate that uses this has loaded it anyway

    digest = hashlib.sha256(policy.model_dump_json().encode())
    digest.update(f"{ner}:{policy.model}@{spacy.util.get_package_version(policy.model)}".encode())
    digest.update(code_key().encode())
    return digest.hexdigest()[:24]
