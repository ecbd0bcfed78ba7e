"""An action's target as authors write it, and what to write instead of what real plans say.

Real plans give targets as "31/3/15", "Q3 2017", "2019/20 Q3", "Ongoing" or "TBC". The format
takes a date (2019-09-30), a month (2019-09), a calendar quarter (2019-Q3), a financial-year
quarter (2019/20 Q3: April to March years) or `ongoing`; for anything else the message lists
every form and, where the value says what was meant, exactly what to write.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from generator.content.dates import (
    ONGOING,
    FinancialQuarter,
    Quarter,
    Target,
    iso,
    parse_day_or_month,
)

FORMS = ('a date (2019-09-30), a month (2019-09), a calendar quarter (2019-Q3), a '
         'financial-year quarter (2019/20 Q3) or "ongoing"')

_QUARTER = re.compile(r"^(\d{4})-[Qq](\d)$")
_FY_QUARTER = re.compile(r"^(\d{4})/(\d{2})\s+[Qq](\d)$")


class TargetError(ValueError):
    """A target we cannot read, with a hint that says what to write instead."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def parse_target(value: Any) -> Target:
    if isinstance(value, date):
        return value
    text = " ".join(str(value).split())
    if text.lower() == ONGOING:
        return ONGOING
    quarter = _QUARTER.match(text)
    if quarter:
        return Quarter(int(quarter[1]), _quarter_number(quarter[2], text))
    fy = _FY_QUARTER.match(text)
    if fy:
        start = int(fy[1])
        if int(fy[2]) != (start + 1) % 100:
            raise TargetError(f'must be {FORMS}, but it is "{text}"',
                              f"a financial year runs from April to March of the next year: "
                              f"write {start}/{(start + 1) % 100:02d} Q{fy[3]}.")
        return FinancialQuarter(start, _quarter_number(fy[3], text))
    try:
        return parse_day_or_month(text)
    except ValueError as exc:
        if "does not exist" in str(exc) or "has no month" in str(exc):
            raise
    raise TargetError(f'must be {FORMS}, but it is "{text}"', suggestion(text))


def parse_optional_target(value: Any) -> Target | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_target(value)


def _quarter_number(digit: str, text: str) -> int:
    number = int(digit)
    if not 1 <= number <= 4:
        raise TargetError(f'must be {FORMS}, but it is "{text}"',
                          "a year has four quarters, Q1 to Q4.")
    return number


# What authors write for "no date yet" and "no end date", as found in published plans.
_TBC = re.compile(r"^(tbc|tba|tbd|to be (confirmed|agreed|decided|determined|set))\.?$", re.I)
_ONGOING_LIKE = re.compile(
    r"^(on[\s-]?going|continu(ous|al|ing)(ly)?|rolling|business as usual|bau|"
    r"ongoing\W.*|annual(ly)?|monthly|quarterly|as required|routine)\.?$", re.I)
_NOT_APPLICABLE = re.compile(r"^(n/?a|none|nil|-+|not applicable)\.?$", re.I)
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_MONTH_NAME = re.compile(r"^(?:(?:by\s+)?(?:the\s+)?end\s+(?:of\s+)?)?([A-Za-z]+)\.?[\s\-/,']*"
                         r"(\d{2}|\d{4})$", re.I)
_QUARTER_LIKE = re.compile(r"^(?:q|quarter\s*)([1-4])[\s\-/,]*(\d{4})$|^(\d{4})[\s\-/]*"
                           r"(?:q|quarter\s*)([1-4])$", re.I)
_FY_LIKE = re.compile(r"^(?:(?:q|quarter\s*)([1-4])\s*(?:of\s+)?)?(?:fy\s*)?(\d{2}|\d{4})"
                      r"\s*[/\-]\s*(\d{2}|\d{4})(?:\s*(?:q|quarter\s*)([1-4]))?$", re.I)
_YEAR = re.compile(r"^(?:(?:by\s+)?(?:the\s+)?end\s+(?:of\s+)?)?(\d{4})$", re.I)


def suggestion(text: str) -> str | None:
    """What to write instead of `text`, when it is clear what was meant."""
    if _TBC.match(text):
        return ('leave "target" out until a date is agreed: the plan then shows "No target '
                'date".')
    if _ONGOING_LIKE.match(text):
        return 'write "ongoing" for an action with no end date (it is never overdue).'
    if _NOT_APPLICABLE.match(text):
        return ('write "ongoing" if the action has no end date, or leave "target" out if it has '
                'no target (shown as "No target date").')
    for find in (_day_first, _month_name, _quarter_like, _fy_like, _year):
        found = find(text)
        if found:
            return found
    return None


def _year4(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _day_first(text: str) -> str | None:
    match = _DMY.match(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), _year4(match[3])
    try:
        when = date(year, month, day)
    except ValueError:
        return (f"dates are written year-month-day; {text} read as day/month/year does not "
                "exist: check it.")
    return f"write {when.isoformat()} (year-month-day; {text} read as day/month/year)."


def _month_name(text: str) -> str | None:
    match = _MONTH_NAME.match(text)
    if not match:
        return None
    word = match[1].lower()
    number = next((n for n in range(1, 13) if word in (calendar.month_name[n].lower(),
                                                        calendar.month_abbr[n].lower())
                   or (len(word) >= 3 and calendar.month_name[n].lower().startswith(word))),
                  None)
    if number is None:
        return None
    year = _year4(match[2])
    return f"write {year:04d}-{number:02d} (a month target is due by its last day)."


def quarter_reading(text: str) -> Quarter | None:
    """ "Q3 2017", "2017 Q3", "Quarter 3 2017" as a calendar quarter."""
    match = _QUARTER_LIKE.match(text.strip())
    if not match:
        return None
    number, year = (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
    return Quarter(year, number)


def fy_reading(text: str) -> FinancialQuarter | None:
    """ "Q3 2019/20", "2019/2020 Q3", "Q3 19/20" as a financial-year quarter."""
    match = _FY_LIKE.match(text.strip())
    if not match or not (match[1] or match[4]) or (match[1] and match[4]):
        return None
    first, second = _year4(match[2]), _year4(match[3])
    if second % 100 != (first + 1) % 100:
        return None
    return FinancialQuarter(first, int(match[1] or match[4]))


def ongoing_like(text: str) -> bool:
    return _ONGOING_LIKE.match(text.strip()) is not None


def _quarter_like(text: str) -> str | None:
    cal = quarter_reading(text)
    if cal is None:
        return None
    fy = FinancialQuarter(cal.year, cal.quarter)
    return (f"write {cal} for {cal.human()}, or {fy} if it is a financial-year quarter "
            f"({fy.human().split(' (')[0]}).")


def _fy_like(text: str) -> str | None:
    fy = fy_reading(text)
    if fy is not None:
        return f"write {fy} ({fy.human().split(' (')[0]})."
    match = _FY_LIKE.match(text)
    if not match or match[1] or match[4]:
        return None
    first, second = _year4(match[2]), _year4(match[3])
    if second % 100 != (first + 1) % 100:
        return None
    end = Quarter(first + 1, 1)
    return (f"write {end.last_day.isoformat()[:7]} for the end of the financial year "
            f"{first}/{(first + 1) % 100:02d}, or one of its quarters, e.g. "
            f"{FinancialQuarter(first, 4)}.")


def _year(text: str) -> str | None:
    match = _YEAR.match(text)
    if not match:
        return None
    return f"write {match[1]}-12 for the end of {match[1]}, or a date such as {match[1]}-12-31."


TargetField = Annotated[
    Any, BeforeValidator(parse_optional_target), PlainSerializer(iso, return_type=str)
]
