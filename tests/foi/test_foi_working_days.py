"""Working days as the ICO counts them, with England and Wales bank holidays."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from generator.content.working_days import (
    STATUTORY_LIMIT,
    bank_holidays,
    deadline,
    easter_sunday,
    is_working_day,
    working_days_between,
)

# Published by GOV.UK (www.gov.uk/bank-holidays), England and Wales: the facts to match.
PUBLISHED = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26",
           "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
}
# Easter Sundays from published calendars, including the earliest and latest possible dates.
EASTER = [date(1818, 3, 22), date(1943, 4, 25), date(2000, 4, 23), date(2008, 3, 23),
          date(2011, 4, 24), date(2019, 4, 21), date(2038, 4, 25)]


def test_bank_holidays_match_the_published_list() -> None:
    for year, days in PUBLISHED.items():
        assert [d.strftime("%m-%d") for d in bank_holidays(year)] == days, year


def test_one_off_holidays() -> None:
    assert date(2011, 4, 29) in bank_holidays(2011)  # royal wedding
    assert {date(2012, 6, 4), date(2012, 6, 5)} <= set(bank_holidays(2012))  # jubilee
    assert date(2012, 5, 28) not in bank_holidays(2012)  # spring holiday moved to June
    assert date(2020, 5, 4) not in bank_holidays(2020)  # early May moved to VE day


def test_easter_computus() -> None:
    for sunday in EASTER:
        assert easter_sunday(sunday.year) == sunday


def test_substitute_days_for_christmas_on_a_weekend() -> None:
    # Christmas on a Saturday (2021): Monday and Tuesday; on a Sunday (2022): Boxing Day
    # keeps Monday 26th and Christmas moves to Tuesday 27th.
    names = bank_holidays(2022)
    assert names[date(2022, 12, 26)] == "Boxing Day"
    assert names[date(2022, 12, 27)] == "Christmas Day (substitute day)"
    assert date(2022, 12, 25) not in names
    assert bank_holidays(2021)[date(2021, 12, 28)] == "Boxing Day (substitute day)"


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2023, 1, 14))  # Saturday
    assert not is_working_day(date(2023, 1, 15))  # Sunday
    assert not is_working_day(date(2023, 4, 7))  # Good Friday
    assert not is_working_day(date(2023, 5, 8))  # coronation
    assert is_working_day(date(2023, 1, 10))


def test_foi_47815_took_twenty_working_days() -> None:
    # Received Tuesday 10 January 2023; day 1 is Wednesday 11th; responded Tuesday 7 February.
    assert working_days_between(date(2023, 1, 10), date(2023, 2, 7)) == 20
    assert deadline(date(2023, 1, 10)) == date(2023, 2, 7)


def test_a_request_spanning_easter_and_the_coronation() -> None:
    # Received Thursday 6 April 2023: Good Friday, Easter Monday, 1 May and 8 May do not count.
    received = date(2023, 4, 6)
    assert working_days_between(received, date(2023, 4, 11)) == 1
    assert deadline(received) == date(2023, 5, 10)
    assert working_days_between(received, date(2023, 5, 11)) == STATUTORY_LIMIT + 1


def test_received_on_a_weekend_starts_on_monday() -> None:
    assert working_days_between(date(2023, 1, 14), date(2023, 1, 16)) == 1
    assert working_days_between(date(2023, 1, 14), date(2023, 1, 14)) == 0


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2040, 12, 31)))
def test_the_deadline_is_the_twentieth_working_day(received: date) -> None:
    due = deadline(received)
    assert is_working_day(due)
    assert working_days_between(received, due) == STATUTORY_LIMIT
    assert working_days_between(received, due - timedelta(days=1)) == STATUTORY_LIMIT - 1


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2040, 12, 31)),
       st.integers(min_value=0, max_value=120))
def test_working_days_never_exceed_weekdays(received: date, span: int) -> None:
    responded = received + timedelta(days=span)
    weekdays = sum((received + timedelta(days=n)).weekday() < 5 for n in range(1, span + 1))
    taken = working_days_between(received, responded)
    assert 0 <= taken <= weekdays
    holidays = [d for y in range(received.year, responded.year + 1) for d in bank_holidays(y)
                if received < d <= responded]
    assert all(d.weekday() < 5 for d in holidays)  # a weekend holiday moves to a weekday
    assert weekdays - taken == len(holidays)
