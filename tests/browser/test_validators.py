"""Outside validators on every type of page of the built example site: the W3C Nu HTML Checker
(valid HTML) and pa11y with HTML_CodeSniffer (WCAG 2 AA), 0 errors each. Installed by
`make validators` (npm packages pinned in validators/, Debian's Java and Chromium)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from browser.conftest import _QuietHandler
from browser.pages import CHROMIUM, PAGE_TYPES

PROJECT = Path(__file__).resolve().parents[2]
VALIDATORS = PROJECT / "validators"
VNU = VALIDATORS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = VALIDATORS / "pa11y-run.js"
BASE_PATH = "action-plans/"  # the example site's base_url path: the 404 page's links use it


def _need(tool: str, path: Path | None = None) -> None:
    if (path is not None and not path.exists()) or shutil.which(tool) is None:
        pytest.fail(f"{path or tool} is missing: run `make validators`")


def test_nu_html_checker_finds_no_errors_on_any_page(built_site: Path) -> None:
    """One JVM over every HTML file: pages of every type, the 404 page, search."""
    _need("java", VNU)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         str(built_site)], capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == []
    assert len(list(built_site.rglob("*.html"))) >= len(PAGE_TYPES)


@pytest.fixture(scope="module")
def deployed_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served at its base_url's path, as deployed: the 404 page's links resolve."""
    root = tmp_path_factory.mktemp("deployed")
    (root / BASE_PATH.strip("/")).symlink_to(built_site, target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{BASE_PATH}"
    server.shutdown()
    server.server_close()


def test_pa11y_finds_no_errors_on_any_page_type(deployed_url: str) -> None:
    """One page of each type, and the 404 page, in one browser."""
    _need("node", PA11Y)
    urls = [deployed_url + path for path in PAGE_TYPES.values()]
    urls.append(deployed_url + "404.html")
    env = {**os.environ, "CHROMIUM": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(["node", str(PA11Y), *urls], capture_output=True, text=True,
                            timeout=300, check=False, env=env, cwd=VALIDATORS)
    assert result.returncode == 0, result.stderr
    issues = json.loads(result.stdout)
    assert set(issues) == set(urls)
    errors = [f"{url.removeprefix(deployed_url) or '/'}: {i['code']}: {i['message']} "
              f"({i['selector']})" for url, found in issues.items() for i in found
              if i["type"] == "error"]
    assert errors == []
