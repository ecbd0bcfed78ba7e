"""Derived status: what readers see is computed, never typed by authors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.content.dates import ONGOING, due_date
from generator.content.models import Action


@dataclass(frozen=True)
class Status:
    key: str  # complete | in-progress | not-started | overdue | closed
    label: str
    rag: str  # green | amber | red | grey: colour is never shown without the label

    def __str__(self) -> str:
        return self.label


COMPLETE = Status("complete", "Complete", "green")
IN_PROGRESS = Status("in-progress", "In progress", "amber")
NOT_STARTED = Status("not-started", "Not started", "red")
OVERDUE = Status("overdue", "Overdue", "red")
# Ended without being completed (superseded, not accepted): never overdue, never complete.
CLOSED = Status("closed", "Closed", "grey")
ORDER = [OVERDUE, NOT_STARTED, IN_PROGRESS, COMPLETE, CLOSED]
BY_KEY = {s.key: s for s in ORDER}


def is_overdue(action: Action, as_at: date) -> bool:
    """Not complete or closed, and the target's last day is before the as-at date.

    A month target (2019-09) is met until 30 September 2019, so it is overdue from 1 October;
    a quarter (2019-Q3, 2019/20 Q3) likewise from the day after its last day. An `ongoing`
    target has no last day and is never overdue.
    """
    if action.status in ("complete", "closed") or action.target in (None, ONGOING):
        return False
    return due_date(action.target) < as_at


# A draft's "TODO: …" status (see models.DraftActionStatus), shown only in previews: counted
# as not started, and saying that it is not known.
UNCONFIRMED = Status("not-started", "Status to be confirmed", "red")


def action_status(action: Action, as_at: date) -> Status:
    if is_overdue(action, as_at):
        return OVERDUE
    return BY_KEY.get(action.status, UNCONFIRMED)


def count_statuses(actions: list[Action], as_at: date) -> dict[str, int]:
    counts = {s.key: 0 for s in ORDER}
    for action in actions:
        counts[action_status(action, as_at).key] += 1
    return counts
