"""What render remembers between builds: each page it wrote, by a hash of what made it.

A plan's page is kept when its redacted data, its slug, withheld count and approval, the site,
the date and the code are what they were (PlanPages.key); the files made from every plan (the
open data, the home page and the plan and overdue lists) when no plan changed (reuse_all,
reuse_group); and, when some plan did change, each list page whose own items, totals and
place in the list are what they were (reuse_page): one edited plan renders the list pages it
is on, not all of them. The entries (PageEntries, one a file) live beside the docs folder kept
from build to build; a file whose size or time changed since it was written is written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, Protocol, overload

from generator.cache import EntryCache, code_key
from generator.content.lazy import defer
from generator.content.models import Site
from generator.presentation.views import ActionView, PlanSummary, PlanView
from generator.site.feeds import MAX_ENTRIES, PlanFeed
from redaction import RedactedContent

_PAGE = "\0page\0"  # manifest keys of pages remembered one by one (reuse_page)


@dataclass(frozen=True, kw_only=True)
class PlanEntry(PlanSummary):
    """A plan as the index pages (home, plan list, overdue list) see it: its summary and its
    overdue actions. Kept with the plan's rendered page, so that an unchanged plan is neither
    viewed nor rendered again; an index template that needs more of a plan needs it here.
    Its feed too (made from the same redacted plan): its own feed file and its entries in the
    site's feed are written from it.

    Read back from the cache in two parts: what every build reads of every plan (its place in
    the lists, its counts, its page's date, its feed entries' dates) at once; the rest (its
    texts, statuses, overdue actions and feed: most of an entry) only if a list page that shows
    the plan is rendered or the site's feed takes its entries (lazy.Deferred). At 1,000 plans,
    decoding every entry whole was a fifth of a one-plan edit's render (issue 18)."""

    overdue_count: int
    overdue: list[ActionView]
    feed: PlanFeed
    lastmod_iso: str | None  # its page's last change (dated.updated_iso)
    # Its feed entries' sort keys (Entry.sort_key with the day as ISO text, which sorts alike).
    feed_keys: tuple[tuple[str, int, str], ...]

    @classmethod
    def of(cls, plan: PlanView, feed: PlanFeed) -> PlanEntry:
        summary = {f.name: getattr(plan, f.name) for f in fields(PlanSummary)}
        overdue = plan.overdue
        return cls(**summary, overdue_count=len(overdue), overdue=overdue, feed=feed,
                   lastmod_iso=plan.dated.updated_iso if plan.dated is not None else None,
                   feed_keys=feed_keys(feed))

    def __reduce__(self) -> tuple[Any, ...]:
        values = self.__dict__
        # A part read back and not changed since (frozen) is kept again as it was read.
        parts = values.get("_parts") or {}
        encoded = tuple(parts.get(n) or pickle.dumps({name: values[name] for name in group},
                                                     protocol=pickle.HIGHEST_PROTOCOL)
                        for n, group in enumerate(_DEFERRED))
        return (_entry, (tuple(values[name] for name in _HEAD), encoded))

    def _undefer(self, name: str) -> None:
        parts = self.__dict__.get("_parts")
        number = next(n for n, group in enumerate(_DEFERRED) if name in group)
        if parts is None or number not in parts:
            raise AttributeError(name)
        self.__dict__.update(pickle.loads(parts[number]))  # our own private cache folder


# Read back part by part: the site's feed reads a hundred plans' feeds, a rendered list page
# the rest of its twenty plans.
_DEFERRED = (("feed",), ("summary", "note", "statuses", "dated", "overdue"))
_HEAD = tuple(f.name for f in fields(PlanEntry)
              if not any(f.name in group for group in _DEFERRED))
defer(PlanEntry, *(name for group in _DEFERRED for name in group))


def _entry(head: tuple[Any, ...], parts: tuple[bytes, ...]) -> PlanEntry:
    """A PlanEntry read back: its head now, each other part when first read (_undefer)."""
    entry = object.__new__(PlanEntry)
    entry.__dict__.update(zip(_HEAD, head, strict=True))
    entry.__dict__["_parts"] = dict(enumerate(parts))
    return entry


