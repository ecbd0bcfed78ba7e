"""Plain, already-redacted data shaped for templates: no logic left for Jinja to do."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import Markup

from generator.content.dates import DayOrMonth, html_datetime, human, iso
from generator.content.models import KIND_LABELS, Action, ActionPlan, Doc
from generator.content.status import ORDER, Status, action_status
from generator.presentation.markup import anchor, to_html
from generator.presentation.updates import Dated, plan_dated


@dataclass(frozen=True)
class ProgressView:
    """A dated progress note; its date is formatted here, from the content's own date."""

    when: DayOrMonth
    html: Markup

    @property
    def date(self) -> str:
        return human(self.when)

    @property
    def date_iso(self) -> str:
        return iso(self.when)


@dataclass(frozen=True)
class ActionView:
    ref: str
    anchor: str
    agencies: list[str]
    action: Markup
    lead: list[str]
    target: str
    target_iso: str
    status: Status
    closed_reason: Markup
    details: list[tuple[str, Markup]]
    progress: list[ProgressView]  # newest first
    latest_progress: str


@dataclass(frozen=True)
class RecommendationView:
    number: str | None
    heading: str
    text: Markup
    actions: list[ActionView]


@dataclass(frozen=True)
class AgencyView:
    name: str
    anchor: str
    recommendations: list[RecommendationView]

    @property
    def count(self) -> int:
        return sum(len(r.actions) for r in self.recommendations)


@dataclass(frozen=True, kw_only=True)
class PlanSummary:
    """A plan without its recommendations: what the index pages show of it."""

    slug: str
    url: str
    title: str
    kind: str
    reference: str | None
    owner: str
    commissioned_by: str | None
    reviewer: str | None
    published: str
    published_iso: str
    period: str | None
    summary: Markup
    note: Markup
    counts: dict[str, int]
    total: int
    percent_complete: int  # of every action, closed ones included: they were not completed
    withheld: int
    statuses: list[Status] = field(default_factory=lambda: list(ORDER))
    dated: Dated | None = None  # Published, Last updated and the change notes


@dataclass(frozen=True, kw_only=True)
class PlanView(PlanSummary):
    """The whole plan, for its own page."""

    recommendations: list[RecommendationView]
    agencies: list[AgencyView]

    @property
    def actions(self) -> list[ActionView]:
        return [a for r in self.recommendations for a in r.actions]

    @property
    def overdue(self) -> list[ActionView]:
        return [a for a in self.actions if a.status.key == "overdue"]


DETAIL_FIELDS = [
    ("desired_outcome", "Desired outcome"),
    ("monitoring", "Monitoring"),
    ("success_measure", "How success will be measured"),
    ("evidence", "Evidence"),
    ("assured_by", "Assured by"),
]


def action_view(action: Action, as_at: date) -> ActionView:
    updates = sorted(action.progress, key=lambda p: _sort_key(p.date), reverse=True)
    progress = [ProgressView(p.date, to_html(p.text)) for p in updates]
    details = [(label, to_html(getattr(action, name))) for name, label in DETAIL_FIELDS
               if getattr(action, name)]
    return ActionView(
        ref=action.ref,
        anchor="action-" + anchor(action.ref),
        agencies=list(action.agency),
        action=to_html(action.action),
        lead=list(action.lead),
        target=human(action.target) if action.target else "No target date",
        target_iso=html_datetime(action.target),
        status=action_status(action, as_at),
        closed_reason=to_html(action.closed_reason),
        details=details,
        progress=progress,
        latest_progress=progress[0].date_iso if progress else "",
    )


def _sort_key(value: DayOrMonth) -> str:
    return iso(value)


def plan_view(doc: Doc[ActionPlan], as_at: date, withheld: int = 0) -> PlanView:
    plan = doc.data
    recs = [
        RecommendationView(
            number=rec.number,
            heading=f"Recommendation {rec.number}" if rec.number else "Recommendation",
            text=to_html(rec.text),
            actions=[action_view(a, as_at) for a in rec.actions],
        )
        for rec in plan.recommendations
    ]
    counts = {s.key: 0 for s in ORDER}
    for rec in recs:
        for act in rec.actions:
            counts[act.status.key] += 1
    total = sum(counts.values())
    period = None
    if plan.period:
        end = "ongoing" if plan.period.to == "ongoing" else human(plan.period.to)
        period = f"{human(plan.period.from_)} to {end}"
    return PlanView(
        slug=doc.slug,
        url=f"plans/{doc.slug}/",
        title=plan.title,
        kind=KIND_LABELS[plan.kind],
        reference=plan.reference,
        owner=plan.owner,
        commissioned_by=plan.commissioned_by,
        reviewer=plan.reviewer,
        published=human(plan.published),
        published_iso=iso(plan.published),
        period=period,
        summary=to_html(plan.summary),
        note=to_html(plan.note),
        recommendations=recs,
        agencies=_by_agency(recs),
        counts=counts,
        total=total,
        percent_complete=round(100 * counts["complete"] / total) if total else 0,
        withheld=withheld,
        dated=plan_dated(plan),
    )


def _by_agency(recs: list[RecommendationView]) -> list[AgencyView]:
    """The same recommendations, read one agency at a time (multi-agency plans)."""
    names: list[str] = []
    for rec in recs:
        for act in rec.actions:
            names += [name for name in act.agencies if name not in names]
    if len(names) < 2:
        return []
    views = []
    shown: set[str] = set()
    for name in names:
        # A shared action is shown under each of its agencies; after the first, its copies
        # get their own anchors, since an id may be used once in a page.
        own = [
            RecommendationView(r.number, r.heading, r.text,
                               [_once(a, "agency-" + anchor(name), shown) for a in r.actions
                                if name in a.agencies])
            for r in recs
        ]
        views.append(AgencyView(name, "agency-" + anchor(name), [r for r in own if r.actions]))
    return views


def _once(action: ActionView, prefix: str, shown: set[str]) -> ActionView:
    if action.anchor not in shown:
        shown.add(action.anchor)
        return action
    return replace(action, anchor=f"{prefix}-{action.anchor}")
