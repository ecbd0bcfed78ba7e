"""Shared by the bad-input tests: where the cases are, a workspace, and a tree's digest."""

from __future__ import annotations

from pathlib import Path

from publisher_fixtures import Workspace, cache_env, tree_digest

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
CASES = HERE / "cases"
AS_AT = "2026-11-22"

__all__ = ["AS_AT", "BASE", "CASES", "Workspace", "cache_env", "tree_digest"]
