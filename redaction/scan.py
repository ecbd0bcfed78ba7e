"""scan_tree: the leak gate (redaction/leaks.py) over every file of a built tree.

With `memory`, what passed before is not read again (redaction/scan_cache.py): a file whose
exact bytes at the same path passed under the same policy, model and code; and of a big data
file (the search index, the open data) that changed, only what changed since the version that
passed (redaction/pieces.py), or failing that its records that did not pass before
(redaction/records.py). Every other byte is read; anything new or unknown is read in full.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path

from redaction import pieces as cut
from redaction.analysis_cache import AnalysisCache
from redaction.extract import Segment, is_search_index, segments
from redaction.leaks import MAX_MESSAGES, Gate
from redaction.leaks_index import IndexCheck
from redaction.policy import RedactionPolicy
from redaction.records import is_record_file, records
from redaction.scan_cache import ScanCache
from redaction.tables import remembered


def scan_tree(
    root: Path,
    policy: RedactionPolicy,
    *,
    known: Collection[str] | None = None,
    ner: bool = True,
    memory: bool = False,
    allowed: Collection[str] = (),
    published: Path | None = None,
) -> list[str]:
    """One message per leak in the files under `root` (empty: nothing personal found).

    With `memory`, a file whose exact bytes passed before under the same policy, model and
    code is not read again (redaction/scan_cache.py), and of a big data file that changed only
    what changed (see the module's docstring); a sentence the name finder read before is not
    read again (redaction/analysis_cache.py). A file that is a hard link of the one at the
    same path of the `published` site, unchanged since a scan passed it, is not read at all
    (the rules are in redaction/scan_cache.py).
    """
    gate = Gate(policy, known, ner, allowed, AnalysisCache() if memory else None)
    vendor = vendor_hashes()
    passed = ScanCache(policy, ner=ner) if memory else None
    found = files(root)
    index = IndexCheck(root, frozenset(found))
    # Paths as strings, not Path objects: at 1,000 plans the loop runs over 2,300 files, most
    # of them passed by their stat alone, and a Path join cost more than the stat.
    base, there = f"{root}/", None if published is None else f"{published}/"
    for file in found:
        path = base + file
        name = file.rpartition("/")[2]
        # Its stat is taken before it is read: a change after it shows in its ctime.
        if passed is not None and passed.unchanged(file, os.stat(path), there):
            continue
        data = Path(path).read_bytes()  # a Path for the few files read, not for every one
        if passed is not None and _changed_pieces(gate, passed, index, file, name, data):
            continue
        sha256 = hashlib.sha256(data).digest()
        if sha256.hex() in vendor:
            continue
        if passed is not None and passed.passed_digest(file, sha256):
            continue
        _check_file(gate, passed, index, file, name, data)
    for alarm in index.run():
        gate.alarm(*alarm)
    try:
        gate.run_ner()
    finally:
        if gate.cache is not None:
            gate.cache.close()
    if passed is not None and not gate.leaks:
        passed.save()
    messages = [str(leak) for leak in gate.leaks]
    if len(messages) > MAX_MESSAGES:
        messages = [*messages[:MAX_MESSAGES], f"... and {len(messages) - MAX_MESSAGES} more"]
    return messages


def files(root: Path) -> list[str]:
    """Every file under `root` (as sorted(root.rglob("*")) gives them, files only, not into
    linked folders), as paths relative to it: os.scandir knows which entries are files
    without a stat of each (at 1,000 plans, a seventh of a warm scan)."""
    found: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(root / folder if folder else root) as entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir() and not entry.is_symlink():
                    pending.append(rel)
                elif entry.is_file():
                    found.append(rel)
    return sorted(found, key=lambda rel: rel.split("/"))


def _changed_pieces(gate: Gate, passed: ScanCache, index: IndexCheck, file: str, name: str,
                    data: bytes) -> bool:
    """A big data file checked as the pieces of its last passed version plus what changed;
    False if it must be read as any other file (no pieces known, or a change they cannot
    place). Its name passed with those pieces: it is the same path."""
    if not is_record_file(name, len(data)):
        return False
    old = passed.pieces(file)
    if old is None:
        return False
    found = cut.changed(name, data, old)
    if found is None:
        return False
    checks, pieces = found
    for record in checks:
        gate.check(file, record.segments())
        if is_search_index(name):
            index.add_record(file, record)
    if pieces is not old:
        passed.keep_pieces(file, pieces)
    return True


def _check_file(gate: Gate, passed: ScanCache | None, index: IndexCheck, file: str,
                name: str, data: bytes) -> None:
    # A file name is published too (in URLs): "plans/john-smith/index.html".
    named = Segment(file.replace("-", " ").replace("_", " "), "file name")
    parts = records(name, data) if passed is not None else None
    if parts is None or passed is None:
        gate.check(file, [*segments(name, data), named])
        if is_search_index(name):
            index.add_document(file, data)
        return
    # A big data file that changed: only its records not passed before (one plan's).
    gate.check(file, [named])
    spans = []  # where each record stands, not the record: its parsed value is let go
    try:
        for part in parts:
            spans.append((part.start, part.end, part.path, part.number))
            if not passed.passed(f"{file}\0record", part.key):
                gate.check(file, part.segments())
                if is_search_index(name):
                    index.add_record(file, part)
    except ValueError:  # not JSON after all: read whole, as any other file
        gate.check(file, list(segments(name, data)))
        if is_search_index(name):
            index.forget(file)  # its entries read so far are read again with the rest
            index.add_document(file, data)
        return
    pieces = cut.of_records(data, spans)
    if pieces is not None:
        passed.keep_pieces(file, pieces)


@cache
def vendor_hashes() -> frozenset[str]:
    """sha256 of the theme's own static files (MkDocs, Material): not content, not scanned.
    Kept by code key (redaction/tables.py), which holds both packages' versions."""
    return frozenset(remembered("vendor_hashes", _vendor_hashes))


def _vendor_hashes() -> list[str]:
    import importlib.util

    hashes: set[str] = set()
    for package in ("material", "mkdocs"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for base in spec.submodule_search_locations:
            for path in _static_files(Path(base)):
                hashes.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return sorted(hashes)


def _static_files(base: Path) -> Iterable[Path]:
    for suffix in ("*.js", "*.css", "*.map", "*.json"):
        yield from (p for p in base.rglob(suffix) if "__pycache__" not in p.parts)
