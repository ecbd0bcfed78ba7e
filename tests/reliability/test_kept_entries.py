"""Render's kept plan entries are read back in two parts (generator/site/page_cache.PlanEntry):
what every build reads of every plan at once, the rest only when a list page or the site's
feed needs it; and the site's feed is made from only the plans' feeds that can be in it
(page_cache.site_feeds), with the same bytes as from every plan's."""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.content.load import load
from generator.presentation.views import plan_view
from generator.site.feeds import MAX_ENTRIES, Entry, PlanFeed, plan_feed, site_feed_xml
from generator.site.page_cache import PlanEntry, feed_keys, site_feeds
from publisher_fixtures import AS_AT, write_content


@pytest.fixture
def entry(tmp_path: Path) -> PlanEntry:
    content = load(write_content(tmp_path / "content"))
    doc = content.plans[0]
    return PlanEntry.of(plan_view(doc, AS_AT, 0), plan_feed(doc, content.site.base_url))


def test_an_entry_read_back_equals_the_one_kept_and_decodes_its_rest_only_when_read(
        entry: PlanEntry, monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[str] = []
    undefer = PlanEntry._undefer

    def counted(self: PlanEntry, name: str) -> None:
        decoded.append(name)
        undefer(self, name)

    monkeypatch.setattr(PlanEntry, "_undefer", counted)
    blob = pickle.dumps(entry)
    back = pickle.loads(blob)
    # What every build reads of every plan: no decoding.
    assert (back.slug, back.title, back.published_iso, back.counts, back.overdue_count,
            back.lastmod_iso, back.feed_keys) == (
        entry.slug, entry.title, entry.published_iso, entry.counts, entry.overdue_count,
        entry.dated.updated_iso if entry.dated else None, feed_keys(entry.feed))
    assert decoded == []
    assert pickle.dumps(back) == blob  # kept again as it was read, without decoding it
    assert decoded == []
    # Its feed alone (for the site's feed), then the rest (for a list page), each once.
    assert back.feed == entry.feed and decoded == ["feed"]
    # `dated` has a class default (None): still read from the entry, not the class.
    assert back.dated == entry.dated and back.dated is not None
    assert decoded == ["feed", "dated"]
    assert (back.summary, back.note, back.statuses, back.overdue) == (
        entry.summary, entry.note, entry.statuses, entry.overdue)
    assert back == entry and decoded == ["feed", "dated"]
    assert pickle.loads(pickle.dumps(back)) == entry


def _feed(slug: str, days: list[int]) -> PlanFeed:
    """A plan's feed with an entry on each of `days` (days after 2020-01-01); several plans
    share days, so that entries tie at the site feed's last place."""
    url = f"https://example.org/plans/{slug}/"
    entries = [Entry(f"{url}#update-{n}", f"Updated: {slug}", date(2020, 1, 1) +
                     timedelta(days=day), "A note.", f"{url}#update-{n}", (1, f"{n:06d}"))
               for n, day in enumerate(days, start=1)]
    return PlanFeed(slug, f"Updates to {slug}", "Trust", tuple(entries))


def test_the_site_feed_from_the_plans_that_can_be_in_it_equals_the_one_from_all(
        tmp_path: Path) -> None:
    content = load(write_content(tmp_path / "content"))
    feeds = [_feed(f"plan-{i:03d}", [i % 37, (i * 7) % 53, 60 if i % 5 == 0 else i % 11])
             for i in range(3 * MAX_ENTRIES)]
    entries: list[Any] = [SimpleNamespace(feed=f, feed_keys=feed_keys(f)) for f in feeds]
    chosen = site_feeds(entries)
    assert MAX_ENTRIES <= sum(len(f.entries) for f in chosen) < 3 * len(feeds)
    assert site_feed_xml(content, chosen) == site_feed_xml(content, feeds)
    # With few entries, every feed.
    few = entries[:10]
    assert site_feeds(few) == [e.feed for e in few]


def test_an_entry_with_no_date_of_change_has_no_lastmod(entry: PlanEntry) -> None:
    view = _view_of(entry)
    view.dated = None
    bare = PlanEntry.of(view, entry.feed)
    assert pickle.loads(pickle.dumps(bare)).lastmod_iso is None


def _view_of(entry: PlanEntry) -> Any:
    return SimpleNamespace(**{name: getattr(entry, name) for name in (
        "slug", "url", "title", "kind", "reference", "owner", "commissioned_by", "reviewer",
        "published", "published_iso", "period", "summary", "note", "counts", "total",
        "percent_complete", "withheld", "statuses", "dated", "overdue")})
