"""Cell values as plans write them → plan values: dates, RAG status, lists, headings.

Dates are UK day-first (30/11/2013). A month and a two-digit year ("Apr-14", "January 19")
is that month of 20YY: plans give targets as months far more often than as days of the
current year. Anything else is not guessed at: the caller keeps the text and reports it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from generator.content.dates import ONGOING, DayOrMonth, Month, Target, parse_day_or_month
from generator.content.models import ActionStatus
from generator.content.targets import fy_reading, ongoing_like, parse_target, quarter_reading
from generator.importer.table import Cell

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))

_LEAD_IN = r"(?:(?:by|before)\s+)?(?:(?:the\s+)?end\s+of\s+)?"
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})")
_MONTH_YEAR = re.compile(rf"({_MONTH_NAME})\.?\s*[-/ ]\s*'?(\d{{4}}|\d{{2}})")
_DAY_MONTH_YEAR = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+({_MONTH_NAME})\.?,?[\s-]+(\d{{4}}|\d{{2}})")
_MONTH_DAY_YEAR = re.compile(rf"({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s*(\d{{4}})")


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 4:
        return value
    return 2000 + value if value < 70 else 1900 + value


def parse_date_text(text: str) -> DayOrMonth | None:
    """A day or a month from the ways plans write them; None if it is not one of them."""
    value = " ".join(text.split()).lower().rstrip(".")
    match = re.fullmatch(_LEAD_IN + r"(.+)", value)
    value = match[1] if match else value
    try:
        return parse_day_or_month(value)
    except ValueError:
        pass
    try:
        if m := _DMY.fullmatch(value):
            return date(_year(m[3]), int(m[2]), int(m[1]))
        if m := _DAY_MONTH_YEAR.fullmatch(value):
            return date(_year(m[3]), _MONTHS[m[2]], int(m[1]))
        if m := _MONTH_DAY_YEAR.fullmatch(value):
            return date(_year(m[3]), _MONTHS[m[1]], int(m[2]))
    except ValueError:  # 31/02/2019: not a real day
        return None
    if m := _MONTH_YEAR.fullmatch(value):
        return Month(_year(m[2]), _MONTHS[m[1]])
    return None


def parse_date_cell(cell: Cell) -> DayOrMonth | None:
    if cell.when is not None:
        return Month(cell.when.year, cell.when.month) if cell.month_only else cell.when
    return parse_date_text(cell.text) if cell.text else None


def parse_target_cell(cell: Cell) -> tuple[Target | None, str | None]:
    """A target as plans write it, and a note for the author when it was a reading, not a
    certainty ("Q3 2017" may be a financial-year quarter)."""
    if cell.when is not None:
        return parse_date_cell(cell), None
    text = " ".join(cell.text.split())
    if not text:
        return None, None
    try:
        return parse_target(text), None  # 2019-09-30, 2019-Q3, "2019/20 Q3", Ongoing
    except ValueError:
        pass
    when = parse_date_text(text)
    if when is not None:
        return when, None
    if ongoing_like(text):
        exact = re.fullmatch(r"on[\s-]?going\.?", text, re.I) is not None
        return ONGOING, None if exact else f'the table says "{text}": read as ongoing (no end ' \
            "date, never overdue)."
    fy = fy_reading(text)
    if fy is not None:
        return fy, None
    cal = quarter_reading(text)
    if cal is not None:
        return cal, (f'the table says "{text}": read as the calendar quarter {cal.human()}; '
                     f"if it is a financial-year quarter, write {cal.year}/"
                     f"{(cal.year + 1) % 100:02d} Q{cal.quarter}.")
    return None, None


# ---------------------------------------------------------------- status

# Checked in this order, so "Not complete" is not read as "complete" and
# "Partially complete" is in progress. Blue is the assured-complete colour of BRAG.
_STATUS_WORDS: tuple[tuple[str, ActionStatus], ...] = (
    (r"\bnot\b|\bincomplete\b|\bred\b|^r$|\boutstanding\b|\boverdue\b", "not-started"),
    (r"\bin progress\b|\bongoing\b|\bon track\b|\bamber\b|^a$|\bpartial(ly)?\b|\bstarted\b"
     r"|\bprogressing\b|\bunderway\b|\bunder way\b", "in-progress"),
    (r"\bcomplete[d]?\b|\bdone\b|\bachieved\b|\bgreen\b|^g$|\bblue\b|^b$"
     r"|\bassured\b|\bimplemented\b", "complete"),
)
# Ended without being done: the cell's words become the reason (the author checks them).
CLOSED_WORDS = re.compile(r"\b(superseded|withdrawn|not accepted|no longer (required|needed|"
                          r"applicable)|merged|cancelled|rejected|closed)\b", re.I)


def status_from_word(text: str) -> ActionStatus | None:
    value = " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())
    if not value:
        return None
    for pattern, status in _STATUS_WORDS:
        if re.search(pattern, value):
            return status
    return None


def status_from_fill(rgb: str | None) -> tuple[ActionStatus, str] | None:
    """A RAG colour by its hue: (status, colour name); None for white, grey or black."""
    if not rgb:
        return None
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    top, low = max(r, g, b), min(r, g, b)
    if top < 60 or top - low < 60:  # too dark or too grey to be a RAG colour
        return None
    if top == r:
        hue = (60 * (g - b) / (top - low)) % 360
    elif top == g:
        hue = 60 * (b - r) / (top - low) + 120
    else:
        hue = 60 * (r - g) / (top - low) + 240
    if hue < 15 or hue >= 330:
        return "not-started", "red"
    if hue < 70:
        return "in-progress", "amber"
    if hue < 170:
        return "complete", "green"
    if hue < 260:
        return "complete", "blue"
    return None


_PLAINLY_COMPLETE = re.compile(r"(?:action\s+)?complete[d]?\s*(?:[.!:;,–—-]|$)", re.I)


def status_from_progress(text: str) -> ActionStatus:
    """Only a plain statement counts as complete ("Complete. …"); any other progress text
    means work has started; no progress text means it has not."""
    if _PLAINLY_COMPLETE.match(text.strip()):
        return "complete"
    return "in-progress" if text.strip() else "not-started"


# ---------------------------------------------------------------- lists and headings

_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣]|o(?=\s))\s*")


def numbered_items(text: str) -> list[str] | None:
    """The items of a cell that is wholly a numbered list (1. … 2. …), else None."""
    items: list[str] = []
    for line in text.splitlines():
        match = _ITEM.match(line)
        if match and int(match[1]) == len(items) + 1:
            items.append(line[match.end():])
        elif items:
            items[-1] += "\n" + line
        elif line.strip():
            return None
    return [item.strip() for item in items] if len(items) >= 2 else None


def lead_roles(text: str) -> list[str]:
    """One role per line, without bullets; a single line stays as written."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        return [lines[0].strip()]
    return [_BULLET.sub("", _ITEM.sub("", line)).strip() for line in lines]


