"""Golden files of what WE render, as Pelican does them: the Markdown pages (front matter and
our HTML block) that generator/site/render.py hands to MkDocs, and the data files; not the
theme's page frame around them, so a theme update does not rewrite every golden.

The example content is built into tmp_path and compared with tests/golden/. After an intended
change, run `pytest tests/test_golden.py --regen-golden` and review the diff before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.cache import site_cache_dir
from generator.pipeline import BuildResult
from publisher_fixtures import PROJECT

GOLDEN = PROJECT / "tests" / "golden"
# Relative to the rendered docs folder (what MkDocs builds from).
PAGES = ["index.md", "plans/mr-s-homicide.md", "plans/dhr-bdhr2011-12-03.md",
         "data/actions.csv"]


@pytest.mark.parametrize("page", PAGES)
def test_rendered_page_matches_golden(example_build: tuple[Path, BuildResult], page: str,
                                      regen_golden: bool) -> None:
    root, _ = example_build
    docs = site_cache_dir(root / "content", root / "site", root / ".cache") / "docs"
    built = (docs / page).read_text()
    golden = GOLDEN / page
    if regen_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(built)
    expected = golden.read_text()
    if built != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), built.splitlines(),
                                              "golden", "built", lineterm="", n=2))
        pytest.fail(f"{page} differs from tests/golden/{page} (regenerate with --regen-golden "
                    f"if intended):\n{diff[:4000]}")


def test_the_built_data_file_is_the_rendered_one(example_build: tuple[Path, BuildResult]) -> None:
    """The theme does not touch our data files: what is published is what we rendered."""
    root, _ = example_build
    docs = site_cache_dir(root / "content", root / "site", root / ".cache") / "docs"
    assert (root / "site" / "data" / "actions.csv").read_bytes() == (
        docs / "data" / "actions.csv").read_bytes()
