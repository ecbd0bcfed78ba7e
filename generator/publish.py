"""Stage and swap: the one way anything reaches a public folder (the site, an FOI bundle).

A new version is written into a staging folder beside its destination (same file system, so
the swap is a rename), checked, and swapped in whole; readers see the old version or the new
one, never half of either. One writer at a time per destination, under a lock file beside it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildError


@contextmanager
def publish_lock(destination: Path, lock_path: Path | None = None) -> Iterator[None]:
    """One build at a time per destination; a second one says so instead of waiting.

    The lock file is `.<name>.lock` beside the destination unless `lock_path` says otherwise
    (an FOI bundle's folder must hold only what the requester receives).
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    lock_path = lock_path or destination.with_name(f".{destination.name}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildError(
                    f"another build of {destination} is running; wait for it to finish "
                    "and try again."
                ) from None
            raise
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_stale(destination: Path) -> None:
    """Remove staging folders left by a build that was killed (their owner holds no lock) and
    old versions a detached `rm` has not finished removing (or was killed while removing).
    Each goes to a detached `rm` too (remove_later): at 1,000 plans the last build's old
    version, still being deleted when the next build starts, took a second of its time."""
    for pattern in (f".{destination.name}.new-*", f".{destination.name}.old-*"):
        for path in destination.parent.glob(pattern):
            remove_later(path, destination)
    for path in destination.parent.glob(f"{TRASH_PREFIX}{destination.name}-*"):
        _remove_detached(path)


def staging_dir(destination: Path) -> Path:
    """A fresh folder on the same file system as `destination`, so the swap is a rename."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{destination.name}.new-", dir=destination.parent))
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide what is published from its readers
    return path


def swap_in(staging: Path, destination: Path, spare: Path | None = None) -> Path:
    """Swap the staged folder in: readers see the old version or the new one, never half.
    With `spare`, the old version is kept there (for the next build to build on, see
    generator/site/spare.py) instead of being removed; the spare it replaces is removed."""
    if destination.exists() and _exchange(staging, destination):
        _retire(staging, destination, spare)  # now holds the old version
        return destination
    if destination.exists():
        old = destination.with_name(f".{destination.name}.old-{os.getpid()}")
        os.rename(destination, old)
        os.rename(staging, destination)
        _retire(old, destination, spare)
    else:
        os.rename(staging, destination)
    return destination


TRASH_PREFIX = ".publisher-trash-"


def _retire(old: Path, destination: Path, spare: Path | None) -> None:
    if spare is None:
        remove_later(old, destination)
        return
    if spare.exists():
        remove_later(spare, destination)
    try:
        os.rename(old, spare)
    except OSError:
        remove_later(old, destination)


def remove_later(old: Path, destination: Path) -> None:
    """Remove a superseded version without making the build wait for it: at 1,000 plans its
    thousands of folders took seconds to delete, as long as the rest of a one-page rebuild.
    It is renamed out of the way first (readers never see it: it is not the destination) and
    deleted by a detached `rm`; one left behind by a killed `rm` goes with the next build's
    clean_stale. Where there is no `rm` it is deleted here, as before."""
    trash = destination.with_name(f"{TRASH_PREFIX}{destination.name}-{os.getpid()}-"
                                  f"{time.monotonic_ns()}")
    try:
        os.rename(old, trash)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        return
    _remove_detached(trash)


def _remove_detached(trash: Path) -> None:
    """`rm -rf` in its own session: the build neither waits for it nor takes it down. A
    second `rm` of a folder one is already removing only finds less to do."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(trash)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): both paths swap in one step (Linux 3.15+)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
