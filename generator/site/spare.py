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
import tempfile
from pathlib import Path

from generator.publish import remove_later


def spare_path(cache: Path, destination: Path) -> Path | None:
    """Where the spare is kept: in the site's cache folder, not beside the published site (a
    withdrawn page must not stay where the site is served from; the cache holds the same
    texts already), if that is on the site's disk (a folder moves there by a rename)."""
    try:
        same_disk = cache.stat().st_dev == destination.resolve().parent.stat().st_dev
    except OSError:
        return None
    return cache / "spare" if same_disk else None


def use_spare(spare: Path, staging: Path, old_site: Path, keep: set[str]) -> set[str]:
    """Make the spare tree the (empty) `staging` folder, holding only files of `keep` that are
    the published ones; returns those. Anything else in it is moved out by renames and deleted
    by a detached `rm` (publish.remove_later): deleting thousands of files here took seconds
    on this machine's disk. A spare mostly out of date (after a full build) is not used: it
    goes whole, and the build links every file as it would without one (empty set)."""
    if not spare.is_dir():
        return set()
    present: set[str] = set()
    try:
        stale = _scan(str(spare), "", str(old_site), keep, present)[1]
    except OSError:
        return set()
    if len(stale) > max(64, len(keep) // 8):
        remove_later(spare, old_site)
        return set()
    try:
        os.rmdir(staging)
        os.rename(spare, staging)
    except OSError:
        staging.mkdir(exist_ok=True)
        return set()
    if stale:
        trash = Path(tempfile.mkdtemp(prefix="spare-stale-", dir=spare.parent))
        for number, rel in enumerate(stale):
            os.rename(staging / rel, trash / str(number))
        remove_later(trash, old_site)
    return present


def _scan(folder: str, prefix: str, old_site: str, keep: set[str],
          present: set[str]) -> tuple[bool, list[str]]:
    """Sort `folder`'s files into `present` (kept) and the paths to move out; a folder with
    nothing to keep goes whole. Returns whether anything in it is kept, and those paths."""
    kept, stale = False, []
    with os.scandir(folder) as entries:
        items = list(entries)
    for entry in items:
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            kept_below, stale_below = _scan(entry.path, rel + "/", old_site, keep, present)
            if kept_below:
                kept = True
                stale += stale_below
            else:
                stale.append(rel)
        elif (rel in keep and entry.is_file(follow_symlinks=False)
              and _same_file(entry, old_site, rel)):
            present.add(rel)
            kept = True
        else:
            stale.append(rel)
    return kept, stale


def _same_file(entry: os.DirEntry[str], old_site: str, rel: str) -> bool:
    try:
        old = os.stat(os.path.join(old_site, rel))
    except OSError:
        return False
    return entry.inode() == old.st_ino  # the spare is beside the site: the same disk
