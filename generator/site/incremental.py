"""Incremental builds: what MkDocs may reuse from the site the last build published.

A build reuses three things, each keyed by everything its output depends on:
- parsed YAML (load, generator/cache.py): by the file's bytes and the parser's code;
- rendered Markdown (render.PlanPages): by the plan's redacted data, the site, the date and
  the rendering code and templates;
- built HTML (here): a file whose Markdown and whose site-wide inputs (MkDocs configuration,
  navigation, theme, versions, this code) are unchanged is hard-linked from the published site
  instead of being built again, and a page's search entries are carried over with it, so the
  search index is always complete. `mkdocs build --dirty` alone would write an index holding
  only the rebuilt pages (DESIGN.md, known traps).

Flat memory (issue 18): a page's search entries are kept as their JSON text, taken from the
search plugin as each page is indexed, and the index is written by joining those texts, never
as one list of every entry and one string of the whole index.

When nothing site-wide changed, MkDocs is not even given the unchanged files: delta.py builds
the changed ones alone from what the state keeps here (outputs, sitemap entries, the search
index's head, the theme's files), checked at each full build against what MkDocs wrote.

The leak gate still scans every file of every build. `publisher build --no-cache` ignores all
of these and builds everything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.cache import code_key, pickle_atomic, write_atomic
from generator.site import sitemap
from generator.site.search_index import entry_text, search_entries, write_index
from redaction.scan import files

# Written by the build itself every time, never reused from the published site.
WRITTEN = ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json")
CODE_VERSION = "3"  # bump when what the state holds changes shape
Signature = tuple[int, int, int]  # size, mtime_ns, inode: unchanged → same bytes as last time


@dataclass
class BuildState:
    """What the last published build was made from, and its search entries per page: each
    page's entries as the index holds them (JSON, separated by commas; b"" for none)."""

    fingerprint: str
    sources: dict[str, tuple[Signature, str]] = field(default_factory=dict)  # src_uri → sha256
    search: dict[str, bytes] = field(default_factory=dict)
    site_id: tuple[int, int, int] | None = None  # the site folder it was published as
    reused: int = 0
    built: int = 0
    # For the one-page path (delta.py): each docs file's output in the site, each page's
    # sitemap entry, the search index before its entries, the site's other files (theme,
    # 404 page). delta_ready: a full build checked them against what MkDocs wrote.
    outputs: dict[str, str] = field(default_factory=dict)
    sitemap: dict[str, sitemap.Entry] = field(default_factory=dict)
    index_head: bytes = b""
    extras: list[str] = field(default_factory=list)
    delta_ready: bool = False
    one_page: bool = False  # made by the one-page path


