"""Dates as authors write them: a day (2019-09-30) or a whole month (2019-09)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

@dataclass(frozen=True, order=True)
class Month:
    """A whole month, due by its last day."""

    year: int
    month: int

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()


DayOrMonth = date | Month


def parse_day(value: Any) -> date:
    """An ISO day; the message is what an author reads if it is anything else."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = _DAY.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(
                f'must be a real date like 2019-09-30, but "{text}" does not exist'
            ) from None
    raise ValueError(f'must be a date like 2019-09-30, but it is "{text}"')


def parse_day_or_month(value: Any) -> DayOrMonth:
    if isinstance(value, date | Month):
        return value
    text = str(value).strip()
    match = _MONTH.match(text)
    if match:
        month = int(match[2])
        if 1 <= month <= 12:
            return Month(int(match[1]), month)
        raise ValueError(f'must be a real month like 2019-09, but "{text}" has no month {month}')
    if _DAY.match(text):
        return parse_day(text)
    raise ValueError(f'must be a date like 2019-09-30 or a month like 2019-09, but it is "{text}"')


def parse_optional_day_or_month(value: Any) -> DayOrMonth | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_day_or_month(value)


def parse_end(value: Any) -> DayOrMonth | str:
    """The end of a period: a date, a month or `ongoing`."""
    if isinstance(value, str) and value.strip().lower() == "ongoing":
        return "ongoing"
    try:
        return parse_day_or_month(value)
    except ValueError:
        raise ValueError(
            "must be a date like 2019-09-30, a month like 2019-09 or \"ongoing\", "
            f'but it is "{value}"'
        ) from None


def due_date(value: DayOrMonth) -> date:
    """The last day on which the target is still met."""
    return value.last_day if isinstance(value, Month) else value


def start_date(value: DayOrMonth) -> date:
    return value.first_day if isinstance(value, Month) else value


def human(value: DayOrMonth | None) -> str:
    """30 September 2019, or September 2019 for a month."""
    if value is None:
        return ""
    if isinstance(value, Month):
        return f"{calendar.month_name[value.month]} {value.year}"
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def iso(value: DayOrMonth | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.isoformat()


Day = Annotated[date, BeforeValidator(parse_day), PlainSerializer(iso, return_type=str)]
DayOrMonthField = Annotated[
    Any, BeforeValidator(parse_day_or_month), PlainSerializer(iso, return_type=str)
]
OptionalDayOrMonth = Annotated[
    Any, BeforeValidator(parse_optional_day_or_month), PlainSerializer(iso, return_type=str)
]
PeriodEnd = Annotated[
    Any, BeforeValidator(parse_end),
    PlainSerializer(lambda v: v if isinstance(v, str) else iso(v), return_type=str),
]
