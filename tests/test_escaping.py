"""Titles are escaped by our render stage, not by a theme plugin: the Markdown and front matter
we hand to MkDocs already hold them as escaped text, so a theme that ignores MkDocs plugins
(Zensical) cannot turn the escaping off."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cache import cache_root
from generator.pipeline import BuildOptions, build_site
from publisher_fixtures import AS_AT, PLAN_YAML, cache_env, write_content

TITLE = '<script>alert(1)</script> & "Mr S"'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Mr S&#34;"
PAGE = f"""---
title: {json.dumps(TITLE)}
published: 2020-09
approval:
  status: approved
  by: Head of Communications
  date: 2020-09-01
---
A free page.
"""


class _Text(HTMLParser):
    """The text of every element named `tag` (and whether a <script> holds the payload)."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag, self.inside, self.found, self.live_script = tag, 0, [], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            self.inside += 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag:
            self.inside -= 1

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and "alert(1)" in data:
            self.live_script = True
        if self.inside:
            self.found[-1] += data


def _texts(html: str, tag: str) -> tuple[list[str], bool]:
    parser = _Text(tag)
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.found], parser.live_script


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("escaping")
    content = root / "content"
    write_content(content, {"hostile": PLAN_YAML.replace("title: Test plan",
                                                         f"title: {json.dumps(TITLE)}")},
                  {"pages/hostile-page.md": PAGE})
    env = cache_env(root)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        build_site(BuildOptions(content, root / "site", root / "reports", AS_AT))
        docs = next((cache_root() / "site").iterdir()) / "docs"
        (root / "docs").symlink_to(docs)
    return root


def test_our_rendered_markdown_holds_the_title_escaped(built: Path) -> None:
    plan = (built / "docs" / "plans" / "hostile.md").read_text()
    assert f'title: "{ESCAPED}"' in plan.replace('\\"', '"')
    assert TITLE not in plan


@pytest.mark.parametrize("page", ["plans/hostile/index.html", "hostile-page/index.html"])
def test_title_is_text_in_title_heading_and_nav(built: Path, page: str) -> None:
    html = (built / "site" / page).read_text()
    titles, live = _texts(html, "title")
    assert not live
    assert titles and titles[0].startswith(TITLE)
    assert TITLE in _texts(html, "h1")[0]
    if page.startswith("hostile-page"):
        assert TITLE in _texts(html, "nav")[0][0]


def test_search_index_holds_the_title_escaped(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text())
    titles = [doc["title"] for doc in index["docs"]]
    assert TITLE not in titles
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in t for t in titles)
