"""Change notes end to end: approve --note shows on the page, in both feeds and in the sitemap;
approve --minor shows in none of them. Feeds are valid Atom (RFC 4287) and built from content
only."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from generator.cli import cli
from generator.pipeline import BuildOptions, build_site
from publisher_fixtures import AS_AT

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
NOTE = "Action 1.1 is complete: the policy was reviewed at the November audit."


def approve(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["approve", str(path), "--by", "Head of IG", *args])
    return result.exit_code, result.output


def build(content: Path, site: Path, as_at: date = AS_AT) -> Path:
    build_site(BuildOptions(content, site, site.parent / "reports", as_at))
    return site


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def lastmod(site: Path, page: str) -> str | None:
    sitemap = etree.parse(str(site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for url in sitemap.findall("s:url", ns):
        if url.findtext("s:loc", namespaces=ns).endswith(page):
            return url.findtext("s:lastmod", namespaces=ns)
    raise AssertionError(f"{page} not in the sitemap")


def check_atom(text: str) -> list[etree._Element]:
    """RFC 4287's required elements, and our promises: newest first, unique ids."""
    feed = etree.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text.strip()
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert entry.findtext(f"{ATOM}summary").strip()
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    days = [e.findtext(f"{ATOM}updated") for e in entries]
    assert days == sorted(days, reverse=True)
    if entries:
        assert feed.findtext(f"{ATOM}updated") == days[0]
    assert len(entries) <= 100
    return entries


def test_a_note_shows_everywhere_and_a_minor_change_nowhere(
        content_dir: Callable[..., Path], tmp_path: Path) -> None:
    content = content_dir()
    plan = content / "plans" / "test-plan.yaml"
    assert approve(plan, "--date", "2026-11-01")[0] == 0  # first approval: no note needed
    first = build(content, tmp_path / "first")
    page = read(first, "plans/test-plan/index.html")
    assert "Published" in page and "Last updated" in page
    assert "All updates to this plan" not in page
    assert lastmod(first, "plans/test-plan/") == "2020-09-01"

    # A real change: the action is complete. Approving it without saying so is refused.
    plan.write_text(plan.read_text().replace("status: in-progress", "status: complete")
                    .replace("            text: Work has started.\n",
                             "            text: Work has started.\n"
                             "          - date: 2026-11-10\n"
                             "            text: Policy reviewed and reissued.\n"))
    code, output = approve(plan, "--date", "2026-11-15")
    assert code == 1
    assert "has changed since it was approved on 1 November 2026" in output
    assert "--note" in output and "--minor" in output
    assert approve(plan, "--date", "2026-11-15", "--note", NOTE)[0] == 0
    noted = build(content, tmp_path / "noted")
    page = read(noted, "plans/test-plan/index.html")
    assert re.search(r"<dt>Last updated</dt><dd><time datetime=\"2026-11-15\">15 November "
                     r"2026</time> \(<a href=\"#updates\">see all updates</a>\)", page)
    assert NOTE in page
    assert re.search(r"Now complete: <a href=\"#action-1-1\">action 1.1</a>", page)
    assert 'href="feed.atom"' in page and "Get updates to this plan" in page
    for feed in ("feed.atom", "plans/test-plan/feed.atom"):
        entries = check_atom(read(noted, feed))
        assert entries[0].findtext(f"{ATOM}summary") == NOTE
        assert entries[0].findtext(f"{ATOM}id") == (
            "https://www.example.nhs.uk/action-plans/plans/test-plan/#update-1")
        assert entries[0].findtext(f"{ATOM}updated") == "2026-11-15T00:00:00Z"
    assert lastmod(noted, "plans/test-plan/") == "2026-11-15"
    assert lastmod(noted, "action-plans/") == "2026-11-15"  # the home page lists it

    # A typo fixed with --minor: approved, but no reader is told.
    plan.write_text(plan.read_text().replace("used by the tests", "used by the tests."))
    assert approve(plan, "--date", "2026-11-20", "--minor")[0] == 0
    minor = build(content, tmp_path / "minor")
    page = read(minor, "plans/test-plan/index.html")
    assert "used by the tests." in page
    assert "20 November 2026" not in page and 'datetime="2026-11-20"' not in page
    for feed in ("feed.atom", "plans/test-plan/feed.atom"):
        assert read(minor, feed) == read(noted, feed)
    assert lastmod(minor, "plans/test-plan/") == "2026-11-15"


