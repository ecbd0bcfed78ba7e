"""Reproducible builds: the same content and --as-at give the same site, byte for byte, whoever
builds it, wherever, whenever (sitemap dates, search index order, asset names, PDFs)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

from siteaudit import AS_AT, Workspace, cache_env, differences, differences_from_clean

PUBLISHER = Path(sys.executable).with_name("publisher")


def test_another_process_place_and_clock_build_the_same_bytes(
        base_build: Workspace, tmp_path: Path) -> None:
    """A new process with another hash seed, time zone, locale and working folder, the
    content somewhere else, and no redaction cache: nothing in site/ may differ."""
    content = tmp_path / "elsewhere" / "content"
    shutil.copytree(base_build.content, content)
    env = {**os.environ, **cache_env(tmp_path), "PYTHONHASHSEED": "4242",
           "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run(
        [str(PUBLISHER), "build", "--content", str(content), "--site", "out", "--reports",
         "reports", "--as-at", AS_AT, "--no-cache"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert differences(base_build.site, tmp_path / "out") == []


def test_a_rebuild_with_a_warm_cache_gives_the_same_bytes(
        base_build: Workspace, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = base_build.build(site=again)  # base_build's cache now holds every analysis
    assert result.exit_code == 0, result.output
    assert differences(base_build.site, again) == []


def test_dates_in_the_output_come_from_content_or_the_as_at_date(
        base_build: Workspace) -> None:
    # The sitemap dates each page by its last change in the content, never the build's date.
    sitemap = (base_build.site / "sitemap.xml").read_text()
    lastmods = set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap))
    assert lastmods and AS_AT not in lastmods
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) and d < AS_AT for d in lastmods)
    # The gzip header carries a time too: the newest of those dates, midnight UTC.
    header = (base_build.site / "sitemap.xml.gz").read_bytes()[:10]
    midnight = datetime.combine(date.fromisoformat(max(lastmods)), time(), tzinfo=UTC)
    assert int.from_bytes(header[4:8], "little") == int(midnight.timestamp())


def test_an_incremental_rebuild_is_the_same_as_a_clean_build(
        workspace: Workspace, base_build: Workspace, tmp_path: Path) -> None:
    """A build that reuses the last one's work (only changed pages rebuilt, search index
    merged) must give exactly what a build from nothing gives."""
    assert workspace.build().exit_code == 0  # now the workspace's caches are warm
    plan = workspace.content / "plans" / "river-review.yaml"
    page = workspace.content / "pages" / "statement.md"
    original = plan.read_text(), page.read_text()
    plan.write_text(original[0].replace("Train ward staff", "Train every ward team"))
    page.write_text(original[1] + "\nA new paragraph, and a word to search for: quinoa.\n")
    result = workspace.build()
    assert result.exit_code == 0, result.output

    assert differences_from_clean(workspace, tmp_path / "clean") == []
    assert "quinoa" in (workspace.site / "search" / "search_index.json").read_text()

    plan.write_text(original[0])
    page.write_text(original[1])
    assert workspace.build().exit_code == 0
    assert differences(base_build.site, workspace.site) == []