# "Recommendation 8: …", "Recommendations 5, 7 and 10: …", "Recommendation 7" alone.
_HEADING = re.compile(
    r"recommendations?\s+(?P<number>[A-Za-z]?\d[^:\n]{0,38}?|[A-Z]{1,2}|[IVXivx]{1,6})\s*:\s*(?P<text>.*)"
    r"|recommendations?\s+(?P<bare>\d[\w.]*(?:\s*(?:,|&|and)\s*\d[\w.]*)*)"
    r"(?:\s*$|\s*[.–—-]\s+(?P<rest>.*))", re.I | re.S)


@dataclass(frozen=True)
class Heading:
    number: str | None
    text: str


def parse_heading(text: str) -> Heading:
    """ "Recommendations 5, 7 and 10: Improved …" → number "5, 7 and 10" and the text."""
    match = _HEADING.fullmatch(text.strip())
    if not match:
        return Heading(None, text.strip())
    if match["number"] is not None:
        return Heading(match["number"].strip(), match["text"].strip())
    return Heading(match["bare"], (match["rest"] or "").strip())


def heading_text(number: str | None, text: str) -> str:
    """The spanning-row text for a recommendation: `parse_heading`'s inverse."""
    if number is None:
        return text
    plural = "s" if re.search(r",|&|\band\b", number) else ""
    return f"Recommendation{plural} {number}: {text}"


_UPDATE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?|\d{1,2}/\d{1,2}/\d{4}):\s+", re.M)


def dated_updates(text: str) -> list[tuple[DayOrMonth, str]] | None:
    """Progress written as dated paragraphs ("2020-08-01: Complete. …"), else None."""
    starts = list(_UPDATE.finditer(text))
    if not starts or starts[0].start() != 0:
        return None
    updates = []
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        when = parse_date_text(match[1])
        body = text[match.end(): following.start() if following else len(text)].strip()
        if when is None or not body:
            return None
        updates.append((when, body))
    return updates
