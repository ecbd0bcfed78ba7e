"""The scale benchmark's parts, and incremental builds, checked for what they produce (never timed).

benchmarks/build_scale.py times builds of synthetic plans; these tests keep its generator and
its baseline honest at N = 5, and check that a warm or incremental build publishes exactly
the bytes a full build would (search index included), while rebuilding only what changed.
"""

from __future__ import annotations

import itertools
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.content.load import load
from generator.pipeline import BuildOptions, build_site
from generator.site.incremental import load_state
from publisher_fixtures import file_tree

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "benchmarks"))
import build_scale  # noqa: E402
import scale_report  # noqa: E402
import synthetic  # noqa: E402

AS_AT = date(2026, 11, 22)


def differences(a: Path, b: Path) -> list[str]:
    left, right = file_tree(a), file_tree(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def test_synthetic_plans_are_valid_realistic_and_repeatable(tmp_path: Path) -> None:
    first = synthetic.write_content(tmp_path / "a", 5)
    again = synthetic.write_content(tmp_path / "b", 5)
    # Seeded: the same plans every run.
    assert file_tree(tmp_path / "a") == file_tree(tmp_path / "b")
    content = load(first.root)
    assert len(content.plans) == 5
    for doc in content.plans:
        assert doc.approved
        assert 5 <= len(doc.data.recommendations) <= 10
        for rec in doc.data.recommendations:
            assert 2 <= len(rec.actions) <= 5
    notes = [p for d in content.plans for r in d.data.recommendations for a in r.actions
             for p in a.progress]
    assert notes and all(p.date for p in notes)
    assert again.bytes == first.bytes


def test_names_appear_only_when_asked_for() -> None:
    markers = ("brother", "Contact ", "consultant psychiatrist", *synthetic.ALWAYS_REDACT)
    named = [synthetic.plan_yaml(i, names=True)[1] for i in range(40)]
    plain = [synthetic.plan_yaml(i, names=False)[1] for i in range(40)]
    assert any(marker in text for text in named for marker in markers)
    assert not any(marker in text for text in plain for marker in markers)


def test_editing_a_note_changes_one_plan_only(tmp_path: Path) -> None:
    synthetic.write_content(tmp_path, 5, names=False)
    before = file_tree(tmp_path)
    edited = synthetic.edit_progress_note(tmp_path, "marker-1")
    after = file_tree(tmp_path)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [edited.relative_to(tmp_path).as_posix()]
    assert b"marker-1" in after[changed[0]]
    load(tmp_path)  # still valid content


@pytest.mark.slow
def test_warm_and_incremental_builds_publish_what_a_full_build_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / ".cache"))
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / ".cache" / "redaction"))
    content = tmp_path / "content"
    synthetic.write_content(content, 5, names=False)

    def publish(site: str, *, use_cache: bool = True, up_to_date: bool = False) -> Path:
        result = build_site(BuildOptions(content, tmp_path / site, tmp_path / "reports", AS_AT,
                                         use_cache=use_cache))
        assert result.up_to_date == up_to_date
        return tmp_path / site

    def state() -> tuple[int, int]:
        found = load_state(next((tmp_path / ".cache" / "site").glob("*/build-state.pickle")))
        assert found is not None
        return found.reused, found.built

    site = publish("site")
    assert state()[0] == 0  # nothing to reuse the first time
    cold = file_tree(site)

    publish("site", up_to_date=True)  # nothing changed: nothing done (uptodate.py)
    assert file_tree(site) == cold
    # A file no page is made from: the whole pipeline runs again, and reuses every page.
    (content / "notes.txt").write_text("not content")
    publish("site")
    reused, built = state()
    assert built == 0 and reused > 0
    assert file_tree(site) == cold

    edited = synthetic.edit_progress_note(content, "marker-2")
    publish("site")
    reused, built = state()
    assert 1 <= built <= 3  # the plan's page and the data files it appears in
    assert differences(site, publish("full", use_cache=False)) == []
    page = (site / "plans" / edited.stem / "index.html").read_text()
    assert "marker-2" in page
    index = json.loads((site / "search" / "search_index.json").read_text())
    pages = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert {f"plans/{p.stem}/" for p in (content / "plans").glob("*.yaml")} <= pages
    assert any("marker-2" in entry["text"] for entry in index["docs"])


@pytest.mark.slow
def test_the_raw_mkdocs_baseline_builds_the_same_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CACHE", str(tmp_path / ".cache"))
    monkeypatch.setenv("PUBLISHER_REDACTION_CACHE", str(tmp_path / ".cache" / "redaction"))
    synthetic.write_content(tmp_path / "content", 5, names=False)
    build_site(BuildOptions(tmp_path / "content", tmp_path / "site", tmp_path / "reports", AS_AT))
    config = next((tmp_path / ".cache" / "site").glob("*/mkdocs.yml"))
    run = build_scale._raw_mkdocs(config, tmp_path / "raw")
    assert run.ok, run.error
    assert run.peak > 0
    ours = {name for name in file_tree(tmp_path / "site") if name.endswith(".html")}
    assert ours == {name for name in file_tree(tmp_path / "raw") if name.endswith(".html")}


