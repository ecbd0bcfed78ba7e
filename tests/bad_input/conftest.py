"""A known-good site, built once per session; each bad-input case starts from a copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from badinput import BASE, Workspace


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base content built once: the site every case must leave exactly as it was."""
    space = Workspace(tmp_path_factory.mktemp("good"))
    shutil.copytree(BASE, space.content)
    result = space.build()
    assert result.exit_code == 0, result.output
    return space.site


@pytest.fixture
def workspace(tmp_path: Path, good_site: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    space = Workspace(tmp_path)
    shutil.copytree(BASE, space.content)
    shutil.copytree(good_site, space.site)
    monkeypatch.chdir(tmp_path)  # anything written relative to the working folder stays here
    return space