def site_feeds(entries: list[PlanEntry]) -> list[PlanFeed]:
    """The feeds of the plans that can have an entry in the site's feed, in the content's
    order: those with an entry among the newest MAX_ENTRIES of all plans' entries (ties at
    the last place included). The site's feed keeps the MAX_ENTRIES newest of these and of
    the FOI responses' and pages' entries, in a stable sort, so leaving out the others, whose
    every entry has at least MAX_ENTRIES plans' entries before it, changes nothing; their
    feeds are not even read back (PlanEntry)."""
    keys = sorted((key for entry in entries for key in entry.feed_keys), reverse=True)
    if len(keys) <= MAX_ENTRIES:
        return [entry.feed for entry in entries]
    last = keys[MAX_ENTRIES - 1]
    return [entry.feed for entry in entries if any(key >= last for key in entry.feed_keys)]


def feed_keys(feed: PlanFeed) -> tuple[tuple[str, int, str], ...]:
    """A feed's entries' sort keys (Entry.sort_key) with the day as ISO text: sorts alike."""
    return tuple((e.day.isoformat(), *e.order) for e in feed.entries)


class OverdueItems(Sequence[dict[str, Any]]):
    """The overdue list's items ({"plan": entry, "action": view}) by plan and place: a plan's
    actions are read (PlanEntry.overdue) only for a page that shows them and is rendered."""

    def __init__(self, places: list[tuple[PlanEntry, int]]) -> None:
        self.places = places

    def __len__(self) -> int:
        return len(self.places)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> OverdueItems: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | OverdueItems:
        if isinstance(index, slice):
            return OverdueItems(self.places[index])
        plan, number = self.places[index]
        return {"plan": plan, "action": plan.overdue[number]}


class Out(Protocol):
    """What PlanPages needs of render's Writer."""

    root: Path

    def keep(self, rel: str) -> None: ...


Hit = tuple[str, tuple[int, int], Any]  # made from (key), file (size, mtime), what it holds