def test_pagers_stay_short_however_many_pages(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import render as render_module
    from redaction import RedactedContent

    monkeypatch.setattr(render_module, "PAGE_SIZE", 2)
    synthetic.write_content(tmp_path / "content", 40, names=False)
    content = load(tmp_path / "content")
    render_module.render(RedactedContent(content), AS_AT, tmp_path / "docs")
    pages = sorted((tmp_path / "docs" / "plans").glob("page-*.md"))
    assert len(pages) == 19  # 40 plans, 2 a page: index.md and page-2 … page-20
    for page in [tmp_path / "docs" / "plans" / "index.md", *pages]:
        text = page.read_text()
        pager_links = text.count('href="../') - text.count('href="../../plans/plan-')
        assert pager_links <= 8, page.name


def test_a_pager_names_the_first_last_and_nearby_pages() -> None:
    from generator.site.render import pager

    for count in (1, 2, 7, 50, 500):
        for current in {n for n in (1, 2, count // 2, count - 1, count) if 1 <= n <= count}:
            numbers = pager(current, count)
            shown = [n for n in numbers if n is not None]
            assert shown == sorted(set(shown))
            assert {1, current, count} <= set(shown)
            assert len(numbers) <= 9
            assert all(b - a == 1 for a, b in itertools.pairwise(numbers)
                       if a is not None and b is not None)


def test_html_pages_skip_markdown_and_build_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.content.validate import validate
    from generator.site import build as build_module
    from generator.site.render import render
    from redaction import RedactedContent

    synthetic.write_content(tmp_path / "content", 5, names=False)
    for name, source in (("synthetic", tmp_path / "content"), ("example", PROJECT / "content")):
        rendered = render(RedactedContent(validate(load(source))), AS_AT, tmp_path / name)
        fast = build_module.build(rendered, tmp_path / f"{name}-fast",
                                  out=tmp_path / f"{name}-fast")
        with monkeypatch.context() as patch:
            patch.setattr(build_module.HtmlPages, "on_pre_page",
                          lambda self, page, config, files: page)
            slow = build_module.build(rendered, tmp_path / f"{name}-md",
                                      out=tmp_path / f"{name}-md")
        assert file_tree(fast.path) and differences(fast.path, slow.path) == []
        # Every page the templates make takes the fast path.
        for page in (tmp_path / name).rglob("*.md"):
            body = page.read_text().split("\n---\n", 1)[1].strip()
            assert body.startswith('<div class="ap') and build_module._one_block(body), page


def test_only_a_single_html_block_skips_markdown() -> None:
    from generator.site.build import _one_block

    assert _one_block('<div class="ap"><div>a</div>\n\n<p>b</p></div>')
    assert not _one_block('<div class="ap">a</div>\n\n<div class="ap">b</div>')
    assert not _one_block('<div class="ap"><div>a</div>')


def test_the_report_compares_the_same_plans_across_sizes(
        capsys: pytest.CaptureFixture[str]) -> None:
    Run, SizeResult = scale_report.Run, scale_report.SizeResult

    def size(n: int, pages: dict[str, int], plan: tuple[int, str], warm: float) -> SizeResult:
        runs = [Run(10.0, 500 * scale_report.MB, True)]
        return SizeResult(n, n * 1000, text_chars=n * 100, cold=runs, warm=[Run(warm, 1, True)],
                          incremental=runs, raw_mkdocs=[Run(20.0, 1, True)],
                          largest_page=max((s, p) for p, s in pages.items()), pages=pages,
                          largest_plan=plan)

    small = size(100, {"index.html": 50_000, "plans/index.html": 40_000,
                       "plans/plan-00005/index.html": 100_000,
                       "plans/plan-00007/index.html": 90_000}, (20_000, "plan-00005"), 2.0)
    big = size(1000, {**small.pages, "plans/page-2/index.html": 41_000,
                      "plans/plan-00900/index.html": 130_000}, (26_000, "plan-00900"), 8.0)
    text = scale_report.Throughput(1000, 10, ner=[70_000.0], redaction=[63_000.0])
    scale_report.report([small, big], text, 1, 60.0, None)
    out = capsys.readouterr().out
    # plans/page-2/ is a page of the list, not a plan; plan-00900 exists only in the bigger site.
    assert scale_report.plan_pages(big) == {"plan-00005": 100_000, "plan-00007": 90_000,
                                          "plan-00900": 130_000}
    assert "| largest page at 1,000 ≤ 1.2 × at 100 | 1.30 × | ≤ 1.20 | NO |" in out
    assert "| largest page of the same 2 plans at 1,000 ≤ 1.2 × at 100 | 1.00 × | ≤ 1.20 | yes |" \
        in out
    assert "| (for comparison: largest plan's YAML at 1,000 ÷ at 100) | 1.30 × |  | — |" in out
    assert "| 1,000 | 25.4 KB (plan-00900) | 127.0 KB | 97.7 KB (plan-00005) | 48.8 KB" in out
