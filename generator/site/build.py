"""build: MkDocs + Material into a staging folder; generator/publish.py swaps it in."""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.errors import BuildError
from generator.publish import staging_dir
from generator.site.delta import try_delta
from generator.site.incremental import BuildState, Reuse, fingerprint, quiet_dirty_warning
from generator.site.render import RenderedSite, compiled_templates
from generator.site.sitemap import update_date
from generator.site.theme_fixes import ThemeFixes

PROJECT = Path(__file__).resolve().parents[2]
BASE_CONFIG = PROJECT / "mkdocs.yml"


@dataclass(frozen=True)
class BuiltSite:
    """A complete site in a temporary folder beside its destination, not yet public."""

    path: Path
    destination: Path
    # What the next build may reuse once this one is published (see generator/incremental.py).
    state: BuildState | None = None
    # What was given to MkDocs on top of mkdocs.yml (see incremental.write_mkdocs_config).
    settings: dict[str, Any] = field(default_factory=dict)


def build(rendered: RenderedSite, destination: Path, *, out: Path | None = None,
          previous: BuildState | None = None, compiled: Path | None = None,
          spare: Path | None = None) -> BuiltSite:
    """Build the site into a staging folder. With `previous` (the state of the build that made
    the site now at `destination`), pages whose inputs are unchanged are reused, not rebuilt;
    with `compiled`, the theme's templates are compiled once and kept there; `spare`, an old
    version of the site a one-page rebuild may build on (spare.py)."""
    destination = destination.resolve()
    target = (out or staging_dir(destination)).resolve()
    epoch = str(int(datetime.combine(rendered.as_at, time(), tzinfo=UTC).timestamp()))
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    # MkDocs dates the sitemap and gzip headers from SOURCE_DATE_EPOCH: same content, same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = os.environ.get("PUBLISHER_SOURCE_DATE_EPOCH", epoch)
    try:
        settings = rendered.mkdocs_settings()  # escaped by the render stage, not by a plugin
        config = load_config(
            config_file=str(BASE_CONFIG),
            docs_dir=str(rendered.docs_dir.resolve()),
            site_dir=str(target),
            **settings,
        )
        theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        reuse = Reuse(previous, fingerprint({**settings, "epoch": os.environ["SOURCE_DATE_EPOCH"]},
                                            BASE_CONFIG, theme), destination, rendered.written)
        config.plugins["publisher/reuse"] = reuse
        config.plugins["publisher/html-pages"] = HtmlPages()
        config.plugins["publisher/lastmod"] = LastModified(rendered.lastmod)
        config.plugins["publisher/theme-fixes"] = ThemeFixes()
        config.plugins["publisher/release-pages"] = ReleasePages()
        _compiled_theme(config, compiled)
        with _quiet_mkdocs(), quiet_dirty_warning():
            # Only the changed files when nothing site-wide changed (delta.py), else MkDocs'
            # own build, which still reuses what it can (Reuse).
            if not try_delta(config, reuse, rendered.written, rendered.lastmod, spare):
                mkdocs_build(config, dirty=reuse.incremental)
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildError(f"the new site could not be written: {exc.strerror or exc}{where}. "
                         "The published site was not changed.") from exc
    except MkDocsException as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise BuildError(f"the site generator failed: {exc}") from exc
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # a crash leaves no half-built folder behind
        raise
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return BuiltSite(target, destination, reuse.take_state(),
                     {**settings, "docs_dir": str(rendered.docs_dir.resolve())})


class HtmlPages(BasePlugin):  # type: ignore[type-arg]
    """Our pages are HTML already: one block, <div class="ap ...">…</div>, that Markdown would
    pass through unchanged after parsing it twice (its raw-HTML pass and MkDocs' anchor pass),
    which was most of MkDocs' time per page. Such a page's HTML is taken as it is; a page
    that is anything else (or more) goes through Markdown as usual."""

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        markdown_render = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            body = (page.markdown or "").strip()
            if not (body.startswith('<div class="ap') and body.endswith("</div>")
                    and _one_block(body)):
                markdown_render(config, files)
                return
            page.content = body
            # Not kept twice until the page is written: the body is the file less its final
            # newline, a copy of it (issue 18). "" keeps Page.title as it was (see ReleasePages).
            page.markdown = ""
            page.toc = get_toc([])
            page._title_from_render = None  # Markdown finds no <h1> in raw HTML either
            page.present_anchor_ids = None  # nothing links to our anchors through Markdown
            page.links_to_anchors = {}

        page.render = render  # type: ignore[method-assign]
        return page


def _one_block(body: str) -> bool:
    """The outer div closes only at the very end: no second block after it."""
    depth = 0
    for match in _DIV_TAG.finditer(body):
        depth += -1 if match.group(1) else 1
        if depth == 0 and match.end() != len(body):
            return False
    return depth == 0


_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>")


class ReleasePages(BasePlugin):  # type: ignore[type-arg]
    """MkDocs keeps every page's Markdown and HTML body until the build ends, so a build's
    memory grew with the site (issue 18). Once a page's output is made (the search plugin
    indexed it in on_page_context, Reuse copied its entries), nothing reads them again:
    the navigation and the sitemap use titles and URLs only. Dropped here, last of all the
    on_post_page hooks, just before MkDocs writes the page.

    The Markdown becomes "", not None: Page.title is None for a page whose Markdown is None,
    and later pages' navigation may show this page's title. With "" and no content the title
    comes out as before (front matter, the first heading found by render, or the file name:
    get_markdown_title("") finds none)."""

    @event_priority(-100)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        page.markdown = ""
        page.content = None
        return output


def _compiled_theme(config: MkDocsConfig, folder: Path | None) -> None:
    """Material's templates compiled once and kept (render.compiled_templates): parsing and
    compiling them was a third of a one-page rebuild's MkDocs stage (issue 18). Every
    environment the theme makes gets the cache, including those the search plugin makes
    for its translations."""
    cache = compiled_templates(folder)
    if cache is None:
        return
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


class LastModified(BasePlugin):  # type: ignore[type-arg]
    """The sitemap's <lastmod> is each page's last change from its content (render.lastmod),
    not the build date MkDocs gives every page; a page with no content date (the data and
    accessibility pages) has none. Set on every page, including those reused unread."""

    def __init__(self, lastmod: dict[str, str]) -> None:
        super().__init__()
        self.lastmod = lastmod

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = update_date(self.lastmod, file.src_uri)
        return nav


@contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """MkDocs talks at INFO about pages deliberately left out of the nav; keep warnings."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
