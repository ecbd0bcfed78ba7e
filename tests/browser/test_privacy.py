"""No reader's visit tells any other host about it: no fonts, analytics or CDNs."""

from __future__ import annotations

import pytest

from browser.conftest import OpenPage
from browser.pages import DESKTOP, MOBILE, PAGE_TYPES, open_search

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
def test_no_request_leaves_the_site(open_page: OpenPage, site_url: str,
                                    requests_made: list[str], width: int) -> None:
    page = open_page("", width)
    for path in PAGE_TYPES.values():
        page.goto(site_url + path)
    open_search(page)
    # The search worker's own requests are recorded too, so "none elsewhere" means something.
    assert any(url.endswith("/search/search_index.json") for url in requests_made)
    foreign = sorted({url for url in requests_made if not url.startswith(site_url)})
    assert not foreign
