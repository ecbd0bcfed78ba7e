"""A known-good site, built once per session; each bad-input case starts from a copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from badinput import BASE, Workspace

from publisher_fixtures import built_workspace, copied_workspace


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base content built once: the site every case must leave exactly as it was."""
    return built_workspace(tmp_path_factory.mktemp("good"), BASE).site


@pytest.fixture
def workspace(tmp_path: Path, good_site: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.chdir(tmp_path)  # anything written relative to the working folder stays here
    return copied_workspace(tmp_path, BASE, good_site)
