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

Files not read at all. A one-edit build links every unchanged file of the published site into
the new tree (generator/site/delta.py, spare.py): at 1,000 plans 150 MB that the gate would
read and hash again to learn what it knows. A file is passed without being read when
  1. its signature (device, inode, size, mtime_ns, ctime_ns), taken before the file was read,
     is the one it had in a scan that passed under the same fingerprint (so its bytes then
     passed, as a whole or by pieces);
  2. it last changed (mtime and ctime) at least RACY_NS before that scan began; and
  3. it is a hard link of the file at the same path in the published site (the tree the gate
     passed last and that was swapped in): the same device and inode, two links or more.
Why nothing changed can hide there: writing to a file, truncating it, or setting its times
(utime, touch, tar, rsync --times restore mtime) sets its ctime to the present, and no call
lets a user set ctime; so an inode whose ctime is still the recorded one has not been written
since. A write in the same clock tick as the recorded scan read the file could leave the same
ctime: rule 2 (git's "racily clean" files: generator/cache.settled, as the up-to-date check
uses) leaves such files to be read. A file replaced by another (a new file, a rename onto the
path) is another inode, or an inode number used again with a new ctime. Rule 3 keeps the
shortcut to the files the one-edit path links and to file systems with POSIX links and ctime
(not FAT, whose "ctime" follows mtime); only the published tree's own files can be links of
it. Whatever fails a rule is read and checked as before; only moving the system clock back
(an administrator's act, which the up-to-date check trusts too) could defeat rule 1.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from contextlib import suppress
from importlib import metadata
from pathlib import Path

from generator.cache import code_key, forget_old, settled, write_atomic
from redaction.analysis_cache import default_cache_dir
from redaction.pieces import Pieces
from redaction.policy import RedactionPolicy

KEY_BYTES = 16
MAX_KEYS = 1_000_000  # 16 MB: several sites of 5,000 plans
FEW = 64  # keys asked or saved one by one up to this many (see ScanCache._has)
PIECES_KEPT = 4  # folders of pieces (one per fingerprint: policy, model, code)
Signature = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns


def signature(stat: os.stat_result) -> Signature:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


class ScanCache:
    def __init__(self, policy: RedactionPolicy, *, ner: bool, directory: Path | None = None):
        fingerprint = _fingerprint(policy, ner)
        self.path = (directory or default_cache_dir().parent / "scan") / f"{fingerprint}.clean"
        self.pieces_dir = self.path.parent / f"{fingerprint}.pieces"
        self.signatures_path = self.path.parent / f"{fingerprint}.signatures"
        self.taken = time.time_ns()  # before any file of this scan is looked at
        self.signatures = _load_signatures(self.signatures_path)
        self.new_signatures: dict[str, Signature] = {}
        self.seen: list[bytes] = []
        self.new_pieces: dict[str, Pieces] = {}
        self.hits = 0
        try:
            data = self.path.read_bytes()
        except OSError:
            data = b""
        # The keys as the file holds them (most recently passed first); a set of them is made
        # only for a scan that asks many times (a cold one), not for a one-edit scan that
        # asks of a few changed files (at 1,000 plans the file holds 38,000 keys).
        self.keys = data[: len(data) - len(data) % KEY_BYTES]
        self._clean: set[bytes] | None = None

    @property
    def clean(self) -> set[bytes]:
        if self._clean is None:
            data = self.keys
            self._clean = {data[i : i + KEY_BYTES] for i in range(0, len(data), KEY_BYTES)}
        return self._clean

    def _has(self, key: bytes) -> bool:
        if self._clean is not None or len(self.seen) > FEW:
            return key in self.clean
        return _find(self.keys, key) >= 0

    def unchanged(self, file: str, stat: os.stat_result, published: str | None) -> bool:
        """True if the file, whose stat this is (taken before it is read), is the very file a
        passed scan read, by the rules of the module's docstring; its signature is kept for
        the next scan either way (saved only if this one passes). `published`: the published
        site's folder followed by "/" (a string: joined once a file)."""
        now = signature(stat)
        self.new_signatures[file] = now
        old = self.signatures.get(file)
        if (published is None or old is None or old[0] != now or stat.st_nlink < 2
                or not settled(stat, old[1])):
            return False
        try:
            there = os.stat(published + file)
        except OSError:
            return False
        if (there.st_dev, there.st_ino) != (stat.st_dev, stat.st_ino):
            return False
        self.hits += 1
        return True

    def passed(self, file: str, data: bytes) -> bool:
        """True if these bytes at this path passed the gate before; remember them either way."""
        return self.passed_digest(file, hashlib.sha256(data).digest())

    def passed_digest(self, file: str, sha256: bytes) -> bool:
        """passed() of the bytes whose sha256 this is (the scan hashes each file once)."""
        key = hashlib.sha256(file.encode() + b"\0" + sha256).digest()[:KEY_BYTES]
        self.seen.append(key)
        if self._has(key):
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
        self._save_signatures()
        with suppress(OSError):  # a memory not written only costs time
            write_atomic(self.path, self._keys_to_save())

    def _keys_to_save(self) -> bytes:
        """The keys seen this time first, then the others in the order they stood (so the
        bound drops those passed longest ago), MAX_KEYS at most."""
        fresh = list(dict.fromkeys(self.seen))
        if len(fresh) <= FEW:  # a few: cut out of the old bytes where they stand
            rest = self.keys
            for key in fresh:
                at = _find(rest, key)
                if at >= 0:
                    rest = rest[:at] + rest[at + KEY_BYTES:]
        else:
            now = set(fresh)
            data = self.keys
            rest = b"".join(k for i in range(0, len(data), KEY_BYTES)
                            if (k := data[i:i + KEY_BYTES]) not in now)
        return (b"".join(fresh) + rest)[: MAX_KEYS * KEY_BYTES]

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


    def _save_signatures(self) -> None:
        if not self.new_signatures:
            return
        taken = {file: (sig, self.taken) for file, sig in self.new_signatures.items()}
        try:
            write_atomic(self.signatures_path, marshal.dumps(taken))
            forget_old(list(self.path.parent.glob("*.signatures")), PIECES_KEPT)
        except OSError:
            pass  # only costs time: every file is read next time


def _find(keys: bytes, key: bytes) -> int:
    """Where `key` stands in `keys` (whole keys one after the other), or -1: a search in C
    of bytes the scan holds anyway, for the few asked of a one-edit scan."""
    at = keys.find(key)
    while at >= 0 and at % KEY_BYTES:
        at = keys.find(key, at + 1)
    return at


def _load_signatures(path: Path) -> dict[str, tuple[Signature, int]]:
    try:
        value = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {f: (tuple(v[0]), v[1]) for f, v in value.items()  # type: ignore[misc]
            if isinstance(f, str) and isinstance(v, tuple) and len(v) == 2
            and isinstance(v[0], tuple) and len(v[0]) == 5 and isinstance(v[1], int)}


def _fingerprint(policy: RedactionPolicy, ner: bool) -> str:
    try:  # what spacy.util.get_package_version says, without importing spaCy for it
        version: str | None = metadata.version(policy.model)
    except metadata.PackageNotFoundError:
        version = None
    digest = hashlib.sha256(policy.model_dump_json().encode())
    digest.update(f"{ner}:{policy.model}@{version}".encode())
    digest.update(code_key().encode())
    return digest.hexdigest()[:24]
