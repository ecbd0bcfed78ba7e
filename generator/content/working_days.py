"""Working days for FOI deadlines: England and Wales bank holidays, counted as the ICO counts.

FOIA section 10 gives 20 working days; a working day is any day except a Saturday, a Sunday,
Christmas Day, Good Friday or a bank holiday in England and Wales. The ICO counts the first
working day after the request was received as day 1.

Bank holidays are computed, not downloaded: the site is built offline and the rules are stable.
One-off holidays and moved dates are listed by proclamation year; a new one (a coronation, a
state funeral) must be added to ONE_OFF or MOVED when it is proclaimed.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

STATUTORY_LIMIT = 20  # FOIA s10(1): "promptly and in any event not later than the twentieth"

# Holidays proclaimed for one year only.
ONE_OFF: dict[date, str] = {
    date(1999, 12, 31): "Millennium celebrations",
    date(2002, 6, 3): "Golden Jubilee of Elizabeth II",
    date(2011, 4, 29): "Wedding of Prince William and Catherine Middleton",
    date(2012, 6, 5): "Diamond Jubilee of Elizabeth II",
    date(2022, 6, 3): "Platinum Jubilee of Elizabeth II",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}

# Regular holidays moved by proclamation: (year, name) → the day it was held instead.
MOVED: dict[tuple[int, str], date] = {
    (1995, "Early May bank holiday"): date(1995, 5, 8),  # VE Day 50th anniversary
    (2020, "Early May bank holiday"): date(2020, 5, 8),  # VE Day 75th anniversary (a Friday)
    (2002, "Spring bank holiday"): date(2002, 6, 4),  # Golden Jubilee weekend
    (2012, "Spring bank holiday"): date(2012, 6, 4),  # Diamond Jubilee weekend
    (2022, "Spring bank holiday"): date(2022, 6, 2),  # Platinum Jubilee weekend (a Thursday)
}


def easter_sunday(year: int) -> date:
    """Gregorian Easter by the anonymous computus (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=last.weekday())


def _next_weekday(day: date, taken: set[date]) -> date:
    """The substitute day: the next weekday that is not already a holiday."""
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> dict[date, str]:
    """Every bank holiday in England and Wales in `year` (rules since 1978), with its name."""
    easter = easter_sunday(year)
    regular = {
        "Good Friday": easter - timedelta(days=2),
        "Easter Monday": easter + timedelta(days=1),
        "Spring bank holiday": _last_monday(year, 5),
        "Summer bank holiday": _last_monday(year, 8),
    }
    if year >= 1978:  # the early May bank holiday was first held in 1978
        regular["Early May bank holiday"] = _first_monday(year, 5)
    found: dict[date, str] = {}
    for name, day in regular.items():
        found[MOVED.get((year, name), day)] = name
    # Fixed dates falling at a weekend are carried to the next free weekday, in this order:
    # Christmas on a Sunday makes Boxing Day the Monday and Christmas's substitute the Tuesday.
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    order = [(date(year, 1, 1), "New Year's Day")]
    if christmas.weekday() == 6:  # Sunday: Boxing Day keeps Monday 26th
        order += [(boxing, "Boxing Day"), (christmas, "Christmas Day")]
    else:
        order += [(christmas, "Christmas Day"), (boxing, "Boxing Day")]
    for day, name in order:
        held = _next_weekday(day, set(found))
        found[held] = name if held == day else f"{name} (substitute day)"
    for day, name in ONE_OFF.items():
        if day.year == year:
            found[day] = name
    return dict(sorted(found.items()))


def is_working_day(day: date) -> bool:
    # Christmas Day and Good Friday are excluded even when they are not bank holidays by
    # name (FOIA s10(6)); here they always are, so the bank holiday list covers them.
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days_between(received: date, responded: date) -> int:
    """Working days taken: day 1 is the first working day after the day of receipt."""
    if responded <= received:
        return 0
    count = 0
    day = received + timedelta(days=1)
    while day <= responded:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def deadline(received: date, limit: int = STATUTORY_LIMIT) -> date:
    """The last day of the statutory period: the `limit`-th working day after receipt."""
    day, count = received, 0
    while count < limit:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return day