def site_identity(path: Path) -> tuple[int, int, int] | None:
    """Which folder this is: replacing or renaming it changes the inode or its ctime."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_ctime_ns


def load_state(path: Path) -> BuildState | None:
    try:
        with path.open("rb") as file:  # read as it is unpickled: not held twice (issue 18)
            state = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    if not isinstance(state, BuildState):
        return None
    state.site_id = _read_site_id(path)
    return state


def save_state(path: Path, state: BuildState, site: Path) -> None:
    try:
        _site_file(path).unlink(missing_ok=True)
        pickle_atomic(path, state)
        _publish(path, site)
    except OSError:
        _forget(path)  # a stale state must not outlive the site it describes


def park_state(path: Path, state: BuildState | None) -> Path | None:
    """Write the state of a build not yet published beside `path` (publish_state moves it in
    place once it is), so that it is not in memory during the leak scan: every page's search
    entries, 140 MB at 5,000 plans (issue 18). None: nothing to keep."""
    if state is None:
        return None
    pending = path.with_name(f"{path.name}.pending")
    try:
        pickle_atomic(pending, state)
    except OSError:
        pending.unlink(missing_ok=True)
        return None
    return pending


def publish_state(pending: Path | None, path: Path, site: Path) -> None:
    """The parked state becomes the state of the site just published at `site`: moved into
    place as it is, not read and written again. Without one, the old state goes too: it
    describes a site that is no longer there."""
    if pending is None:
        _forget(path)
        return
    try:
        _site_file(path).unlink(missing_ok=True)
        os.replace(pending, path)
        _publish(path, site)
    except OSError:
        pending.unlink(missing_ok=True)
        _forget(path)


# Which site folder a state describes is known only once that folder is swapped in (the swap
# changes its ctime), so it is kept beside the state: removed before the state is replaced and
# written last, so that a state is never taken for another site's.
def _site_file(path: Path) -> Path:
    return path.with_name(f"{path.name}.site")


def _publish(path: Path, site: Path) -> None:
    identity = site_identity(site)
    if identity is None:
        _site_file(path).unlink(missing_ok=True)
        return
    write_atomic(_site_file(path), " ".join(map(str, identity)).encode())


def _read_site_id(path: Path) -> tuple[int, int, int] | None:
    try:
        dev, ino, ctime = (int(n) for n in _site_file(path).read_text().split())
    except (OSError, ValueError):
        return None
    return dev, ino, ctime


def _forget(path: Path) -> None:
    _site_file(path).unlink(missing_ok=True)
    path.unlink(missing_ok=True)


def write_mkdocs_config(path: Path, base: Path, settings: dict[str, Any]) -> None:
    """A stand-alone mkdocs.yml for the docs folder a build used: `mkdocs build -f` on it makes
    the same site without the publisher (for debugging, and the benchmark's baseline)."""
    import yaml

    config = yaml.safe_load(base.read_text())
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((base.parent / theme["custom_dir"]).resolve())
    config.update(json.loads(json.dumps(settings, default=str)))  # Markup → str
    with suppress(OSError):
        write_atomic(path, yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode())


def fingerprint(settings: dict[str, Any], config_file: Path, theme_dir: Path | None) -> str:
    """Everything every page's HTML depends on besides its own Markdown."""
    digest = hashlib.sha256(CODE_VERSION.encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    digest.update(config_file.read_bytes())
    if theme_dir is not None:
        for path in sorted(p for p in theme_dir.rglob("*") if p.is_file()):
            name = path.relative_to(theme_dir).as_posix().encode()
            digest.update(name + b"\0" + path.read_bytes())
    digest.update(code_key().encode())  # our code, templates and the libraries' versions
    return digest.hexdigest()


class Reuse(BasePlugin):  # type: ignore[type-arg]
    """Lets MkDocs skip every file whose output the published site already holds.

    A file is reused only when the last build was published as `old_site` (same folder, not
    replaced since), had the same fingerprint, and read the same bytes for it; its output is
    hard-linked into the new site (MkDocs writes every file it does build to a new inode, as
    reused files are never handed to it). Everything else is built as usual, and with no
    usable previous state this is an ordinary full build.
    """

    def __init__(self, previous: BuildState | None, fingerprint: str, old_site: Path,
                 written: list[str] | None = None) -> None:
        super().__init__()
        usable = (previous is not None and previous.fingerprint == fingerprint
                  and previous.site_id is not None
                  and previous.site_id == site_identity(old_site))
        self.previous = previous if usable else None
        self.old_site = old_site
        self.written = set(written) if written is not None else None  # the docs folder's files
        self.fingerprint = fingerprint
        self.restart()

    def restart(self) -> None:
        """A new state, for MkDocs' own build after the one-page path gave up."""
        self.state = BuildState(self.fingerprint)
        self.delta = False  # the one-page path (delta.py) drives this build, not MkDocs' own
        self._files: Files | None = None
        self._folders: set[str] = set()  # made in the new site already

    def take_state(self) -> BuildState:
        """The new state, handed over once the build is done, and the last one let go: MkDocs
        keeps its plugins after a build (its Plugins option holds the last collection), and
        with them every page's search entries, old and new, through the leak scan (issue 18)."""
        state, self.previous = self.state, None
        self.state = BuildState(state.fingerprint)
        return state

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.delta:
            return files  # delta.py chose the files and what becomes of them
        if self.previous is not None and search_entries(config) is None:
            self.previous = None  # cannot carry search entries over: build everything
        docs_dir = os.path.normpath(config.docs_dir)
        in_docs_uris: set[str] = set()
        for file in files:
            in_docs = file.src_dir is not None and os.path.normpath(file.src_dir) == docs_dir
            if in_docs and file.abs_src_path is not None:
                self.state.sources[file.src_uri] = source(self.previous, file.src_uri,
                                                          file.abs_src_path, hashed=True)
                self.state.outputs[file.src_uri] = file.dest_uri
                in_docs_uris.add(file.src_uri)
            reuse = self._reuse(file, in_docs)
            if reuse:
                self.state.reused += 1
            else:
                self.state.built += 1
            file.is_modified = _constant(not reuse)  # type: ignore[method-assign]
        # The one-page path lists the docs folder from render's list of what it wrote.
        self.state.delta_ready = in_docs_uris == self.written
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self._files = files
        return nav

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        entries = search_entries(config)
        if entries is not None:
            # Taken out of the plugin's list as text: the plugin would otherwise hold every
            # page's entries as dicts until the build ends, and we a copy of them.
            self.state.search[page.file.src_uri] = entry_text(entries)
            entries.clear()
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """The plugin's list was emptied page by page, so it wrote its index with no entries:
        written again here with every page's entries, in the order a full build indexes them
        (its "config" block stays exactly as the plugin wrote it)."""
        if self.delta or self._files is None:
            return
        pages = [f.page for f in self._files.documentation_pages() if f.page is not None]
        order = [page.file.src_uri for page in pages]
        path = Path(config.site_dir) / "search" / "search_index.json"
        if search_entries(config) is None or not path.is_file():
            self.state.delta_ready = False
            return  # no search plugin (or a disabled one): no index
        self.state.index_head = write_index(
            path, (self.state.search.get(uri, b"") for uri in order))
        self._keep_for_delta(Path(config.site_dir), pages, order)

    def _keep_for_delta(self, site: Path, pages: list[Page], order: list[str]) -> None:
        """What the one-page path (delta.py) needs, kept only if it makes what MkDocs made:
        the pages in the order delta.py gives them, their sitemap entries joined into the
        very sitemap MkDocs wrote."""
        state = self.state
        state.sitemap = {page.file.src_uri: sitemap.entry(page) for page in pages}
        try:
            written = (site / "sitemap.xml").read_text(encoding="utf-8")
        except OSError:
            written = None
        made = {*state.outputs.values(), *WRITTEN}
        state.extras = sorted(rel for rel in files(site) if rel not in made)
        state.delta_ready = (state.delta_ready
                             and order == sorted(order, key=sitemap.walk_key)
                             and written == sitemap.text(state.sitemap[u] for u in order))

    def _reuse(self, file: File, in_docs: bool) -> bool:
        previous = self.previous
        if previous is None or file.generated_by is not None:
            return False
        if in_docs:
            old = previous.sources.get(file.src_uri)
            if old is None or old[1] != self.state.sources[file.src_uri][1]:
                return False
        if file.is_documentation_page() and file.src_uri not in previous.search:
            return False
        # Plain strings and one mkdir per folder: this runs for each of thousands of files.
        old_output = os.path.join(self.old_site, file.dest_uri)
        new_output = file.abs_dest_path
        if not link_into(old_output, new_output, self._folders):
            if not os.path.isfile(old_output):
                return False  # the old site has no such file: build it
            shutil.copy2(old_output, new_output)
        if file.is_documentation_page():
            self.state.search[file.src_uri] = previous.search[file.src_uri]
        return True


def source(previous: BuildState | None, uri: str, path: str, *,
           hashed: bool) -> tuple[Signature, str]:
    """A docs file's signature and sha256: the last build's when its size, time and inode are
    the same (the bytes read last time). Else `hashed` reads and hashes it; without, its hash
    stays unknown (""), which never equals a hash: the one-page path (delta.py) builds such a
    file again without reading it, since render writes a file only when its bytes change."""
    stat = os.stat(path)
    signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    known = previous.sources.get(uri) if previous else None
    if known is not None and known[0] == signature:
        return known
    return signature, hashlib.sha256(Path(path).read_bytes()).hexdigest() if hashed else ""


def link_into(old: str, new: str, made: set[str]) -> bool:
    """Hard-link a published file into the new site, or False if it cannot be linked. Plain
    strings and one mkdir per folder (`made`: folders made already): this runs for each of
    thousands of files."""
    folder = os.path.dirname(new)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    try:
        os.link(old, new)
    except OSError:
        return False
    return True


def _constant(value: bool) -> Callable[[], bool]:
    return lambda: value


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation: ours cannot (see Reuse)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextmanager
def quiet_dirty_warning() -> Iterator[None]:
    logger = logging.getLogger("mkdocs.commands.build")
    quiet = _NoDirtyWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
