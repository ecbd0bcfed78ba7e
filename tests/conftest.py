"""Shared fixtures: a minimal valid content folder to break, and built example sites."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import BuildOptions, BuildResult, build_site
from publisher_fixtures import AS_AT, EXAMPLE, private_caches, write_content


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite tests/golden/ from this build; review the diff before commit")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def content_dir(tmp_path: Path) -> Callable[..., Path]:
    def make(plans: dict[str, str] | None = None, extra: dict[str, str] | None = None) -> Path:
        return write_content(tmp_path / "content", plans, extra)

    return make


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The example content, built once per test process."""
    root = tmp_path_factory.mktemp("example")
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    with private_caches(root):
        result = build_site(BuildOptions(content, root / "site", root / "reports", AS_AT))
    return root, result
