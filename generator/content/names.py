"""Content file names: which files under content/ are content, whether a name may be a web
address, and paths as messages and hints show them. Below load.py (which re-exports shown and
pasteable, as callers have always imported them from there)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from pydantic import BaseModel

from generator.content.models import FoiResponse
from generator.errors import Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FOI_REF = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")


def pasteable(path: Path) -> str:
    """A path for a command in a hint: one the user can paste where they ran the command,
    relative to the working folder (not to the content folder's parent)."""
    absolute = str(path.absolute())
    try:
        rel = os.path.relpath(absolute, Path.cwd())
    except ValueError:  # another drive (Windows)
        rel = absolute
    # From far away (../../../tmp/...), the absolute path is the one a reader can follow.
    return shlex.quote(rel if not rel.startswith("../..") else absolute)


def shown(path: Path, root: Path) -> str:
    """Paths in messages read as the author sees them: content/plans/mr-s.yaml."""
    below = _below(path, root)
    if below is None:
        return str(path)
    if below == ".":  # the folder itself
        return root.name or "."
    return f"{root.name}/{below}" if root.name else below


def scope_of(path: Path, root: Path) -> str:
    """A content file as decisions name it: plans/mr-s.yaml."""
    below = _below(path, root)
    return str(path) if below is None else below


def _below(path: Path, root: Path) -> str | None:
    """`path` relative to `root` in POSIX form, or None if it is not below it."""
    # By plain string work for a file below the folder (a Path's parts are normalised, so its
    # text starts with the folder's): asked for every file by load, redact and the gate, where
    # pathlib's relative_to was a tenth of a second at 1,000 plans (issue 18).
    whole, base = os.fspath(path), os.fspath(root)
    if base not in (".", os.sep) and whole.startswith(base + os.sep):
        return whole[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def content_files(root: Path, folder: str, problems: list[Problem],
                  suffix: str = ".yaml") -> list[Path]:
    base = root / folder
    if not base.is_dir():
        return []
    found: list[Path] = []
    # scandir: whether an entry is a folder comes with the listing, not a stat a file.
    # Sorted by name: the order of the paths of one folder, without comparing Paths.
    with os.scandir(base) as listing:
        entries = sorted((e.name, e.is_dir()) for e in listing)
    for name, is_dir in entries:
        if name.startswith(".") or is_dir:
            continue
        path = base / name
        if path.suffix == suffix:
            found.append(path)
        elif path.suffix == ".yml" and suffix == ".yaml":
            twin = path.with_suffix(".yaml")
            if twin.exists():
                problems.append(Problem(shown(path, root), None, None,
                                        f"{shown(twin, root)} has the same name, and two files "
                                        "cannot share one web address.",
                                        "keep one of them: content files end in \".yaml\"."))
            else:
                problems.append(Problem(shown(path, root), None, None,
                                        'content files end in ".yaml", not ".yml".',
                                        f"rename it to {path.stem}.yaml."))
        elif path.name.lower() != "readme.md":
            problems.append(Problem(shown(path, root), None, None,
                                    f"this file is not {suffix} content and is ignored.",
                                    warning=True))
    # Web addresses are compared ignoring case: on Windows and macOS file systems, and on many
    # web servers, foi/AB-1/ and foi/ab-1/ are one folder, so one page would replace the other.
    first: dict[str, Path] = {}
    unique: list[Path] = []
    for path in found:
        other = first.setdefault(path.stem.casefold(), path)
        if other is path:
            unique.append(path)
        else:
            problems.append(Problem(shown(path, root), None, None,
                                    f'"{path.stem}" differs from {shown(other, root)} only in '
                                    "capital letters, and both would be published at the same "
                                    "web address.", "rename or delete one of them."))
    return unique


def good_name(path: Path, model: type[BaseModel], name: str, problems: list[Problem]) -> bool:
    stem = path.stem
    if (FOI_REF if model is FoiResponse else SLUG).match(stem):
        return True
    if model is FoiResponse:
        what = "letters, digits and hyphens"
        suggestion = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-") or "12345"
    else:
        what = "lower-case letters, digits and single hyphens (it becomes the web address)"
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "mr-s-homicide"
    problems.append(Problem(name, None, None, f'the file name "{path.name}" must use only '
                            f"{what}.", f"rename the file, e.g. {suggestion}{path.suffix}."))
    return False
