"""What the browser tests visit and how: page types, widths, Chromium, axe-core."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
# Playwright's own browser download is unreachable here, so Debian's Chromium is driven
# directly. Nothing may talk to another host: the resolver knows only the test server.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP, TABLET, MOBILE, PHONE = 1280, 1000, 320, 375
HEIGHT = 900

# Every type of page the site has, by what a reader would call it.
PAGE_TYPES: dict[str, str] = {
    "home page": "",
    "action plan of one organisation": "plans/mr-s-homicide/",
    "multi-agency action plan": "plans/dhr-bdhr2011-12-03/",
    "list of action plans": "plans/",
    "list of overdue actions": "overdue/",
    "statement page": "thematic-review-statement/",
    "FOI disclosure log": "foi/",
    "FOI response": "foi/47815/",
    "accessibility statement": "accessibility/",
    "open data page": "data/",
}
SEARCH_RESULTS = "search results"
MENU = "navigation menu"
PLANS = ["plans/mr-s-homicide/", "plans/dhr-bdhr2011-12-03/"]
MULTI_AGENCY_PLAN = "plans/dhr-bdhr2011-12-03/"
SEARCH_TERM = "domestic"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks, heading
# order, named dialogs), which Material's defaults also break.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's rules for AXE_TAGS on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return list(AXE.run(page, options=options).response["violations"])


def axe_version(page: Page) -> str:
    page.evaluate(AXE.axe_script)
    return str(page.evaluate("axe.version"))


def open_search(page: Page, term: str = SEARCH_TERM) -> None:
    """Type into Material's search as a reader would, and wait for the results list."""
    button = page.locator(".md-header label.md-header__button[for='__search']")
    if button.is_visible():  # narrow screens: search sits behind an icon
        button.click()
    else:
        page.locator("input.md-search__input").click()
    # Material listens for keyup, so the term is typed, not filled in.
    page.locator("input.md-search__input").press_sequentially(term)
    page.locator(".md-search-result__item").first.wait_for()
    settle(page)


def open_menu(page: Page) -> None:
    """Open the navigation drawer of a narrow screen."""
    page.locator(".md-header label.md-header__button[for='__drawer']").click()
    page.locator(".md-sidebar--primary .md-nav__list a[href]").first.wait_for()
    settle(page)


def settle(page: Page) -> None:
    """Wait for CSS transitions to end: axe measures colours as they are at that moment."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def tag_interactive(page: Page) -> int:
    """Number every visible control a reader could operate; return how many there are.

    Material's header buttons are labels for hidden checkboxes, so they count. The search
    icon inside the search box does not: it repeats the box (focus opens search, Escape
    closes it).
    """
    return int(page.evaluate("""() => {
        const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
                  + '[tabindex]:not([tabindex="-1"]), label.md-header__button';
        let n = 0;
        for (const el of document.querySelectorAll(sel)) {
            if (el.closest('[hidden], [inert]') || el.disabled) continue;
            const r = el.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) continue;
            if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
            el.dataset.apControl = String(n++);
        }
        return n;
    }"""))


FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        control: el.dataset.apControl ?? null,
        html: el.outerHTML.slice(0, 160),
        outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
        boxShadow: s.boxShadow,
        inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
            && r.top < window.innerHeight && r.left < window.innerWidth,
        // Nothing on top of it (a sticky header, an open drawer): WCAG 2.2's 2.4.11.
        unobscured: (() => {
            const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
            const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
            const hit = document.elementFromPoint(x, y);
            return !!hit && (el === hit || el.contains(hit) || hit.contains(el));
        })(),
    };
}"""


def focused(page: Page) -> dict[str, Any] | None:
    result = page.evaluate(FOCUSED)
    return dict(result) if result else None


def focus_is_visible(state: dict[str, Any]) -> bool:
    ring = state["outlineStyle"] != "none" and state["outlineWidth"] >= 2
    return ring or state["boxShadow"] not in ("", "none")
