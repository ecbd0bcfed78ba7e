"""The base content built once per session (the site later builds are compared with)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from siteaudit import BASE, Workspace


@pytest.fixture(scope="session")
def base_build(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Built once; tests copy what they need and never write into it."""
    space = Workspace(tmp_path_factory.mktemp("base"))
    shutil.copytree(BASE, space.content)
    result = space.build()
    assert result.exit_code == 0, result.output
    return space


@pytest.fixture
def workspace(tmp_path: Path, base_build: Workspace,
              monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """content/ and an already published site/, both copies of the session's base build."""
    space = Workspace(tmp_path)
    shutil.copytree(BASE, space.content)
    shutil.copytree(base_build.site, space.site)
    monkeypatch.chdir(tmp_path)
    return space
