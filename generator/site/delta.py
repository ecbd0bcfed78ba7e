"""One edit, one page (issue 18): MkDocs builds only the changed files, nothing else.

When the last published build had the same site-wide inputs (the Reuse fingerprint: MkDocs
configuration with the navigation, theme, versions, our code), every unchanged file's output
is the published one: it is hard-linked from the published site with no MkDocs object made
for it. MkDocs is given only the changed and new files, and the pages the navigation names
(read for the navigation, not built), in the order of its own build; the sitemap and the
search index are written from every page's entry kept in the build state (sitemap.py,
search_index.write_entries). A removed file is simply not linked: it leaves the site, its
sitemap entry and its search entries.

Whatever makes the shortcut unsafe (no state from a full build that checked its sitemap and
order, a file the published site lacks) makes `try_delta` return False, and the caller runs
MkDocs' own build. The output equals a build from nothing (tests/reliability/test_incremental.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import markdown_extensions

from generator.site import sitemap
from generator.site.incremental import WRITTEN, BuildState, Reuse, link_into, source
from generator.site.search_index import search_entries, write_entries
from generator.site.spare import use_spare

PAGE_SUFFIXES = tuple(markdown_extensions)


class NotDelta(Exception):
    """The one-page path cannot make this site: build it with MkDocs' own build."""


def try_delta(config: MkDocsConfig, reuse: Reuse, written: list[str],
              lastmod: dict[str, str], spare: Path | None = None) -> bool:
    """Build into config.site_dir (an empty folder) by the one-page path, or return False
    with that folder empty again. `written` is every file of the docs folder
    (RenderedSite.written), `lastmod` each page's date (RenderedSite.lastmod); `spare`, an
    old version of the site to build on (spare.py)."""
    previous = reuse.previous
    if previous is None or not previous.delta_ready or config.strict:
        return False  # strict: MkDocs' build counts the warnings
    try:
        _build(config, reuse, previous, list(dict.fromkeys(written)), lastmod, spare)
    except NotDelta:
        _empty(Path(config.site_dir))
        reuse.restart()
        return False
    return True


def _build(config: MkDocsConfig, reuse: Reuse, previous: BuildState, uris: list[str],
           lastmod: dict[str, str], spare: Path | None) -> None:
    docs_dir, site_dir = config.docs_dir, config.site_dir
    state = reuse.state
    if set(uris) == previous.outputs.keys():
        uris = list(previous.outputs)  # the same files: in the order they were put last time
    else:
        uris.sort(key=sitemap.walk_key)
    changed = set()
    for uri in uris:
        state.sources[uri] = found = source(previous, uri, os.path.join(docs_dir, uri),
                                            hashed=False)
        old = previous.sources.get(uri)
        if (old is None or old[0] != found[0] or uri not in previous.outputs
                or (_is_page(uri) and uri not in previous.sitemap)):
            changed.add(uri)
    nav_pages = _nav_paths(config.nav)
    if not nav_pages <= set(uris):
        raise NotDelta  # MkDocs warns of a missing page and links it as it is: its path
    reuse.delta = True
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if search_entries(config) is None:
        raise NotDelta  # no search plugin to index the changed pages
    files = Files([_file(uri, config, uri in changed)
                   for uri in uris if uri in changed or uri in nav_pages])
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    if any(f.inclusion is not InclusionLevel.INCLUDED for f in files):
        raise NotDelta  # drafts and exclusions: MkDocs' own build knows them
    keep = {previous.outputs[uri] for uri in uris if uri not in changed} | set(previous.extras)
    if not keep.isdisjoint({*(f.dest_uri for f in files if f.src_uri in changed), *WRITTEN}):
        raise NotDelta  # a file written here would be a kept one: MkDocs decides
    present: set[str] = set()
    if spare is not None:
        present = use_spare(spare, Path(site_dir), Path(reuse.old_site), keep)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    doc_files = files.documentation_pages()
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)
        assert file.page is not None
        _populate_page(file.page, config, files, dirty=True)
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    files.copy_static_files(dirty=True)
    for file in doc_files:
        assert file.page is not None
        _build_page(file.page, config, doc_files, nav, env, dirty=True)
    dests = {f.src_uri: f.dest_uri for f in files}
    _link(reuse.old_site, sorted(keep - present), site_dir)
    for uri in uris:
        state.outputs[uri] = dests[uri] if uri in changed else previous.outputs[uri]
        if uri not in changed and _is_page(uri):
            state.search[uri] = previous.search.get(uri, b"")
    built = {f.src_uri: f.page for f in doc_files if f.page is not None and f.src_uri in changed}
    pages = [u for u in uris if _is_page(u)]
    for uri in pages:
        state.sitemap[uri] = (sitemap.entry(built[uri]) if uri in built else
                              (previous.sitemap[uri][0], sitemap.update_date(lastmod, uri)))
    sitemap.write(Path(site_dir), [state.sitemap[uri] for uri in pages])
    index = Path(site_dir) / "search" / "search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    write_entries(index, previous.index_head, (state.search.get(uri, b"") for uri in pages))
    state.index_head, state.extras = previous.index_head, previous.extras
    state.delta_ready = state.one_page = True
    state.built, state.reused = len(changed), len(uris) - len(changed) + len(previous.extras)


def _link(old_site: Path, paths: list[str], site_dir: str) -> None:
    """Unchanged files and the theme's, linked from the published site."""
    made: set[str] = set()
    for rel in paths:
        if not link_into(os.path.join(old_site, rel), os.path.join(site_dir, rel), made):
            raise NotDelta  # not in the published site (or another disk)


def _is_page(uri: str) -> bool:
    return uri.endswith(PAGE_SUFFIXES)  # as File.is_documentation_page


def _file(uri: str, config: MkDocsConfig, modified: bool) -> File:
    file = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    file.is_modified = (lambda: modified)  # type: ignore[method-assign]
    return file


def _nav_paths(nav: Any) -> set[str]:
    """The docs paths the configured navigation names (site.yaml's, via render)."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, dict):
            for value in item.values():
                found |= _nav_paths(value)
        elif isinstance(item, str) and "://" not in item:
            found.add(item)
    return found


def _empty(folder: Path) -> None:
    """Back to an empty staging folder for MkDocs' own build."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
