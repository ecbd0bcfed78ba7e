"""What changed and when: "Published", "Last updated", "See all updates" and the sitemap's dates.

Every date here comes from the content (published dates, FOI response dates, change notes),
never from the clock, so the same content builds the same pages, feeds and sitemap.

The status changes listed under a plan's change note are worked out from the plan as it is
now, not from an archived copy of what was approved before (the publisher keeps none):
- an action is listed as completed by a note when it is complete now and its newest progress
  update is dated after the previous note (or the publication date, for the first note) and
  no later than this note;
- an action is listed as having become overdue when it is overdue as at this note's date and
  was not as at the previous note's (or the publication date), judged on its status now.
So the list is what the dated content shows, and an action completed later is not listed as
having become overdue before it was. The notes' own words are shown as the author wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.content.dates import DayOrMonth, human, iso, start_date
from generator.content.models import ActionPlan, ChangeNote
from generator.content.status import is_overdue
from generator.presentation.markup import anchor


@dataclass(frozen=True)
class ChangeView:
    number: int  # 1 for the oldest note: with the page's address, the note's lasting id
    date: str
    date_iso: str
    note: str
    completed: tuple[tuple[str, str], ...] = ()  # (action ref, its anchor on the page)
    overdue: tuple[tuple[str, str], ...] = ()

    @property
    def anchor(self) -> str:
        return f"update-{self.number}"


@dataclass(frozen=True)
class Dated:
    """A page's "Published" and "Last updated" dates (text and ISO) and its notes."""

    published: str
    published_iso: str
    updated: str
    updated_iso: str
    changes: tuple[ChangeView, ...]  # newest first

    @property
    def was_updated(self) -> bool:
        return bool(self.changes)


def ordered(changes: list[ChangeNote]) -> list[tuple[int, ChangeNote]]:
    """(number, note), oldest first: by date, then as written (notes are appended)."""
    numbered = list(enumerate(changes, start=1))
    return sorted(numbered, key=lambda item: (item[1].date, item[0]))


def dated(published: DayOrMonth | None, changes: list[ChangeNote],
          views: list[ChangeView] | None = None) -> Dated:
    """Last updated is the newest change note's date, else the publication date."""
    views = views if views is not None else [
        ChangeView(n, human(c.date), iso(c.date), c.note) for n, c in ordered(changes)]
    newest = views[-1] if views else None
    return Dated(
        published=human(published) if published else "",
        published_iso=iso(published),
        updated=newest.date if newest else human(published) if published else "",
        updated_iso=newest.date_iso if newest else iso(published),
        changes=tuple(reversed(views)),
    )


def last_changed(published: DayOrMonth | None, changes: list[ChangeNote]) -> date | None:
    """The day a page last changed for readers: for the sitemap and the feeds."""
    days = [c.date for c in changes]
    if published is not None:
        days.append(start_date(published))
    return max(days, default=None)


def plan_dated(plan: ActionPlan) -> Dated:
    """A plan's dates, each note with the status changes the dated content shows (see above)."""
    actions = plan.actions()
    views: list[ChangeView] = []
    before = start_date(plan.published)
    for number, change in ordered(plan.changes):
        completed = tuple((a.ref, "action-" + anchor(a.ref)) for a in actions
                          if a.status == "complete" and a.progress
                          and before < _newest_progress(a) <= change.date)
        overdue = tuple((a.ref, "action-" + anchor(a.ref)) for a in actions
                        if is_overdue(a, change.date) and not is_overdue(a, before))
        views.append(ChangeView(number, human(change.date), iso(change.date), change.note,
                                completed, overdue))
        before = max(before, change.date)
    return dated(plan.published, plan.changes, views)


def _newest_progress(action: object) -> date:
    progress = getattr(action, "progress", [])
    return max(start_date(p.date) for p in progress)


def page_published(published: DayOrMonth | None, changes: list[ChangeNote],
                   approved: date) -> DayOrMonth:
    """A page's publication date: `published`, else its oldest change note, else the date it
    was approved (a page that never said when it was published was published when approved)."""
    if published is not None:
        return published
    return min((c.date for c in changes), default=approved)
