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

class _Months:
    """A run of whole months, due by the last day of its last month; written in its ISO form."""

    def bounds(self) -> tuple[Month, Month]:
        raise NotImplementedError

    def isoformat(self) -> str:
        raise NotImplementedError

    @property
    def first_day(self) -> date:
        first = self.bounds()[0]
        return date(first.year, first.month, 1)

    @property
    def last_day(self) -> date:
        last = self.bounds()[1]
        return date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True, order=True)
class Month(_Months):
    """A whole month, due by its last day."""

    year: int
    month: int

    def bounds(self) -> tuple[Month, Month]:
        return self, self

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, order=True)
class Quarter(_Months):
    """A calendar quarter (2019-Q3: July to September 2019), due by its last day."""

    year: int
    quarter: int

    def bounds(self) -> tuple[Month, Month]:
        return Month(self.year, 3 * self.quarter - 2), Month(self.year, 3 * self.quarter)

    def isoformat(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}"

    def human(self) -> str:
        return f"{_months(self.first_day, self.last_day)} {self.year}"


@dataclass(frozen=True, order=True)
class FinancialQuarter(_Months):
    """A quarter of a UK public-sector financial year, April to March: 2019/20 Q3 is October to
    December 2019 and 2019/20 Q4 is January to March 2020."""

    start_year: int  # the year the financial year starts in: 2019 for 2019/20
    quarter: int

    @property
    def _calendar(self) -> Quarter:
        if self.quarter == 4:
            return Quarter(self.start_year + 1, 1)
        return Quarter(self.start_year, self.quarter + 1)

    def bounds(self) -> tuple[Month, Month]:
        return self._calendar.bounds()

    def isoformat(self) -> str:
        return f"{self.start_year:04d}/{(self.start_year + 1) % 100:02d} Q{self.quarter}"

    def human(self) -> str:
        return f"{self._calendar.human()} (Q{self.quarter} {self.isoformat().split()[0]})"


def _months(first: date, last: date) -> str:
    return f"{calendar.month_name[first.month]} to {calendar.month_name[last.month]}"


DayOrMonth = date | Month
Period = date | Month | Quarter | FinancialQuarter
ONGOING = "ongoing"
Target = Period | str  # str: only ONGOING


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


def due_date(value: Period) -> date:
    """The last day on which the target is still met."""
    return value if isinstance(value, date) else value.last_day


def start_date(value: Period) -> date:
    return value if isinstance(value, date) else value.first_day


def human(value: Target | None) -> str:
    """30 September 2019, September 2019 for a month, July to September 2019 for a quarter,
    Ongoing."""
    if value is None:
        return ""
    if value == ONGOING:
        return "Ongoing"
    if isinstance(value, Quarter | FinancialQuarter):
        return value.human()
    if isinstance(value, Month):
        return f"{calendar.month_name[value.month]} {value.year}"
    assert isinstance(value, date)
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def html_datetime(value: Target | None) -> str:
    """A value for HTML's datetime attribute: days and months only (a quarter has none)."""
    return value.isoformat() if isinstance(value, date | Month) else ""


def iso(value: Target | None) -> str:
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
