"""Overdue is derived: not complete, and the target's last day is before the as-at date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from generator.content.dates import Month
from generator.content.models import Action
from generator.content.status import action_status, count_statuses, is_overdue


def action(**changes: Any) -> Action:
    fields: dict[str, Any] = {"ref": "1", "action": "Do it.", "status": "in-progress",
                              "target": "2019-09-30"}
    fields.update(changes)
    return Action.model_validate(fields)


@pytest.mark.parametrize(("target", "as_at", "overdue"), [
    ("2019-09-30", date(2019, 9, 29), False),
    ("2019-09-30", date(2019, 9, 30), False),  # due today is not yet overdue
    ("2019-09-30", date(2019, 10, 1), True),
    ("2019-09", date(2019, 9, 1), False),
    ("2019-09", date(2019, 9, 30), False),     # a month target runs to its last day
    ("2019-09", date(2019, 10, 1), True),
    ("2020-02", date(2020, 2, 29), False),     # leap year: February has 29 days
    ("2020-02", date(2020, 3, 1), True),
    ("2019-12", date(2020, 1, 1), True),       # across a year end
])
def test_overdue_boundaries(target: str, as_at: date, overdue: bool) -> None:
    assert is_overdue(action(target=target), as_at) is overdue
    assert action_status(action(target=target), as_at).label == (
        "Overdue" if overdue else "In progress")


def test_complete_is_never_overdue() -> None:
    assert not is_overdue(action(status="complete"), date(2030, 1, 1))
    assert action_status(action(status="complete"), date(2030, 1, 1)).label == "Complete"


def test_no_target_is_never_overdue() -> None:
    assert not is_overdue(action(target=None), date(2030, 1, 1))


def test_not_started_past_target_is_overdue_and_red() -> None:
    status = action_status(action(status="not-started", target="2019-01"), date(2019, 2, 1))
    assert (status.key, status.label, status.rag) == ("overdue", "Overdue", "red")


def test_labels_and_colours() -> None:
    as_at = date(2000, 1, 1)
    seen = {s: action_status(action(status=s), as_at) for s in
            ("complete", "in-progress", "not-started")}
    assert {k: (v.label, v.rag) for k, v in seen.items()} == {
        "complete": ("Complete", "green"),
        "in-progress": ("In progress", "amber"),
        "not-started": ("Not started", "red"),
    }


def test_counts() -> None:
    actions = [action(status="complete"), action(), action(target="2030-01-01")]
    assert count_statuses(actions, date(2026, 11, 22)) == {
        "overdue": 1, "not-started": 0, "in-progress": 1, "complete": 1, "closed": 0}


def test_month_parsing_in_model() -> None:
    assert action(target="2019-09").target == Month(2019, 9)


@pytest.mark.parametrize(("target", "as_at", "overdue"), [
    ("2019-Q3", date(2019, 9, 30), False),     # a quarter is met until its last day
    ("2019-Q3", date(2019, 10, 1), True),
    ("2019-Q4", date(2019, 12, 31), False),
    ("2019-Q4", date(2020, 1, 1), True),       # across a year end
    ("2019/20 Q3", date(2019, 12, 31), False), # financial Q3 is October to December 2019
    ("2019/20 Q3", date(2020, 1, 1), True),
    ("2019/20 Q1", date(2019, 6, 30), False),  # financial Q1 is April to June
    ("2019/20 Q1", date(2019, 7, 1), True),
    ("2019/20 Q4", date(2020, 3, 31), False),  # financial Q4 is January to March 2020
    ("2019/20 Q4", date(2020, 4, 1), True),
    ("ongoing", date(2099, 1, 1), False),      # ongoing is never overdue
    ("Ongoing", date(2099, 1, 1), False),
])
def test_period_targets_are_due_by_their_last_day(target: str, as_at: date,
                                                  overdue: bool) -> None:
    assert is_overdue(action(target=target), as_at) is overdue


def test_closed_is_never_overdue_and_counted_on_its_own() -> None:
    closed = action(status="closed", closed_reason="Superseded.", target="2015-03")
    status = action_status(closed, date(2030, 1, 1))
    assert not is_overdue(closed, date(2030, 1, 1))
    assert (status.key, status.label) == ("closed", "Closed")
    counts = count_statuses([closed, action(status="complete")], date(2030, 1, 1))
    assert counts["closed"] == 1 and counts["complete"] == 1 and counts["overdue"] == 0
