"""Atom 1.0 feeds (RFC 4287): the whole site's, and one per plan.

Entries: every change note (plans, FOI responses, pages), every plan's publication and every
FOI response's. A minor change (`publisher approve --minor`) writes no note, so it is in no
feed. Newest first, at most MAX_ENTRIES in the site's feed.

Stable ids: an entry's id is the page's address plus `#published` or `#update-N`, where N
counts the file's notes from the oldest (notes are only ever appended), so an id never
changes or moves to another entry while base_url stays the same. Every date comes from the
content, and so does the feed's <updated> (its newest entry), so the same content builds the
same bytes whatever day it is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree as ET

from generator.content.dates import DayOrMonth, start_date
from generator.content.models import KIND_LABELS, ActionPlan, ChangeNote, Content, Doc
from generator.presentation.updates import ordered

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
SITE_FEED = "feed.atom"


def plan_feed_path(slug: str) -> str:
    return f"plans/{slug}/feed.atom"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    day: date
    summary: str
    link: str
    order: tuple[int, str]  # ties on a day: notes after publications, then by id

    @property
    def sort_key(self) -> tuple[date, tuple[int, str]]:
        return (self.day, self.order)


def _notes(url: str, title: str, changes: list[ChangeNote]) -> list[Entry]:
    return [Entry(f"{url}#update-{n}", f"Updated: {title}", c.date, c.note,
                  f"{url}#update-{n}", (1, f"{n:06d}"))
            for n, c in ordered(changes)]


def _published(url: str, title: str, day: DayOrMonth, summary: str) -> Entry:
    return Entry(f"{url}#published", title, start_date(day), summary, url, (0, url))


def plan_entries(doc: Doc[ActionPlan], base_url: str) -> list[Entry]:
    plan = doc.data
    url = f"{base_url}plans/{doc.slug}/"
    first = _published(url, f"Published: {plan.title}",
                       plan.published, f"{KIND_LABELS[plan.kind]} action plan published by "
                       f"{plan.owner}.")
    return [first, *_notes(url, plan.title, plan.changes)]


@dataclass(frozen=True)
class PlanFeed:
    """A plan's feed as render keeps it with the plan's page (page_cache.PlanEntry): its own
    file is made from this alone, and the site's feed from every plan's entries, so that an
    unchanged plan's model is not needed to write either."""

    slug: str
    title: str
    author: str
    entries: tuple[Entry, ...]

    @property
    def path(self) -> str:
        return plan_feed_path(self.slug)


def plan_feed(doc: Doc[ActionPlan], base_url: str) -> PlanFeed:
    return PlanFeed(doc.slug, f"Updates to {doc.data.title}", doc.data.owner,
                    tuple(plan_entries(doc, base_url)))


def plan_feed_xml(feed: PlanFeed, base_url: str) -> str:
    return feed_xml(title=feed.title, self_url=f"{base_url}{feed.path}",
                    page_url=f"{base_url}plans/{feed.slug}/", author=feed.author,
                    entries=list(feed.entries), limit=None)


def site_entries(content: Content, plans: list[PlanFeed]) -> list[Entry]:
    """Every entry of the site's feed: the plans' from `plans` (their feeds as render keeps
    them, in the content's order), the FOI responses' and pages' made here."""
    base = content.site.base_url
    entries: list[Entry] = []
    for feed in plans:
        entries += feed.entries
    for doc in content.foi:
        foi = doc.data
        url = f"{base}foi/{doc.slug}/"
        title = f"FOI {foi.reference}: {foi.title}"
        entries.append(_published(url, f"Published: {title}", foi.responded,
                                  "Response to a Freedom of Information request, published "
                                  "in the disclosure log."))
        entries += _notes(url, title, foi.changes)
    for doc in content.pages:  # a page is not announced when published: only its notes
        meta = doc.data.meta
        url = f"{base}{doc.slug}/"
        entries += _notes(url, meta.title, meta.changes)
    return entries


def site_feed_xml(content: Content, plans: list[PlanFeed]) -> str:
    site = content.site
    return feed_xml(title=f"Updates from {site.title}", self_url=f"{site.base_url}{SITE_FEED}",
                    page_url=site.base_url, author=site.organisation,
                    entries=site_entries(content, plans))


def feed_xml(*, title: str, self_url: str, page_url: str, author: str,
             entries: list[Entry], limit: int | None = MAX_ENTRIES) -> str:
    """The feed's bytes as text: newest first; nothing in it depends on when it is built."""
    chosen = sorted(entries, key=lambda e: e.sort_key, reverse=True)[:limit]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", self_url)
    _text(feed, "title", title)
    newest = chosen[0].day if chosen else date(1970, 1, 1)
    _text(feed, "updated", _stamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_url)
    name = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(name, "name", author)
    for item in chosen:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _text(entry, "updated", _stamp(item.day))
        _text(entry, "published", _stamp(item.day))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=item.link)
        _text(entry, "summary", item.summary)
    ET.indent(feed, space=" ")
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value


def _stamp(day: date) -> str:
    """RFC 3339, as Atom requires: the content has days, so midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"
