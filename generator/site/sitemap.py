"""The sitemap and the order of pages, as MkDocs makes them, from one entry per page.

MkDocs writes sitemap.xml (and sitemap.xml.gz) from its template over every page: a build
that gives MkDocs only the changed pages (generator/site/delta.py) writes them here instead,
from each page's address kept in the build state and its date. Each entry is what the
template writes for that page; a full build checks that these entries, joined, are byte for
byte the sitemap MkDocs wrote (Reuse.on_post_build), and keeps none if they are not, so a
change of MkDocs' template turns the one-page path off instead of writing another sitemap.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import escape
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date, get_build_timestamp

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
FOOT = "\n</urlset>"
# A page's address as the sitemap writes it (None: not listed) and its update date (the
# newest one dates the .gz file's header). The address is kept from build to build; the date
# is each build's own: a list page's is its newest plan's, which changes when the page does not.
Entry = tuple[str | None, str]


def entry(page: Page) -> Entry:
    if page.is_link or not (page.abs_url or page.canonical_url):
        return None, page.update_date
    return str(escape(page.canonical_url or page.abs_url)), page.update_date


def update_date(lastmod: dict[str, str], uri: str) -> str:
    """A page's update date as build.LastModified sets it: its content date, or none; with no
    content dates at all, MkDocs' own (the build date)."""
    return lastmod.get(uri, "") if lastmod else get_build_date()


def _text(entry: Entry) -> str:
    """What mkdocs/templates/sitemap.xml writes for this page."""
    loc, date = entry
    if loc is None:
        return ""
    lastmod = f"<lastmod>{date}</lastmod>" if date else ""
    return f"\n    <url>\n         <loc>{loc}</loc>\n         {lastmod}\n    </url>"


def text(entries: Iterable[Entry]) -> str:
    return HEAD + "".join(_text(e) for e in entries) + FOOT


def write(site_dir: Path, entries: list[Entry]) -> None:
    """sitemap.xml and sitemap.xml.gz as MkDocs' build writes them (_build_theme_template)."""
    output = text(entries).encode("utf-8")
    path = site_dir / "sitemap.xml"
    path.write_bytes(output)
    gz_name = f"{path}.gz"
    with open(gz_name, "wb") as file, gzip.GzipFile(
            fileobj=file, filename=gz_name, mode="wb", mtime=_timestamp(entries)) as gz:
        gz.write(output)


def _timestamp(entries: list[Entry]) -> int:
    """get_build_timestamp(pages=every page): the newest page's update date."""
    if not entries:
        return get_build_timestamp()
    newest = max(date for _, date in entries)
    return int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())


def walk_key(uri: str) -> list[tuple[int, tuple[bool, str] | str]]:
    """Where get_files' walk of the docs folder puts this file: folders in name order, a
    folder's files (index first) before its subfolders. MkDocs builds, indexes and lists
    pages in that order."""
    *folders, name = uri.split("/")
    key: list[tuple[int, tuple[bool, str] | str]] = [(1, folder) for folder in folders]
    key.append((0, (os.path.splitext(name)[0] not in ("index", "README"), name)))
    return key
