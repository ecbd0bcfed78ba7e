"""build: MkDocs + Material into a temporary folder; publish swaps it in only when all is well."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.errors import BuildError
from generator.site.incremental import BuildState, Reuse, fingerprint, quiet_dirty_warning
from generator.site.render import RenderedSite
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


def staging_dir(destination: Path) -> Path:
    """A fresh folder on the same file system as `destination`, so the swap is a rename."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{destination.name}.new-", dir=destination.parent))
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the published site from the web server
    return path


def build(rendered: RenderedSite, destination: Path, *, out: Path | None = None,
          previous: BuildState | None = None) -> BuiltSite:
    """Build the site into a staging folder. With `previous` (the state of the build that made
    the site now at `destination`), pages whose inputs are unchanged are reused, not rebuilt."""
    destination = destination.resolve()
    target = (out or staging_dir(destination)).resolve()
    epoch = str(int(datetime.combine(rendered.as_at, time(), tzinfo=UTC).timestamp()))
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    # MkDocs dates the sitemap and gzip headers from SOURCE_DATE_EPOCH: same content, same bytes.
    os.environ["SOURCE_DATE_EPOCH"] = os.environ.get("PUBLISHER_SOURCE_DATE_EPOCH", epoch)
    organisation = escape(rendered.site.organisation)
    try:
        settings = dict(
            # Plain text from site.yaml, printed by templates that do not escape (see below).
            site_name=escape(rendered.site.title),
            site_url=rendered.site.base_url,
            nav=rendered.nav,
            extra={**rendered.extra, "organisation": organisation},
            copyright=escape(f"© {rendered.site.organisation}"),
        )
        config = load_config(
            config_file=str(BASE_CONFIG),
            docs_dir=str(rendered.docs_dir.resolve()),
            site_dir=str(target),
            **settings,
        )
        config.plugins["publisher/plain-titles"] = PlainTitles()
        theme = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        reuse = Reuse(previous, fingerprint({**settings, "epoch": os.environ["SOURCE_DATE_EPOCH"]},
                                            BASE_CONFIG, theme), destination)
        config.plugins["publisher/reuse"] = reuse
        config.plugins["publisher/html-pages"] = HtmlPages()
        config.plugins["publisher/lastmod"] = LastModified(rendered.lastmod)
        config.plugins["publisher/theme-fixes"] = ThemeFixes()
        with _quiet_mkdocs(), quiet_dirty_warning():
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
    return BuiltSite(target, destination, reuse.state,
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


class LastModified(BasePlugin):  # type: ignore[type-arg]
    """The sitemap's <lastmod> is each page's last change from its content (render.lastmod),
    not the build date MkDocs gives every page; a page with no content date (the data and
    accessibility pages) has none. Set on every page, including those reused unread."""

    def __init__(self, lastmod: dict[str, str]) -> None:
        super().__init__()
        self.lastmod = lastmod

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.lastmod:  # no content dates at all: MkDocs' (the as-at date) stays
            return nav
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = self.lastmod.get(file.src_uri, "")
        return nav


class PlainTitles(BasePlugin):  # type: ignore[type-arg]
    """Titles and descriptions are plain text, but MkDocs' Jinja does not autoescape: Material
    prints them into <title>, the header, the nav and a <meta> attribute as they are, and its
    search box shows the titles from search_index.json as HTML. So a title such as
    `<img src=x onerror=...>` would run. Escaped here, as Markup so that the `| e` Material
    applies in a few places does not escape them a second time.
    """

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        items = list(nav.items)
        while items:
            item = items.pop()
            if item.title is not None:
                item.title = escape(item.title)
            items.extend(getattr(item, "children", None) or [])
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        return markdown


def publish(built: BuiltSite) -> Path:
    """Swap the new site in: readers see the old site or the new one, never half of either."""
    destination = built.destination
    if destination.exists() and _exchange(built.path, destination):
        shutil.rmtree(built.path, ignore_errors=True)  # now holds the old site
        return destination
    if destination.exists():
        old = destination.with_name(f".{destination.name}.old-{os.getpid()}")
        os.rename(destination, old)
        os.rename(built.path, destination)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(built.path, destination)
    return destination


def discard(built: BuiltSite) -> None:
    shutil.rmtree(built.path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): both paths swap in one step (Linux 3.15+)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


@contextmanager
def site_lock(destination: Path) -> Iterator[None]:
    """One build at a time per site folder; a second one says so instead of waiting."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    lock_path = destination.with_name(f".{destination.name}.lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildError(
                    f"another build of {destination} is running; wait for it to finish "
                    "and try again."
                ) from None
            raise
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_stale(destination: Path) -> None:
    """Remove staging folders left by a build that was killed (their owner holds no lock)."""
    for path in destination.parent.glob(f".{destination.name}.new-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in destination.parent.glob(f".{destination.name}.old-*"):
        shutil.rmtree(path, ignore_errors=True)


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
