"""Up to date: a build whose every input is the same as the one that made the published site
does nothing, and says so (as make, Hugo and Bazel do).

The inputs are derived, never listed by hand: the name and bytes of every file under the
content folder (plans, pages, FOI responses, annex files, site.yaml, the policy and the
decisions, whatever else an author put there), the date the build is as at and today's date
(a decision dated after today is refused, so checking depends on it), our code, templates and
library versions (generator.cache.code_key), MkDocs' configuration, the environment the build
reads, and where the site and the reports go. Any difference, or a site folder that is not the
very one that build swapped in (replaced, moved, deleted: publish.site_identity), or a report
of that build missing or changed, and the build runs as usual.

Nothing is trusted that the last build did not check: the stamp is written only after a build
passed the leak gate and was swapped in, and it names that folder. `--no-cache` never reads it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.cache import FileDigests, Signature, code_key, pickle_atomic, settled, signature
from generator.site.build import BASE_CONFIG
from generator.site.incremental import site_identity

STAMP_VERSION = "2"  # bump when what a stamp holds changes shape
# The environment variables a build reads that change what it writes.
ENVIRONMENT = ("PUBLISHER_SOURCE_DATE_EPOCH",)


@dataclass(frozen=True)
class Inputs:
    """What a build is made from: one key, and each content file's digest as it was taken."""

    key: str
    digests: dict[str, tuple[Signature, bytes]]  # content file → its signature and sha256
    taken_ns: int  # the time the files were looked at, before any was read

    def file_digests(self, content: Path) -> FileDigests:
        """For load: the content files' digests, as they were taken (generator/cache.py)."""
        return FileDigests(content, self.digests, self.taken_ns)


@dataclass(frozen=True)
class Stamp:
    """What the published site was built from, and what that build reported."""

    inputs: Inputs
    site_id: tuple[int, int, int] | None
    reports: dict[str, str]  # report file → sha256 of the bytes that build wrote
    result: Any  # the pipeline's BuildResult, returned again as it was


def read_stamp(stamp_file: Path) -> Stamp | None:
    try:
        stamp = pickle.loads(stamp_file.read_bytes())
    except Exception:  # a stamp that cannot be read is no stamp: build as usual
        return None
    return stamp if isinstance(stamp, Stamp) else None


def read_inputs(content: Path, site: Path, reports: Path, as_at: date,
                known: Inputs | None = None) -> Inputs | None:
    """Everything a build's output depends on; None if a file cannot be read (then the build
    runs, and says what is wrong with it). A content file whose signature is what `known`
    recorded, long enough after its last change, is not read again."""
    taken = time.time_ns()
    digest = hashlib.sha256(STAMP_VERSION.encode())
    for part in (code_key(), as_at.isoformat(), date.today().isoformat(),
                 str(content.resolve()), str(site.resolve()), str(reports.resolve())):
        digest.update(part.encode() + b"\0")
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    digests: dict[str, tuple[Signature, bytes]] = {}
    try:
        digest.update(BASE_CONFIG.read_bytes() + b"\0")
        for name, path in _files(content):
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
            if path is not None:
                digests[name] = _file_digest(name, path, known)
                digest.update(digests[name][1])
    except OSError:
        return None
    return Inputs(digest.hexdigest(), digests, taken)


def _file_digest(name: str, path: Path, known: Inputs | None) -> tuple[Signature, bytes]:
    stat = path.stat()
    taken = signature(stat)
    if known is not None and (old := known.digests.get(name)) is not None \
            and old[0] == taken and settled(stat, known.taken_ns):
        return old
    with path.open("rb") as handle:  # in chunks: an annex may be a large workbook
        return taken, hashlib.file_digest(handle, "sha256").digest()


def _files(root: Path) -> Iterator[tuple[str, Path | None]]:
    """Every folder and file under `root` in a fixed order: (relative name, path). A folder
    is named with a trailing slash and no path, so adding an empty one counts too."""
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=_raise):
        dirs.sort()
        here = Path(folder)
        rel = here.relative_to(root).as_posix()
        yield f"{rel}/", None
        for name in sorted(files):
            yield f"{rel}/{name}", here / name


def _raise(error: OSError) -> None:
    raise error


def up_to_date(stamp: Stamp | None, inputs: Inputs | None, site: Path) -> Any | None:
    """The last build's result if `inputs` are what made the site now published at `site` and
    its reports are still as it wrote them; None otherwise."""
    if stamp is None or inputs is None or stamp.inputs.key != inputs.key:
        return None
    if stamp.site_id is None or stamp.site_id != site_identity(site.resolve()):
        return None
    for report, sha in stamp.reports.items():
        try:
            if hashlib.sha256(Path(report).read_bytes()).hexdigest() != sha:
                return None
        except OSError:
            return None
    return stamp.result


def record(stamp_file: Path, inputs: Inputs | None, site: Path, reports: list[Path],
           result: Any) -> None:
    """After a build was published: what the next build may find up to date."""
    forget(stamp_file)
    if inputs is None:
        return
    try:
        written = {str(p.resolve()): hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in reports}
        pickle_atomic(stamp_file, Stamp(inputs, site_identity(site.resolve()), written, result))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        forget(stamp_file)


def forget(stamp_file: Path) -> None:
    """Before anything is published: a stamp must never outlive the site it describes."""
    with suppress(OSError):
        stamp_file.unlink(missing_ok=True)
