"""The DHR seed plan as a workbook and a Word table, made once per test module."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import build_docx, build_workbook


@pytest.fixture(scope="module")
def dhr_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("dhr") / "dhr-bdhr2011-12-03.xlsx")


@pytest.fixture(scope="module")
def dhr_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_docx(tmp_path_factory.mktemp("dhr") / "dhr-bdhr2011-12-03.docx")
