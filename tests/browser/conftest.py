"""The built example site served on 127.0.0.1, one headless Chromium per test process."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browser.pages import CHROMIUM, CHROMIUM_ARGS, DESKTOP, HEIGHT
from generator.pipeline import BuildResult

OpenPage = Callable[..., Page]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    """The browser drops connections it no longer needs (a page left mid-download): that is
    not a test failure, and a traceback for it would hide the real ones."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(example_build: tuple[Path, BuildResult]) -> Path:
    """The example content built as at 2026-11-22 (tests/conftest.py builds it once)."""
    return example_build[0] / "site"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The site over HTTP on an ephemeral port: search's worker will not load from file://."""
    server = _QuietServer(("127.0.0.1", 0),
                          partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def requests_made() -> list[str]:
    """Every URL any page in the test asked for, including the search worker's."""
    return []


@pytest.fixture
def open_page(browser: Browser, site_url: str, requests_made: list[str]) -> Iterator[OpenPage]:
    """open_page(path, width=1280, javascript=True): a page of the site in a fresh context.

    After the test, every request any of its pages made must have gone to the site itself.
    """
    contexts = []

    def open_(path: str = "", width: int = DESKTOP, javascript: bool = True) -> Page:
        context = browser.new_context(viewport={"width": width, "height": HEIGHT},
                                      java_script_enabled=javascript, reduced_motion="reduce")
        context.on("request", lambda request: requests_made.append(request.url))
        contexts.append(context)
        page = context.new_page()
        response = page.goto(site_url + path)
        assert response is not None and response.ok, f"{site_url + path} did not load"
        return page

    yield open_
    for context in contexts:
        context.close()
    foreign = [url for url in requests_made
               if not url.startswith(site_url) and not url.startswith(("data:", "blob:"))]
    assert not foreign, f"requests to other hosts: {foreign}"
