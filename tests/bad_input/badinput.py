"""Shared by the bad-input tests: where the cases are, a workspace, and a tree's digest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli
from publisher_fixtures import cache_env

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
CASES = HERE / "cases"
AS_AT = "2026-11-22"


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under `root`, each file by the sha256 of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


@dataclass
class Workspace:
    """content/ (a copy of base/), site/ (a copy of the good build) and reports/ in one folder."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def build(self, *extra: str) -> Result:
        return CliRunner().invoke(
            cli,
            ["build", "--content", str(self.content), "--site", str(self.site),
             "--reports", str(self.root / "reports"), "--as-at", AS_AT, *extra],
            env=cache_env(self.root),
        )

    def leftovers(self) -> list[str]:
        """Staging or old-site folders a build left beside site/."""
        return sorted(p.name for p in self.root.glob(".site.*") if p.is_dir())
