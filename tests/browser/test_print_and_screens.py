"""A plan printed from Chromium, and screenshots of what readers see on desktop and phone."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser.conftest import OpenPage
from browser.pages import DESKTOP, PAGE_TYPES, PHONE, PLANS, settle
from browser.test_reading import published_actions
from generator.site.render import TEMPLATES

pytestmark = pytest.mark.browser
SCREENSHOTS = TEMPLATES.parent / "reports" / "screenshots"
A4_PRINTABLE_PX = 680  # 210 mm less 2 × 15 mm margins, at 96 px per inch


def squash(text: str) -> str:
    """PDF text extraction breaks lines anywhere: compare without whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", PLANS)
def test_printed_plan_keeps_every_action_and_drops_the_chrome(
        open_page: OpenPage, built_site: Path, path: str) -> None:
    expected = published_actions(built_site, path)
    page = open_page(path)
    main_text = squash(page.locator("#main-content").inner_text())
    chrome = page.evaluate("""() => [
        ...[...document.querySelectorAll('.md-tabs__link, .md-footer a, .ap-skip')]
            .map(e => e.textContent.trim()),
        document.querySelector('.md-search__input').placeholder,
        document.querySelector('.ap-footer__title')?.textContent.trim(),
    ].filter(Boolean)""")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 900})
    cut = page.evaluate("""() => [...document.querySelectorAll('.md-content table')]
        .filter(t => t.getBoundingClientRect().right
                     > document.querySelector('.md-content').getBoundingClientRect().right + 1)
        .map(t => t.querySelector('caption')?.innerText)""")
    assert not cut, f"tables wider than the printed page: {cut}"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = squash(" ".join(p.extract_text() for p in pdf.pages))
    for ref in expected:
        assert squash(f"Action {ref}") in text, f"action {ref} is missing from the print"
    for status in set(expected.values()):
        count = sum(1 for s in expected.values() if s == status)
        assert text.count(squash(status)) >= count, f"{status} is missing from the print"
    leaked = [c for c in chrome if squash(c) not in main_text and squash(c) in text]
    assert not leaked, f"navigation printed: {leaked}"


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("page_type", ["home page", "multi-agency action plan"])
def test_screenshot(open_page: OpenPage, page_type: str, width: int) -> None:
    """Saved for people to look at; the page must not scroll sideways at this width."""
    page = open_page(PAGE_TYPES[page_type], width)
    settle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "home" if page_type == "home page" else "plan"
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
