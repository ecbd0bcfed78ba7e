"""axe-core on every page type at desktop and 320 px: WCAG 2.2 A and AA, zero violations."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Browser

from browser import axe_record
from browser.conftest import OpenPage
from browser.pages import (
    AXE_TAGS,
    DESKTOP,
    MENU,
    MOBILE,
    PAGE_TYPES,
    SEARCH_RESULTS,
    axe_version,
    axe_violations,
    open_menu,
    open_search,
)

pytestmark = pytest.mark.browser


def describe(found: axe_record.Found) -> str:
    lines = []
    for (page_type, width), violations in found.items():
        for v in violations:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
            summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ")[:300]
            lines.append(f"{page_type} at {width}px: {v['id']} ({v['impact']}): {v['help']}; "
                         f"{targets}; {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_every_page_type_passes_axe(open_page: OpenPage, site_url: str, browser: Browser,
                                    tmp_path_factory: pytest.TempPathFactory,
                                    width: int) -> None:
    found: axe_record.Found = {}
    missing = []
    page = open_page("", width)
    for page_type, path in PAGE_TYPES.items():
        response = page.goto(site_url + path)
        if response is None or not response.ok:
            missing.append(f"{page_type} ({path})")
            continue
        found[(page_type, width)] = axe_violations(page)
    page.goto(site_url)
    open_search(page)
    found[(SEARCH_RESULTS, width)] = axe_violations(page)
    if width == MOBILE:  # the navigation drawer only exists on narrow screens
        page.goto(site_url)
        open_menu(page)
        found[(MENU, width)] = axe_violations(page)
    assert not missing, f"page types missing from the built site: {missing}"
    everything = axe_record.add_part(axe_record.run_folder(tmp_path_factory), width, found)
    # Only a run that covered every width speaks for the site in its accessibility statement.
    if {w for _, w in everything} == {DESKTOP, MOBILE}:
        axe_record.write(everything, axe_core=axe_version(page),
                         browser=f"Chromium {browser.version}", tags=AXE_TAGS,
                         tested=date.today())
    assert not any(found.values()), describe(found)


def test_accessibility_statement_gives_the_last_result(open_page: OpenPage) -> None:
    """The statement quotes the record the previous complete run left (axe_record.RESULT_FILE)."""
    assert axe_record.RESULT_FILE.exists(), "no axe record: run the browser suite once"
    page = open_page(PAGE_TYPES["accessibility statement"])
    testing = page.locator("#testing ~ p").filter(has_text="Tested on").first.inner_text()
    assert re.match(r"Tested on \d{1,2} \w+ \d{4} with axe-core \d+\.\d+", testing), testing
    assert testing.endswith(("no issues found.", "found:"))
