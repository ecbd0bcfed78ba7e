"""The base content built once per session (the site later builds are compared with)."""

from __future__ import annotations

from pathlib import Path

import pytest
from siteaudit import BASE, Workspace

from publisher_fixtures import built_workspace, copied_workspace


@pytest.fixture(scope="session")
def base_build(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Built once; tests copy what they need and never write into it."""
    return built_workspace(tmp_path_factory.mktemp("base"), BASE)


@pytest.fixture
def workspace(tmp_path: Path, base_build: Workspace,
              monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """content/ and an already published site/, both copies of the session's base build."""
    monkeypatch.chdir(tmp_path)
    return copied_workspace(tmp_path, BASE, base_build.site)
