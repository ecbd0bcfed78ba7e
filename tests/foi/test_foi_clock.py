"""The FOI clock as the Act runs it: clarification restarts it, extensions move it, EIR caps it.

Dates are chosen at bank-holiday boundaries (Christmas and New Year 2017/18, Easter and the
coronation in 2023), with the expected working days counted by hand against GOV.UK's list.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from foi_fixtures import AS_AT, copy_example

from generator.cli import cli
from generator.content.clock import clock
from generator.content.models import FoiResponse
from generator.pipeline import BuildOptions, build_site

BASE: dict[str, Any] = {
    "reference": "1", "title": "Policies", "request": "Please send the policy.",
    "response": "Attached.", "signatory": "The Information Governance Department",
    "approval": {"status": "approved", "by": "Head of IG", "date": "2023-01-01"},
}


def response(**fields: Any) -> FoiResponse:
    return FoiResponse.model_validate({**BASE, **fields})


def test_twenty_working_days_from_receipt() -> None:
    timing = clock(response(received="2023-01-10", responded="2023-02-07"))
    assert (timing.starts, timing.due, timing.limit, timing.taken, timing.met) == (
        date(2023, 1, 10), date(2023, 2, 7), 20, 20, True)
    assert timing.basis == ("The Freedom of Information Act 2000 (section 10(1)) allows 20 "
                            "working days: the response was due by 7 February 2023.")


def test_clarification_restarts_the_clock_across_christmas() -> None:
    # Clarified on Friday 22 December 2017: 25, 26 December and 1 January are bank holidays,
    # so day 1 is Wednesday 27 December and day 20 is Wednesday 24 January 2018.
    foi = response(received="2017-11-14", responded="2018-01-24",
                   clarification={"requested": "2017-11-16", "received": "2017-12-22"})
    timing = clock(foi)
    assert (timing.starts, timing.due, timing.taken, timing.met) == (
        date(2017, 12, 22), date(2018, 1, 24), 20, True)
    assert "counted from 22 December 2017, when the clarification asked for on 16 November " \
           "2017 was received (section 1(3))" in timing.basis
    late = clock(foi.model_copy(update={"responded": date(2018, 1, 25)}))
    assert (late.taken, late.met) == (21, False)
    # Without the clarification the same response is months late.
    assert not clock(foi.model_copy(update={"clarification": None})).met


def test_public_interest_extension_over_easter_and_the_coronation() -> None:
    # Received Thursday 30 March 2023: Good Friday, Easter Monday, 1 May and 8 May are holidays.
    foi = response(received="2023-03-30", responded="2023-05-30",
                   extension={"to": "2023-05-31", "reason": "Public interest test"})
    timing = clock(foi)
    assert timing.standard_due == date(2023, 5, 2)
    assert (timing.due, timing.limit, timing.taken, timing.met) == (
        date(2023, 5, 31), 39, 38, True)
    assert timing.basis.endswith("The time was extended under section 10(3) to 31 May 2023: "
                                 "Public interest test.")
    assert timing.verdict == "Responded in 38 working days, within the limit of 39."


def test_eir_extension_is_capped_at_forty_working_days() -> None:
    foi = response(regime="eir", received="2023-03-30", responded="2023-06-05",
                   extension={"to": "2023-06-30", "reason": "Complex and voluminous"})
    timing = clock(foi)
    # The 40th working day after 30 March 2023 (spring bank holiday 29 May skipped).
    assert (timing.due, timing.limit, timing.met) == (date(2023, 6, 1), 40, False)
    assert "Environmental Information Regulations 2004 (regulation 5(2))" in timing.basis
    assert "regulation 7(1)" in timing.basis


FOI_YAML = """\
reference: "{ref}"
title: Request {ref}
received: {received}
responded: {responded}
{extra}request: Please send the policy.
response: The policy is attached.
signatory: The Information Governance Department
approval: {{status: approved, by: Head of Information Governance, date: {responded}}}
"""


def write_foi(content: Path, ref: str, received: str, responded: str, extra: str = "",
              file: str | None = None) -> Path:
    path = content / "foi" / f"{file or ref}.yaml"
    path.write_text(FOI_YAML.format(ref=ref, received=received, responded=responded,
                                    extra=extra))
    return path


@pytest.fixture(scope="module")
def clock_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("foi-clock")
    content = copy_example(root / "content")
    write_foi(content, "2017/1840", "2017-11-14", "2018-01-24", file="2017-1840", extra=(
        "clarification: {requested: 2017-11-16, received: 2017-12-22}\n"))
    write_foi(content, "FOI/2023/0042", "2023-03-30", "2023-05-30", file="FOI-2023-0042",
              extra="extension: {to: 2023-05-31, reason: Public interest test under "
                    "section 10(3)}\n")
    write_foi(content, "EIR-7", "2023-03-30", "2023-06-05", extra=(
        "regime: eir\nextension: {to: 2023-06-01, reason: Complex and voluminous request}\n"
        "exemptions: [{section: \"13(1)\", scope: Names, reason: Personal data.}]\n"))
    result = build_site(BuildOptions(content, root / "site", root / "reports", AS_AT))
    assert result.foi == 4
    return root / "site"


def test_the_log_states_the_limit_that_applied(clock_site: Path) -> None:
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(
        (clock_site / "data" / "foi.csv").read_text(encoding="utf-8")))}
    clarified, extended, eir = rows["2017/1840"], rows["FOI/2023/0042"], rows["EIR-7"]
    assert (clarified["clock_started"], clarified["working_days"], clarified["deadline"],
            clarified["over_limit"]) == ("2017-12-22", "20", "2018-01-24", "no")
    assert (extended["limit_working_days"], extended["extended"], extended["over_limit"]) == (
        "39", "yes", "no")
    assert (eir["regime"], eir["limit_working_days"], eir["over_limit"]) == ("eir", "40", "yes")
    assert clarified["url"].endswith("/foi/2017-1840/")


def test_pages_say_which_limit_applied(clock_site: Path) -> None:
    clarified = (clock_site / "foi" / "2017-1840" / "index.html").read_text(encoding="utf-8")
    assert "FOI 2017/1840" in clarified
    assert "Clarification received" in clarified
    assert "when the clarification asked for on 16 November 2017 was received" in clarified
    eir = (clock_site / "foi" / "EIR-7" / "index.html").read_text(encoding="utf-8")
    assert "Environmental Information request" in eir
    assert "Regulation 13(1) of the Environmental Information Regulations 2004" in eir
    assert "legislation.gov.uk/uksi/2004/3391/regulation/13" in eir
    assert "Over 40 working days" in eir
    log = (clock_site / "foi" / "index.html").read_text(encoding="utf-8")
    assert "Over 40 working days" in log and "Regulation 13(1)" in log


def test_a_reference_with_slashes_is_released_by_its_reference(tmp_path: Path) -> None:
    content = copy_example(tmp_path / "content")
    write_foi(content, "2017/1840", "2017-11-14", "2017-12-12", file="2017-1840")
    result = CliRunner().invoke(cli, [
        "foi", "2017/1840", "--content", str(content), "--out", str(tmp_path / "release"),
        "--reports", str(tmp_path / "reports"), "--as-at", "2026-11-22"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "release" / "foi-2017-1840" / "foi-2017-1840.zip").is_file()
    assert (tmp_path / "reports" / "foi-2017-1840-redactions.csv").is_file()


def check(content: Path) -> Any:
    return CliRunner().invoke(cli, ["check", "--content", str(content)])


def test_a_file_not_named_by_the_reference_slug(tmp_path: Path) -> None:
    content = copy_example(tmp_path / "content")
    write_foi(content, "2017/1840", "2017-11-14", "2017-12-12", file="2017")
    result = check(content)
    assert result.exit_code == 1
    assert ('"reference" is "2017/1840" but the file is named "2017.yaml". Hint: rename the '
            "file to 2017-1840.yaml (the reference with a hyphen for each run of other "
            'characters), or correct "reference".') in result.output


@pytest.mark.parametrize(("extra", "message"), [
    ("clarification: {requested: 2017-11-10, received: 2017-12-01}\n",
     'line 5: "clarification: requested" (2017-11-10) is before "received" (2017-11-14). '
     "Hint: check the dates in the clarification block."),
    ("clarification: {requested: 2017-11-16, received: 2017-11-15}\n",
     '"clarification": received (2017-11-15) is before requested (2017-11-16): a '
     "clarification cannot arrive before it was asked for."),
    ("clarification: {requested: 2017-11-16, received: 2017-12-20}\n",
     'line 4: "responded" (2017-12-12) is before "clarification: received" (2017-12-20). '
     "Hint: check the dates in the clarification block."),
    ("extension: {to: 2017-12-01, reason: Public interest test}\n",
     'line 5: "extension" ends on 2017-12-01, but the response was due by 2017-12-12 without '
     "one. Hint: give the extended date, or remove the extension block."),
    ("regime: fooia\n", '"regime" must be one of foia or eir, but it is "fooia".'),
])
def test_clock_dates_that_cannot_be(tmp_path: Path, extra: str, message: str) -> None:
    content = copy_example(tmp_path / "content")
    write_foi(content, "9001", "2017-11-14", "2017-12-12", extra=extra)
    result = check(content)
    assert result.exit_code == 1, result.output
    assert message in result.output


def test_an_extension_beyond_forty_working_days_is_a_warning(tmp_path: Path) -> None:
    content = copy_example(tmp_path / "content")
    write_foi(content, "9002", "2023-03-30", "2023-06-20",
              extra="extension: {to: 2023-06-30, reason: Public interest test}\n")
    result = check(content)
    assert result.exit_code == 0, result.output
    assert ("warning: content/foi/9002.yaml, line 5: \"extension\" ends on 2023-06-30, more "
            "than 40 working days after 2023-03-30: the ICO's guidance is that an extension "
            "should not exceed 20 further working days (section 10(3)).") in result.output
