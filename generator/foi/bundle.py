"""The requester's release bundle: release/foi-<ref>/ with the PDFs, a manifest and one zip.

Only what the requester receives goes in here. The bundle is written beside its destination,
scanned for leaks, and only then moved into place: a failed scan leaves nothing behind.
Same content and same generated-at time give byte-identical files, zip included.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from generator.cache import cache_root
from generator.content.models import Doc, FoiResponse, reference_slug
from generator.errors import ContentError, LeakError, Problem
from generator.foi.pdf import PdfFile, release_pdfs
from generator.foi.readback import read_back
from generator.foi.response_view import FoiView
from generator.publish import clean_stale, discard, publish_lock, staging_dir, swap_in
from redaction import RedactedContent, known_sentences, scan_tree

MANIFEST = "manifest.json"
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can carry


@dataclass(frozen=True)
class Bundle:
    """A release bundle on disk."""

    path: Path  # release/foi-47815
    view: FoiView
    files: list[Path]  # letter, annexes, manifest: in the zip in this order
    zip: Path
    generated_at: datetime


def generated_at(as_at: date | None) -> datetime:
    """--as-at if given, else SOURCE_DATE_EPOCH (reproducible builds), else now."""
    if as_at is not None:
        return datetime(as_at.year, as_at.month, as_at.day, tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def find_response(redacted: RedactedContent, reference: str) -> Doc[FoiResponse]:
    """The approved response with this reference (as issued, or as its file is named); a clear
    error otherwise."""
    content = redacted.content
    for doc in content.foi:
        if reference in (doc.data.reference, doc.slug):
            return doc
    known = ", ".join(sorted(d.data.reference for d in content.foi)) or "none"
    slug = reference_slug(reference)
    path = content.root / "foi" / f"{slug}.yaml"
    why = ("it is not approved: a draft is never released" if path.exists()
           else "there is no such file")
    raise ContentError([Problem(f"{content.root.name}/foi/{slug}.yaml", None, None,
                                f"FOI {reference} cannot be released: {why}.",
                                f"approved responses: {known}.")])


def manifest(reference: str, files: list[PdfFile], at: datetime) -> bytes:
    entries: list[dict[str, object]] = []
    for f in files:
        entry: dict[str, object] = {"name": f.name, "bytes": len(f.data),
                                    "sha256": hashlib.sha256(f.data).hexdigest()}
        if f.description:  # what a file annex's PDF or CSV was made from, and how
            entry["description"] = f.description
        entries.append(entry)
    body = {"reference": reference, "generated_at": at.astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"), "files": entries}
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def zip_bytes(members: list[tuple[str, bytes]], at: datetime) -> bytes:
    """A zip whose bytes depend only on the members and `at`: fixed times, modes and order."""
    stamp = max(at.astimezone(UTC), ZIP_EPOCH)
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read the same everywhere
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)
    return target.getvalue()


def scan_release(folder: Path, redacted: RedactedContent) -> list[str]:
    """The leak gate over the bundle: the scanner reads the PDFs' text and inside the zip.

    Sentences already decided by the redact stage are passed as known, so the name finder
    only reads what the templates added and anything that bypassed redaction.
    """
    return scan_tree(folder, redacted.content.policy, known=known_sentences(redacted))


def _lock_file(destination: Path) -> Path:
    """In the private cache, not in release/: that folder holds only what may be sent."""
    key = hashlib.sha256(str(destination.resolve()).encode()).hexdigest()[:20]
    return cache_root() / "locks" / f"foi-{key}.lock"


def write_bundle(redacted: RedactedContent, reference: str, out_dir: Path, as_at: date,
                 at: datetime) -> Bundle:
    """Render, scan and publish release/foi-<ref>/; raise LeakError and write nothing on a hit."""
    doc = find_response(redacted, reference)
    slug = doc.slug  # "2017/1840" is released as foi-2017-1840/
    view, pdfs = release_pdfs(redacted, doc, as_at, at)
    members = [(f.name, f.data) for f in pdfs]
    members.append((MANIFEST, manifest(doc.data.reference, pdfs, at)))
    zip_name = f"foi-{slug}.zip"
    destination = out_dir / f"foi-{slug}"
    with publish_lock(destination, _lock_file(destination)):
        clean_stale(destination)
        staging = staging_dir(destination)
        try:
            for name, data in [*members, (zip_name, zip_bytes(members, at))]:
                path = staging / name
                path.write_bytes(data)
                os.utime(path, (at.timestamp(), at.timestamp()))
            leaks = scan_release(staging, redacted)
            if leaks:
                raise LeakError(leaks)
            # Then each file made from a file annex is read back from disk and checked.
            leaks = read_back(staging, view, redacted)
            if leaks:
                raise LeakError(leaks)
            staging.chmod(0o755)  # readable by the people sending it, whatever the umask
            swap_in(staging, destination)
        finally:
            discard(staging)
    return Bundle(destination, view, [destination / name for name, _ in members],
                  destination / zip_name, at)
