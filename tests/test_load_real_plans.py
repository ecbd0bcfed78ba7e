"""What real plans need (CONTENT.md): period and ongoing targets, closed actions, shared actions,
template leftovers and names in `lead`, each with the message an author reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator.content.dates import ONGOING, FinancialQuarter, Month, Quarter, human
from generator.content.leads import looks_like_name
from generator.content.load import load, load_file
from generator.content.placeholders import leftover
from generator.content.validate import validate
from generator.errors import ContentError
from publisher_fixtures import PLAN_YAML

FORMS = ('"target" must be a date (2019-09-30), a month (2019-09), a calendar quarter '
         '(2019-Q3), a financial-year quarter (2019/20 Q3) or "ongoing", but it is ')
TARGET_LINE = 18  # of PLAN_YAML


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        validate(load(content))
    return [str(p) for p in caught.value.problems if not p.warning]


def with_target(value: str) -> str:
    return PLAN_YAML.replace("target: 2019-09-30", f"target: {value}")


@pytest.mark.parametrize(("written", "value", "shown", "stored"), [
    ("2019-09-30", date(2019, 9, 30), "30 September 2019", "2019-09-30"),
    ("2019-09", Month(2019, 9), "September 2019", "2019-09"),
    ("2019-Q3", Quarter(2019, 3), "July to September 2019", "2019-Q3"),
    ("2019-q4", Quarter(2019, 4), "October to December 2019", "2019-Q4"),
    ('"2019/20 Q3"', FinancialQuarter(2019, 3), "October to December 2019 (Q3 2019/20)",
     "2019/20 Q3"),
    ('"2019/20 Q4"', FinancialQuarter(2019, 4), "January to March 2020 (Q4 2019/20)",
     "2019/20 Q4"),
    ("ongoing", ONGOING, "Ongoing", "ongoing"),
    ("Ongoing", ONGOING, "Ongoing", "ongoing"),
])
def test_every_target_form_loads(content_dir: Callable[..., Path], written: str, value: object,
                                 shown: str, stored: str) -> None:
    plan = load(content_dir({"p": with_target(written)})).plans[0].data
    action = plan.recommendations[0].actions[0]
    assert action.target == value
    assert human(action.target) == shown
    assert action.model_dump(mode="json")["target"] == stored


@pytest.mark.parametrize(("written", "hint"), [
    ("TBC", 'leave "target" out until a date is agreed: the plan then shows "No target date".'),
    ("to be confirmed", 'leave "target" out until a date is agreed: the plan then shows "No '
     'target date".'),
    ("on going", 'write "ongoing" for an action with no end date (it is never overdue).'),
    ("Continuous", 'write "ongoing" for an action with no end date (it is never overdue).'),
    ("n/a", 'write "ongoing" if the action has no end date, or leave "target" out if it has no '
     'target (shown as "No target date").'),
    ("31/3/15", "write 2015-03-31 (year-month-day; 31/3/15 read as day/month/year)."),
    ("31/02/2015", "dates are written year-month-day; 31/02/2015 read as day/month/year does "
     "not exist: check it."),
    ("March 2015", "write 2015-03 (a month target is due by its last day)."),
    ("Apr-14", "write 2014-04 (a month target is due by its last day)."),
    ("End of June 2016", "write 2016-06 (a month target is due by its last day)."),
    ("Q3 2017", "write 2017-Q3 for July to September 2017, or 2017/18 Q3 if it is a "
     "financial-year quarter (October to December 2017)."),
    ('"Q3 2019/20"', "write 2019/20 Q3 (October to December 2019)."),
    ('"2019/2020 Q4"', "write 2019/20 Q4 (January to March 2020)."),
    ('"2019/21 Q3"', "a financial year runs from April to March of the next year: write "
     "2019/20 Q3."),
    ('"2019/20"', "write 2020-03 for the end of the financial year 2019/20, or one of its "
     "quarters, e.g. 2019/20 Q4."),
    ("2019-Q5", "a year has four quarters, Q1 to Q4."),
    ("2020", "write 2020-12 for the end of 2020, or a date such as 2020-12-31."),
    ("When funding allows", None),
])
def test_a_target_we_cannot_read_says_what_to_write(content_dir: Callable[..., Path],
                                                    written: str, hint: str | None) -> None:
    shown = written.strip('"')
    expected = f'content/plans/p.yaml, line {TARGET_LINE}: {FORMS}"{shown}".'
    if hint:
        expected += f" Hint: {hint}"
    assert problems(content_dir({"p": with_target(written)})) == [expected]


CLOSED = PLAN_YAML.replace("status: in-progress", "status: closed\n"
                           "        closed_reason: Superseded by the 2016 audit programme.")


def test_closed_action_with_its_reason_loads(content_dir: Callable[..., Path]) -> None:
    action = load(content_dir({"p": CLOSED})).plans[0].data.recommendations[0].actions[0]
    assert (action.status, action.closed_reason) == (
        "closed", "Superseded by the 2016 audit programme.")


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(
        PLAN_YAML.replace("status: in-progress", "status: closed"),
        'content/plans/p.yaml, line 19: action 1.1 is closed but has no "closed_reason": say why '
        'it was closed without being completed. Hint: add e.g. "closed_reason: Superseded by '
        'the 2016 audit programme." under "status: closed".',
        id="closed without a reason"),
    pytest.param(
        CLOSED.replace("status: closed", "status: complete"),
        'content/plans/p.yaml, line 20: action 1.1 has a "closed_reason" but its status is '
        '"complete": only a closed action has one. Hint: write "status: closed" if the action '
        'was closed without being completed; otherwise remove "closed_reason".',
        id="a reason without closed status"),
])
def test_closed_and_its_reason_go_together(content_dir: Callable[..., Path], text: str,
                                            expected: str) -> None:
    assert problems(content_dir({"p": text})) == [expected]


def test_closed_with_an_empty_reason_points_at_the_reason(
        content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("status: in-progress", "status: closed\n        closed_reason:")
    assert problems(content_dir({"p": text}))[0].startswith(
        "content/plans/p.yaml, line 20: action 1.1 is closed but has no")


@pytest.mark.parametrize(("written", "agencies"), [
    ("KMPT", ["KMPT"]),
    ("[Cornwall Housing, EHSC, CFT]", ["Cornwall Housing", "EHSC", "CFT"]),
])
def test_agency_is_a_name_or_a_list(content_dir: Callable[..., Path], written: str,
                                    agencies: list[str]) -> None:
    text = PLAN_YAML.replace("lead: Clinical Director", f"agency: {written}\n"
                             "        lead: Clinical Director")
    plan = load(content_dir({"p": text})).plans[0].data
    assert plan.recommendations[0].actions[0].agency == agencies


LEFTOVERS = ["(insert relevant number)", "[insert date]", "<Name of agency>", "XX/XX/XXXX",
             "dd/mm/yyyy", "[Job Title]", "Click here to enter text.", "Choose an item.",
             "[YYYY-MM-DD]", "Other: ______", "[Agency name]", "(delete as appropriate)"]


@pytest.mark.parametrize("text", LEFTOVERS)
def test_template_leftovers_are_placeholders(text: str) -> None:
    assert leftover(f"The review found {text} cases.")


@pytest.mark.parametrize("text", ["(see appendix 2)", "[redacted]", "<https://nhs.uk>",
                                  "- [x] done", "<b>bold</b>", "(including GPs)",
                                  "2019-09-30", "the todo list", "(type 2 diabetes)", "____",
                                  "snake____case", "(including the GP)"])
def test_ordinary_text_is_not_a_placeholder(text: str) -> None:
    assert leftover(text) is None


def test_build_refuses_an_approved_plan_with_a_leftover(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("Review the policy.", "Review (insert relevant number) policies.")
    assert problems(content_dir({"p": text})) == [
        'content/plans/p.yaml, line 16: "action" still holds a placeholder: "(insert relevant '
        'number)". Hint: write the real text in its place before the file is approved.']


def test_a_draft_may_hold_a_leftover(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("Review the policy.", "Review [insert date].").replace(
        "status: approved", "status: draft")
    assert validate(load(content_dir({"p": text})), include_drafts=True).plans


def test_approve_refuses_a_leftover(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("Review the policy.", "Review by XX/XX/XXXX.")
    path = content_dir({"p": text}) / "plans" / "p.yaml"
    with pytest.raises(ContentError) as caught:
        load_file(path, "content/plans/p.yaml")
    assert [str(p) for p in caught.value.problems] == [
        'content/plans/p.yaml, line 16: "action" still holds a placeholder: "XX/XX/XXXX". '
        "Hint: write the real text in its place before the file is approved."]


@pytest.mark.parametrize(("lead", "name"), [
    ("Jane Smith", True), ("Sarah Jane Brown", True), ("Dr Patel", True), ("J. Smith", True),
    ("Mary-Jane O'Neil", True), ("Ian McDonald", True),
    ("Head of Safeguarding", False), ("Clinical Director", False), ("Named Nurse", False),
    ("Chief Executive", False), ("CMHT Manager", False), ("Practice Development", False),
    ("Cornwall Housing", False), ("Mental Health Lead", False), ("Director", False),
    ("Director of Forensic and Specialist Care Group", False),
])
def test_lead_name_heuristic(lead: str, name: bool) -> None:
    assert looks_like_name(lead) is name


def test_check_warns_when_a_lead_looks_like_a_name(content_dir: Callable[..., Path]) -> None:
    text = PLAN_YAML.replace("lead: Clinical Director", "lead: [Clinical Director, Jane Smith]")
    content = load(content_dir({"p": text}))
    assert [str(w) for w in content.warnings if w.field == "lead"] == [
        'content/plans/p.yaml, line 17: the lead of action 1.1, "Jane Smith", looks like a '
        "person's name; a lead should be a role or a team. Hint: write the role, e.g. \"Head "
        'of Safeguarding": a name would be published as [redacted].']
    assert all(w.warning for w in content.warnings)


def test_a_drafts_todo_status_previews_as_not_confirmed(content_dir: Callable[..., Path]) -> None:
    from generator.content.status import action_status
    from generator.presentation.views import plan_view

    text = PLAN_YAML.replace("status: in-progress", 'status: "TODO: Green: complete or '
                             'in-progress?"').replace("status: approved", "status: draft")
    doc = load(content_dir({"p": text})).plans[0]
    action = doc.data.recommendations[0].actions[0]
    assert action_status(action, date(2019, 1, 1)).label == "Status to be confirmed"
    assert plan_view(doc, date(2019, 1, 1)).counts["not-started"] == 1
    with pytest.raises(ContentError):  # approve refuses it
        load_file(doc.source, "content/plans/p.yaml")
