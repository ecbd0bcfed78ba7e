"""FOI test helpers and fixtures (a uniquely named module: `conftest` is ambiguous between
folders): the example content redacted once, and one release of FOI 47815 per session."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.content.load import load
from generator.content.validate import validate
from generator.foi.release import ReleaseOptions, ReleaseResult, release
from redaction import RedactedContent, redact_content

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT / "content"
AS_AT = date(2026, 11, 22)
REFERENCE = "47815"


def copy_example(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest)
    return dest


@pytest.fixture(scope="session")
def example_redacted() -> RedactedContent:
    return redact_content(validate(load(EXAMPLE)))


@pytest.fixture(scope="session")
def example_release(tmp_path_factory: pytest.TempPathFactory) -> ReleaseResult:
    root = tmp_path_factory.mktemp("release")
    return release(ReleaseOptions(REFERENCE, copy_example(root / "content"), root / "release",
                                  root / "reports", AS_AT))
