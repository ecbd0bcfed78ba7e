"""The site before last, made into the next staging folder instead of building a new tree.

A one-page rebuild (delta.py) hard-links every unchanged file from the published site into
a new folder: at 1,000 plans that is 1,300 folders made and 2,300 links, the largest part of
its time on a busy disk, and as many to delete again once the next build replaces it. The
version a build replaces is kept instead (publish.swap_in's `spare`, in the site's cache)
and becomes the next build's staging folder: its files that are the very files of the
published site (same inode: hard links of one file) stay, every other file goes, and only
those are linked anew.

Safety: a kept file is the published file itself, so nothing may write into it. Every file
the build writes (changed pages, sitemap, search index) is removed from the folder first
(it is not in `keep`), and delta.py refuses a build whose written files would land on a kept
one; MkDocs and our writers always create files by path, so they get a new inode.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def spare_path(cache: Path, destination: Path) -> Path | None:
    """Where the spare is kept: in the site's cache folder, not beside the published site (a
    withdrawn page must not stay where the site is served from; the cache holds the same
    texts already), if that is on the site's disk (a folder moves there by a rename)."""
    try:
        same_disk = cache.stat().st_dev == destination.resolve().parent.stat().st_dev
    except OSError:
        return None
    return cache / "spare" if same_disk else None


def take_spare(spare: Path, staging: Path) -> bool:
    """Move the spare tree to `staging` (an empty folder made for this build). False: none."""
    try:
        os.rmdir(staging)
    except OSError:
        return False  # not empty, or gone: leave it as it is
    try:
        os.rename(spare, staging)
    except OSError:
        os.mkdir(staging)
        staging.chmod(spare_mode(staging))
        return False
    return True


def spare_mode(path: Path) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def prune(root: Path, old_site: Path, keep: set[str]) -> set[str]:
    """Remove from `root` every file that is not the published file (in `old_site`) at the
    same path, among `keep`, and every folder left empty. Returns the paths still there."""
    present: set[str] = set()
    _prune(str(root), "", str(old_site), keep, present)
    return present


def _prune(folder: str, prefix: str, old_site: str, keep: set[str], present: set[str]) -> bool:
    """True when `folder` is empty afterwards."""
    empty = True
    with os.scandir(folder) as entries:
        items = list(entries)
    for entry in items:
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if _prune(entry.path, rel + "/", old_site, keep, present):
                os.rmdir(entry.path)
            else:
                empty = False
            continue
        if (rel in keep and entry.is_file(follow_symlinks=False)
                and _same_file(entry, old_site, rel)):
            present.add(rel)
            empty = False
        else:
            os.unlink(entry.path)
    return empty


def _same_file(entry: os.DirEntry[str], old_site: str, rel: str) -> bool:
    try:
        old = os.stat(os.path.join(old_site, rel))
    except OSError:
        return False
    return entry.inode() == old.st_ino  # the spare is beside the site: the same disk


def discard_spare(spare: Path) -> None:
    shutil.rmtree(spare, ignore_errors=True)