class PageEntries(EntryCache[Hit]):
    """What PlanPages remembers, one entry a file (EntryCache): a one-plan edit writes that
    plan's entry and the list pages it is on, not every plan's (issue 18)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, kept=0)  # one per site cache folder, which is pruned as a whole

    def encode(self, value: Hit) -> bytes:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def decode(self, data: bytes) -> Hit:
        value = pickle.loads(data)  # our own private cache folder, never downloaded
        if not (isinstance(value, tuple) and len(value) == 3):
            raise TypeError("not a page entry")
        return value


class PlanPages:
    """The rendered plan pages in a persistent docs folder, by a hash of what made them."""

    def __init__(self, manifest: Path | None, out: Out, common_key: str) -> None:
        self.out = out
        self.common_key = common_key
        self.store = PageEntries(manifest.with_suffix(".sqlite3")) if manifest else None
        if manifest is not None:
            with suppress(OSError):
                manifest.unlink(missing_ok=True)  # the one-file manifest of earlier versions
        self.keys: list[str] = []  # every plan's key, in order: what a file of all plans is from
        self._pending: dict[str, tuple[str, PlanEntry]] = {}  # rendered, files still to write

    def prefetch(self, rels: list[str]) -> None:
        """The entries of these files, read at once (EntryCache.prefetch)."""
        if self.store is not None:
            self.store.prefetch(rels)

    def _old(self, rel: str) -> Hit | None:
        return self.store.get(rel) if self.store is not None else None

    def _put(self, rel: str, hit: Hit) -> None:
        if self.store is not None:
            self.store.put(rel, hit)

    def key(self, made_from: str, slug: str, withheld: int, approved: bool) -> str:
        head = json.dumps([self.common_key, slug, withheld, approved])
        key = hashlib.sha256(f"{head}\0{made_from}".encode()).hexdigest()
        self.keys.append(key)
        return key

    def lookup(self, rel: str, key: str, also: tuple[str, ...] = ()) -> PlanEntry | None:
        """A plan's entry if its page, and the files `also` made with it (its feed), are in
        the docs folder as made from `key` last time; the caller keeps them (Writer.keep)."""
        hit = self._old(rel)
        if hit is None or hit[0] != key or hit[1] != self._stats(rel, also) or hit[2] is None:
            return None
        return hit[2]

    def reuse_all(self, rels: list[str], name: str = "") -> bool:
        """Keep files made from every plan (the open data) if no plan changed since."""
        key = self._all_key(name)
        if not all((hit := self._old(rel)) is not None and hit[0] == key
                   and hit[1] == self._stat(rel) for rel in rels):
            return False
        for rel in rels:
            self.out.keep(rel)
        return True

    def rendered_all(self, rels: list[str], name: str = "") -> None:
        key = self._all_key(name)
        for rel in rels:
            self._put(rel, (key, self._stat(rel), None))

    def reuse_group(self, name: str) -> bool:
        """Keep the files rendered last time as the group `name` (made from every plan's entry
        and what `name` says) if no plan changed since: all of them, or none."""
        mark = self._old(f"\0{name}")
        if mark is None or mark[0] != self._all_key(name) or not mark[2]:
            return False
        rels = list(mark[2])
        if not self.reuse_all(rels, name):
            return False
        if self.store is not None:  # still what they were made from, for a partial render
            self.store.used.update(_PAGE + rel for rel in rels)
        return True

    def rendered_group(self, name: str, rels: list[str]) -> None:
        self.rendered_all(rels, name)
        self._put(f"\0{name}", (self._all_key(name), (len(rels), 0), tuple(rels)))

    def page_key(self, template: str, rel: str, ids: list[Any], values: dict[str, Any]) -> str:
        """A list page made by `template` from plans' entries known by `ids` (their plans'
        keys: everything an entry is made from) and from plain `values` (numbers, flags, the
        totals), and what every page has: the site, the date, the code and templates."""
        if self.store is None:
            return ""  # nothing is kept: no page is reused
        made = json.dumps([self.common_key, template, rel, ids, values], sort_keys=True)
        return hashlib.sha256(f"{code_key()}\0{made}".encode()).hexdigest()

    def reuse_page(self, rel: str, key: str) -> bool:
        """Keep a page that reuse_group did not: made from the same values as last time."""
        hit = self._old(_PAGE + rel)
        if hit is None or hit[0] != key or hit[1] != self._stat(rel):
            return False
        self.out.keep(rel)
        return True

    def rendered_page(self, rel: str, key: str) -> None:
        self._put(_PAGE + rel, (key, self._stat(rel), None))

    def _all_key(self, name: str = "") -> str:
        # The common key too: with no plans at all, the date and the site still count.
        text = "\0".join([code_key(), self.common_key, name, *self.keys])
        return hashlib.sha256(text.encode()).hexdigest()

    def rendered(self, rel: str, key: str, plan: PlanView, feed: PlanFeed) -> PlanEntry:
        """A plan's page was rendered: remembered once its other files are (written)."""
        entry = PlanEntry.of(plan, feed)
        self._pending[rel] = (key, entry)
        return entry

    def rendered_now(self, rel: str) -> bool:
        return rel in self._pending

    def written(self, rel: str, also: tuple[str, ...]) -> None:
        key, entry = self._pending.pop(rel)
        self._put(rel, (key, self._stats(rel, also), entry))

    def save(self) -> None:
        if self.store is not None:
            self.store.save()

    def _stats(self, rel: str, also: tuple[str, ...]) -> Any:
        stat = self._stat(rel)
        return (stat, *(self._stat(other) for other in also)) if also else stat

    def _stat(self, rel: str) -> tuple[int, int]:
        try:  # a string path: two stats a plan, where pathlib's joining cost more than they
            stat = os.stat(f"{os.fspath(self.out.root)}/{rel}")
        except OSError:
            return (-1, -1)
        return stat.st_size, stat.st_mtime_ns


def made_from(redacted: RedactedContent, key: str, doc: Any) -> str:
    """What a document's redacted data is made from: its key in the document cache (the file's
    bytes, the decisions on it, the policy, the name finder and the code) when the redact
    stage used that cache; else the data itself, serialised (a fifth of a second at 1,000
    plans). `doc`'s model is read only then: it may not be decoded yet (content/lazy.py)."""
    made_from = redacted.keys.get(key)
    return f"document:{made_from}" if made_from else doc.data.model_dump_json()


def inputs_key(site: Site, as_at: date) -> str:
    """What every plan page depends on besides its plan: site, date, code, templates."""
    digest = hashlib.sha256(site.model_dump_json().encode() + as_at.isoformat().encode())
    digest.update(code_key().encode())
    return digest.hexdigest()


