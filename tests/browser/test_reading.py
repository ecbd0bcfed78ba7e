"""What every reader gets: words not colours, full plans without JavaScript, tables, titles."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import OpenPage
from browser.pages import MOBILE, PAGE_TYPES, PLANS
from generator.content.status import ORDER

pytestmark = pytest.mark.browser
LABELS = {s.key: s.label for s in ORDER}
# Pages that show action statuses: their tags must carry exactly the status word.
STATUS_PAGES = ["home page", "list of action plans", "list of overdue actions",
                "action plan of one organisation", "multi-agency action plan"]


def published_actions(site: Path, path: str) -> dict[str, str]:
    """ref → status word, from the plan's open data (built from the same content)."""
    slug = path.strip("/").split("/")[-1]
    data = json.loads((site / "data" / "plans.json").read_text())
    plan = next(p for p in data["plans"] if p["slug"] == slug)
    return {a["ref"]: a["shown_status"] for r in plan["recommendations"] for a in r["actions"]}


@pytest.mark.parametrize("path", PLANS)
def test_every_action_and_status_is_readable_without_javascript(
        open_page: OpenPage, built_site: Path, path: str) -> None:
    expected = published_actions(built_site, path)
    page = open_page(path, javascript=False)
    assert page.evaluate("document.documentElement.classList.contains('no-js')")
    shown: dict[str, str] = {}
    articles = page.locator("article.ap-action")
    for i in range(articles.count()):
        article = articles.nth(i)
        assert article.is_visible()
        title = article.locator(".ap-action__title")
        ref = re.fullmatch(r"Action (\S+)", title.evaluate(
            "h => h.firstChild.textContent.trim()"))
        assert ref, title.inner_text()
        tag = title.locator(".ap-tag")
        assert tag.is_visible()
        shown[ref.group(1)] = tag.inner_text().strip()
    assert shown == expected
    rows = page.locator("table.ap-table tbody tr")
    table = {rows.nth(i).locator("th").inner_text().strip():
             rows.nth(i).locator(".ap-tag").inner_text().strip() for i in range(rows.count())}
    assert table == expected
    assert rows.first.is_visible()


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_status_is_never_colour_alone(open_page: OpenPage, page_type: str) -> None:
    page = open_page(PAGE_TYPES[page_type])
    tags: list[dict[str, Any]] = page.locator(".ap-tag").evaluate_all(
        "els => els.map(e => ({cls: [...e.classList], text: e.innerText.trim(),"
        " visible: e.checkVisibility()}))")
    for tag in tags:
        assert tag["visible"] and re.search(r"[A-Za-z]{2,}", tag["text"]), tag
        if page_type in STATUS_PAGES:
            keys = [c.removeprefix("ap-tag--") for c in tag["cls"] if c.startswith("ap-tag--")]
            assert [LABELS[k] for k in keys] == [tag["text"]], tag
    if page_type in STATUS_PAGES and page_type != "list of action plans":
        assert tags, "a page listing actions shows their status"


@pytest.mark.parametrize("page_type", ["home page", "list of action plans",
                                       "action plan of one organisation",
                                       "multi-agency action plan"])
def test_progress_bars_have_a_role_a_name_and_a_text_value(open_page: OpenPage,
                                                           page_type: str) -> None:
    page = open_page(PAGE_TYPES[page_type])
    bars = page.locator(".ap-progress")
    assert bars.count() > 0
    assert page.get_by_role("progressbar").count() == bars.count()
    for i in range(bars.count()):
        bar = bars.nth(i)
        text = bar.locator(".ap-progress__text").inner_text().strip()
        done, total, percent = map(int, re.fullmatch(
            r"(\d+) of (\d+) actions complete \((\d+)%\)", text).groups())
        assert percent == round(100 * done / total)
        assert bar.locator("progress").get_attribute("value") == str(percent)
        # What a screen reader announces: role, name and the same words as the text.
        tree = bar.aria_snapshot()
        assert re.search(r'progressbar "Share of actions complete in [^"]+"', tree), tree
        assert bar.locator("progress").get_attribute("aria-valuetext") == text


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_tables_have_captions_and_header_scope(open_page: OpenPage, page_type: str) -> None:
    page = open_page(PAGE_TYPES[page_type])
    problems = page.evaluate("""() => [...document.querySelectorAll('.md-content table')]
        .flatMap(t => {
            const out = [];
            const caption = t.querySelector('caption');
            if (!caption || !caption.innerText.trim()) out.push('table without a caption');
            for (const th of t.querySelectorAll('th'))
                if (!['col', 'row'].includes(th.getAttribute('scope')))
                    out.push('th without scope: ' + th.innerText.slice(0, 40));
            const wrap = t.closest('[role=region]');
            if (wrap && document.getElementById(wrap.getAttribute('aria-labelledby')) !== caption)
                out.push('scrolling region not named by the caption');
            return out;
        })""")
    assert not problems


def test_pages_are_british_english_with_meaningful_titles(open_page: OpenPage,
                                                         site_url: str) -> None:
    page = open_page()
    site_name = page.locator(".md-header__topic").first.inner_text().strip()
    titles = {}
    for page_type, path in PAGE_TYPES.items():
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.lang") == "en-GB"
        heading = page.locator("h1").first.inner_text().strip()
        title = page.title()
        titles[title] = page_type
        if page_type == "home page":  # the site, then who publishes it
            assert title.startswith(f"{site_name} - ") and not title.endswith(site_name), title
        else:  # the page, then the site
            assert title.endswith(f" - {site_name}") and heading in title, title
    assert len(titles) == len(PAGE_TYPES), f"two page types share a title: {titles}"


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_pages_reflow_at_320_pixels(open_page: OpenPage, page_type: str) -> None:
    """WCAG 1.4.10: nothing sideways-scrolls at 320 px except data tables in their region."""
    page = open_page(PAGE_TYPES[page_type], MOBILE)
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => !el.closest('.ap-table-wrap, .md-sidebar, .md-search, .md-skip, svg'))
        .filter(el => el.checkVisibility() && el.getBoundingClientRect().right
                      > document.documentElement.clientWidth + 1)
        .map(el => el.outerHTML.slice(0, 120))""")
    assert not wide
    # Tables of plans, actions and FOI responses become cards: they do not scroll either.
    scrolling = page.evaluate("""() => [...document.querySelectorAll('.ap-table--cards')]
        .map(t => t.closest('.ap-table-wrap'))
        .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1)
        .map(wrap => wrap.getAttribute('aria-labelledby'))""")
    assert not scrolling
