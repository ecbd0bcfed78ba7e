"""Every cache is keyed by a hash of the whole code and templates (generator/cache.py code_key),
not by a list of files: a change anywhere in them shows in the next warm build."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cache
from generator.content import models
from generator.pipeline import BuildOptions, build_site
from generator.site import render
from publisher_fixtures import AS_AT, cache_env, write_content

OLD_LABEL, NEW_LABEL = "Independent homicide review", "Independent homicide inquiry"
OLD_HEADING, NEW_HEADING = ">Progress</h2>", ">Progress so far</h2>"


@pytest.fixture
def hashed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The hashed roots and the templates pointed at a copy of them, which the test edits."""
    copy = tmp_path / "code"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    roots = []
    for root in cache.HASHED_ROOTS:
        shutil.copytree(root, copy / root.name, ignore=skip)
        roots.append(copy / root.name)
    monkeypatch.setattr(cache, "HASHED_ROOTS", roots)
    monkeypatch.setattr(render, "TEMPLATES", copy / "site_templates")
    for name, value in cache_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    cache.code_key.cache_clear()
    yield copy
    cache.code_key.cache_clear()  # the next test hashes the real code again


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_label_in_the_code_and_a_word_in_a_template_show_in_the_next_warm_build(
        hashed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = BuildOptions(write_content(tmp_path / "content"), tmp_path / "site",
                           tmp_path / "reports", AS_AT)
    page = tmp_path / "site" / "plans" / "test-plan" / "index.html"
    build_site(options)
    assert OLD_LABEL in page.read_text() and OLD_HEADING in page.read_text()
    key = cache.code_key()

    # An upgrade: one label in the code, one word in a template. The running code gets the
    # label too (the copy's source is what is hashed, the imported module is what runs).
    _replace(hashed_copy / "generator" / "content" / "models.py", OLD_LABEL, NEW_LABEL)
    monkeypatch.setitem(models.KIND_LABELS, "independent-homicide-review", NEW_LABEL)
    _replace(hashed_copy / "site_templates" / "pages" / "plan.md.j2", "Progress</h2>",
             "Progress so far</h2>")
    cache.code_key.cache_clear()  # a new process after the upgrade
    assert cache.code_key() != key

    build_site(options)  # warm: the parse, render, build and scan caches are all there
    text = page.read_text()
    assert NEW_LABEL in text and OLD_LABEL not in text
    assert NEW_HEADING in text and OLD_HEADING not in text


def test_the_key_is_computed_once_per_process_and_quickly() -> None:
    cache.code_key.cache_clear()
    start = time.perf_counter()
    key = cache.code_key()
    took = time.perf_counter() - start
    assert cache.code_key() is key  # the second call is the cached string
    assert took < 2.0, f"hashing the code took {took:.2f} s"
