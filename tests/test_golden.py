"""Golden files of what WE render, as Pelican does them: the Markdown pages (front matter and
our HTML block) that generator/site/render.py hands to MkDocs, and the data files; not the
theme's page frame around them, so a theme update does not rewrite every golden.

The example content is built into tmp_path and compared with tests/golden/. After an intended
change, run `pytest tests/test_golden.py --regen-golden` and review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import BuildResult
from publisher_fixtures import PROJECT, assert_matches_golden, rendered_docs

GOLDEN = PROJECT / "tests" / "golden"
# Relative to the rendered docs folder (what MkDocs builds from).
PAGES = ["index.md", "plans/mr-s-homicide.md", "plans/dhr-bdhr2011-12-03.md",
         "data/actions.csv"]


@pytest.mark.parametrize("page", PAGES)
def test_rendered_page_matches_golden(example_build: tuple[Path, BuildResult], page: str,
                                      regen_golden: bool) -> None:
    root, _ = example_build
    assert_matches_golden(root, page, GOLDEN, regen_golden)


def test_the_built_data_file_is_the_rendered_one(example_build: tuple[Path, BuildResult]) -> None:
    """The theme does not touch our data files: what is published is what we rendered."""
    root, _ = example_build
    assert (root / "site" / "data" / "actions.csv").read_bytes() == (
        rendered_docs(root) / "data" / "actions.csv").read_bytes()