def test_feeds_are_built_from_content_not_the_clock(content_dir: Callable[..., Path],
                                                    tmp_path: Path) -> None:
    content = content_dir()
    early = build(content, tmp_path / "early", date(2026, 1, 1))
    late = build(content, tmp_path / "late", date(2027, 6, 30))
    for feed in ("feed.atom", "plans/test-plan/feed.atom"):
        assert read(early, feed) == read(late, feed)
    entries = check_atom(read(early, "feed.atom"))
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Published: Test plan"]


def test_every_page_links_the_feeds_relatively(example_build: tuple[Path, object]) -> None:
    root, _ = example_build
    site = root / "site"
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
        assert links, path
        assert all('href="http' not in link for link in links), path
    plan = read(site, "plans/mr-s-homicide/index.html")
    assert 'title="Updates to Mr S homicide action plan" href="feed.atom"' in plan
    check_atom(read(site, "feed.atom"))
    check_atom(read(site, "plans/mr-s-homicide/feed.atom"))


def test_the_example_site_feed_lists_plans_and_foi(example_build: tuple[Path, object]) -> None:
    root, _ = example_build
    entries = check_atom(read(root / "site", "feed.atom"))
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    base = "https://www.example.nhs.uk/action-plans/"
    assert {f"{base}plans/mr-s-homicide/", f"{base}plans/dhr-bdhr2011-12-03/",
            f"{base}foi/47815/"} <= links


def test_change_notes_are_redacted_and_feeds_are_scanned(content_dir: Callable[..., Path],
                                                         tmp_path: Path) -> None:
    from redaction.extract import segments

    content = content_dir()
    (content / "redaction.yaml").write_text((content / "redaction.yaml").read_text().replace(
        "always_redact: []", "always_redact: [Wilhelmina Quarrington]"))
    plan = content / "plans" / "test-plan.yaml"
    assert approve(plan, "--date", "2026-11-01")[0] == 0
    plan.write_text(plan.read_text().replace("Review the policy.", "Review the policies."))
    code, output = approve(plan, "--date", "2026-11-15", "--note",
                           "Updated after Wilhelmina Quarrington's family asked.")
    assert code == 0, output
    site = build(content, tmp_path / "site")
    for feed in ("feed.atom", "plans/test-plan/feed.atom"):
        text = read(site, feed)
        assert "Quarrington" not in text and "Wilhelmina" not in text
        assert "[redacted]" in text
        # The leak gate reads an Atom file's text, as it does a page's.
        words = " ".join(s.text for s in segments(feed, text.encode()))
        assert "Updated after [redacted]" in words
    assert "Quarrington" not in read(site, "plans/test-plan/index.html")


def test_status_changes_under_each_note_come_from_the_dated_content() -> None:
    import yaml

    from generator.content.models import ActionPlan
    from generator.presentation.updates import plan_dated
    from publisher_fixtures import PLAN_YAML

    data = yaml.safe_load(PLAN_YAML)
    data["published"] = "2026-01-01"
    first, = data["recommendations"][0]["actions"]
    first.update(target="2026-06-30", progress=[{"date": "2026-02-01", "text": "Started."}])
    second = {**first, "ref": "1.2", "status": "complete", "target": "2026-12",
              "progress": [{"date": "2026-07", "text": "Done."}]}
    data["recommendations"][0]["actions"].append(second)
    data["changes"] = [{"date": "2026-03-01", "note": "Spring review."},
                       {"date": "2026-08-01", "note": "Summer review."}]
    dated = plan_dated(ActionPlan.model_validate(data))
    assert [c.note for c in dated.changes] == ["Summer review.", "Spring review."]
    summer, spring = dated.changes
    assert (spring.completed, spring.overdue) == ((), ())
    # 1.1 was due by 30 June and is not complete; 1.2's newest update (July) is in the window.
    assert summer.overdue == (("1.1", "action-1-1"),)
    assert summer.completed == (("1.2", "action-1-2"),)
    assert (dated.published_iso, dated.updated_iso) == ("2026-01-01", "2026-08-01")
    assert [c.anchor for c in dated.changes] == ["update-2", "update-1"]
