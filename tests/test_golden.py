"""Golden files for rendered pages, as Pelican does them.

The example content is built into tmp_path and compared with tests/golden/. After an intended
change, run `pytest tests/test_golden.py --regen-golden` and review the diff before committing.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from generator.pipeline import BuildResult
from publisher_fixtures import PROJECT

GOLDEN = PROJECT / "tests" / "golden"
PAGES = ["index.html", "plans/mr-s-homicide/index.html", "plans/dhr-bdhr2011-12-03/index.html",
         "data/actions.csv"]
# Asset names carry content hashes, and the generator tag carries versions: neither is ours.
NORMALISE = [
    (re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)"), r".HASH.min.\1"),
    (re.compile(r'<meta name="generator" content="[^"]*">'), '<meta name="generator">'),
    (re.compile(r"\b20\d\d-\d\d-\d\d(T[0-9:.+Z-]+)?\b(?=[^<]*</lastmod>)"), "DATE"),
]


def normalise(text: str) -> str:
    for pattern, replacement in NORMALISE:
        text = pattern.sub(replacement, text)
    return text


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(example_build: tuple[Path, BuildResult], page: str,
                             regen_golden: bool) -> None:
    root, _ = example_build
    built = normalise((root / "site" / page).read_text())
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
