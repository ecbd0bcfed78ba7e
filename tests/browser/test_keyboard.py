"""Keyboard only: skip link first, focus always visible, every control reachable by Tab."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from browser.conftest import OpenPage
from browser.pages import (
    DESKTOP,
    HEIGHT,
    MOBILE,
    MULTI_AGENCY_PLAN,
    PAGE_TYPES,
    TABLET,
    focus_is_visible,
    focused,
    tag_interactive,
)

pytestmark = pytest.mark.browser
MAX_STOPS = 400  # far more tab stops than any page has: a loop that never ends is a failure


def tab_through(page: Page) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves the page or comes round again."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        state = focused(page)
        if state is None:  # past the last control: the next Tab would start again
            return stops
        if stops and state["html"] == stops[0]["html"]:
            return stops
        stops.append(state)
    pytest.fail(f"more than {MAX_STOPS} tab stops: focus is trapped")


def tab_to(page: Page, selector: str) -> None:
    target = page.locator(selector)
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {selector}")


@pytest.mark.parametrize(("page_type", "width"), [
    ("home page", DESKTOP), ("multi-agency action plan", DESKTOP), ("FOI response", DESKTOP),
    ("home page", MOBILE),
])
def test_skip_link_is_the_first_tab_stop(open_page: OpenPage, page_type: str,
                                         width: int) -> None:
    page = open_page(PAGE_TYPES[page_type], width)
    page.keyboard.press("Tab")
    skip = page.locator("a.ap-skip")
    assert skip.evaluate("el => el === document.activeElement"), focused(page)
    assert skip.inner_text().strip() == "Skip to main content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab lands in the page's own content, past the header and the tabs.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#main-content')"), focused(page)


@pytest.mark.parametrize(("page_type", "width"), [
    *[(page_type, width) for page_type in ("home page", "multi-agency action plan",
                                           "FOI response") for width in (DESKTOP, MOBILE)],
    ("multi-agency action plan", TABLET),  # tabs hidden, menu button and search box shown
])
def test_every_control_is_reachable_with_visible_focus(open_page: OpenPage, page_type: str,
                                                       width: int) -> None:
    page = open_page(PAGE_TYPES[page_type], width)
    controls = tag_interactive(page)
    stops = tab_through(page)
    # Backwards too: going up, the page scrolls the other way, under the sticky header.
    backwards = []
    for _ in range(len(stops) - 1):
        page.keyboard.press("Shift+Tab")
        state = focused(page)
        if state is not None:
            backwards.append(state)
    hidden = [s["html"] for s in stops + backwards
              if not (s["inViewport"] and s["unobscured"])]
    assert not hidden, f"focus went to controls out of sight or covered: {hidden}"
    unmarked = [s["html"] for s in stops + backwards if not focus_is_visible(s)]
    assert not unmarked, f"focus not visibly marked on: {unmarked}"
    reached = {int(s["control"]) for s in stops if s["control"] is not None}
    missing = page.evaluate("""(reached) => [...document.querySelectorAll('[data-ap-control]')]
        .filter(el => !reached.includes(Number(el.dataset.apControl)))
        .map(el => el.outerHTML.slice(0, 160))""", sorted(reached))
    assert not missing, f"{len(missing)} of {controls} controls never reached by Tab: {missing}"


def test_menu_and_search_open_from_the_keyboard_on_a_phone(open_page: OpenPage) -> None:
    page = open_page("", MOBILE)
    tab_to(page, ".md-header label.md-header__button[for='__drawer']")
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    # Focus moves into the drawer, and Tab walks its links while it is open.
    links = page.locator(".md-sidebar--primary .md-nav__list a[href]")
    for i in range(links.count()):
        if i:
            page.keyboard.press("Tab")
        assert links.nth(i).evaluate("el => el === document.activeElement"), focused(page)
        state = focused(page)
        assert state is not None and state["inViewport"] and state["unobscured"], state
    page.keyboard.press("Escape")
    assert not page.locator("#__drawer").is_checked()
    page.goto(page.url)
    tab_to(page, ".md-header label.md-header__button[for='__search']")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("homicide")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Tab")
    state = focused(page)
    assert state is not None and state["inViewport"] and focus_is_visible(state), state


def test_agency_navigation_works_without_a_mouse(open_page: OpenPage) -> None:
    page = open_page(MULTI_AGENCY_PLAN)
    hrefs = page.locator(".ap-agencies a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 2, "the multi-agency plan should list its agencies"
    for href in (hrefs[0], hrefs[-1]):
        page.goto(page.url.split("#")[0])
        tab_to(page, f".ap-agencies a[href='{href}']")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{href}")
        top = page.locator(href).bounding_box()
        assert top is not None and 0 <= top["y"] < HEIGHT / 3, "the agency is not brought into view"
        # Focus continues from the agency's section: the next Tab stays inside it.
        page.keyboard.press("Tab")
        section = page.evaluate("document.activeElement.closest('section.ap-agency')"
                                "?.getAttribute('aria-labelledby')")
        assert f"#{section}" == href, focused(page)
        page.keyboard.press("Enter")  # "Back to the list of agencies"
        page.wait_for_url("**/#agencies")
