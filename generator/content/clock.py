"""The FOI clock as the Act runs it: which time limit applied to a response, and whether it was met.

- FOIA section 10(1): 20 working days from receipt. Section 1(3): when the authority asks for
  clarification, the 20 days run from the day the clarification is received. Section 10(3): the
  public interest test may extend the time "as is reasonable in the circumstances"; the ICO's
  guidance is no more than 20 further working days (40 in all), so a longer extension is
  reported, not refused.
- EIR regulation 5(2): 20 working days; regulation 7(1): up to 40 working days for a complex and
  voluminous request — a statutory cap, so an extension beyond the 40th working day does not
  move the limit; regulation 9(4): clarification restarts the clock as FOIA's does.
Working days are counted as the ICO counts them (content/working_days.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.content.dates import human
from generator.content.models import Doc, FoiResponse
from generator.content.working_days import STATUTORY_LIMIT, deadline, working_days_between
from generator.errors import Problem

LONGEST = 40  # EIR regulation 7(1)'s cap; the ICO's reasonable maximum under FOIA s10(3)
REGIME_NAMES = {"foia": "Freedom of Information Act 2000",
                "eir": "Environmental Information Regulations 2004"}
_STANDARD_RULE = {"foia": "section 10(1)", "eir": "regulation 5(2)"}
_EXTENSION_RULE = {"foia": "section 10(3)", "eir": "regulation 7(1)"}
_CLARIFICATION_RULE = {"foia": "section 1(3)", "eir": "regulation 9(4)"}


@dataclass(frozen=True)
class Clock:
    """The time limit that applied to one response, and how the response measured up."""

    regime: str  # foia | eir
    starts: date  # the day the working days are counted from
    standard_due: date  # the 20th working day after `starts`
    due: date  # the limit that applied: standard, or extended
    limit: int  # working days allowed, from `starts` to `due`
    taken: int  # working days from `starts` to the response
    met: bool
    basis: str  # why that limit applied, in a sentence a requester can check

    @property
    def verdict(self) -> str:
        state = "within" if self.met else "after"
        return f"Responded in {self.taken} working days, {state} the limit of {self.limit}."


def clock(foi: FoiResponse) -> Clock:
    regime = foi.regime
    starts = foi.clarification.received if foi.clarification else foi.received
    standard_due = deadline(starts, STATUTORY_LIMIT)
    due = standard_due
    if foi.extension is not None and foi.extension.to > standard_due:
        due = foi.extension.to
        if regime == "eir":
            due = min(due, deadline(starts, LONGEST))
    limit = working_days_between(starts, due)
    taken = working_days_between(starts, foi.responded)
    return Clock(regime, starts, standard_due, due, limit, taken, foi.responded <= due,
                 _basis(foi, standard_due, due))


def _basis(foi: FoiResponse, standard_due: date, due: date) -> str:
    regime = foi.regime
    act = REGIME_NAMES[regime]
    parts = [f"The {act} ({_STANDARD_RULE[regime]}) allows {STATUTORY_LIMIT} working days"]
    if foi.clarification is not None:
        parts.append(f", counted from {human(foi.clarification.received)}, when the "
                     f"clarification asked for on {human(foi.clarification.requested)} was "
                     f"received ({_CLARIFICATION_RULE[regime]})")
    parts.append(f": the response was due by {human(standard_due)}.")
    if due != standard_due and foi.extension is not None:
        parts.append(f" The time was extended under {_EXTENSION_RULE[regime]} to {human(due)}: "
                     f"{foi.extension.reason.rstrip('.')}.")
    return "".join(parts)


def clock_problems(doc: Doc[FoiResponse], name: str) -> list[Problem]:
    """Rules over the dates that need working days; the plain order of dates is the model's."""
    foi, problems = doc.data, []
    extension = foi.extension
    if extension is None:
        return problems
    info = clock(foi)
    if extension.to <= info.standard_due:
        problems.append(Problem(
            name, doc.line("extension", "to"), "to",
            f'"extension" ends on {extension.to}, but the response was due by '
            f"{info.standard_due} without one.",
            "give the extended date, or remove the extension block."))
    elif working_days_between(info.starts, extension.to) > LONGEST:
        rule = _EXTENSION_RULE[foi.regime]
        why = ("the Regulations allow at most 40 working days, so the log counts the response "
               "against the 40th" if foi.regime == "eir" else
               "the ICO's guidance is that an extension should not exceed 20 further working "
               "days")
        problems.append(Problem(
            name, doc.line("extension", "to"), "to",
            f'"extension" ends on {extension.to}, more than {LONGEST} working days after '
            f"{info.starts}: {why} ({rule}).",
            "check the date; the log states the limit that applied.", warning=True))
    return problems
