"""`publisher review` in Chromium without JavaScript: three findings decided (one released
everywhere, one withheld in one file, one from "Needs a decision", that one by keyboard
alone), the decisions file written as specified, a rebuild honours them, the report says who
decided; axe-core finds nothing at 1280 and 375 px."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from browser.pages import DESKTOP, HEIGHT, PHONE, axe_violations, focus_is_visible, focused
from generator.cli import cli
from generator.review.server import serve_review
from publisher_fixtures import AS_AT, EXAMPLE, cache_env

pytestmark = pytest.mark.browser
BY = "Head of Information Governance"

# A progress update as trusts write them (cf. the Mr S plan's): a senior officer in a public
# role, two colleagues named by first name alone (uncertain), and a
# relative who must not be named in this plan.
EXTRA_PLAN = """\
title: Ward review action plan
kind: thematic-review
owner: Kent and Medway NHS and Social Care Partnership Trust
published: 2021-03
summary: >-
  Actions agreed after the thematic review of discharge from acute wards.
approval:
  status: approved
  by: Head of Information Governance
  date: 2021-03-01
recommendations:
  - number: "1"
    text: Discharge planning should involve the family and community teams.
    actions:
      - ref: "1.1"
        action: Review discharge planning with community teams.
        lead: Deputy Director of Nursing
        target: 2021-09
        status: complete
        progress:
          - date: 2021-06
            text: >-
              Detective Superintendent Alex Morgan, Force Lead for Public Protection, chaired
              the review panel. The discharge plan was shared with Priya from the community
              team and with Kemi from the pharmacy. The patient's brother, Mr Daniel Okafor,
              was consulted.
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("review")
    shutil.copytree(EXAMPLE, root / "content")
    (root / "content" / "plans" / "ward-review.yaml").write_text(EXTRA_PLAN)
    with pytest.MonkeyPatch.context() as patch:  # caches of its own, not the project's
        for key, value in cache_env(root).items():
            patch.setenv(key, value)
        yield root


@pytest.fixture(scope="module")
def review_url(workspace: Path) -> Iterator[str]:
    server = serve_review(workspace / "content", 0, BY)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_review(browser: Browser, review_url: str) -> Iterator:
    contexts = []
    requests: list[str] = []

    def open_(width: int = DESKTOP, javascript: bool = False) -> Page:
        # The page has no script; axe-core needs one, so its check turns JavaScript on.
        context = browser.new_context(viewport={"width": width, "height": HEIGHT},
                                      java_script_enabled=javascript, reduced_motion="reduce")
        context.on("request", lambda r: requests.append(r.url))
        contexts.append(context)
        page = context.new_page()
        assert page.goto(review_url).ok
        return page

    yield open_
    for context in contexts:
        context.close()
    assert all(url.startswith(review_url) for url in requests), requests


def card(page: Page, words: str, file: str | None = None):
    cards = page.locator("section.card").filter(has=page.locator("h3 mark", has_text=words))
    if file is not None:
        cards = cards.filter(has=page.locator(f"input[name=file][value='{file}']"))
    return cards.first


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("REVIEW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)
        page.screenshot(path=str(Path(folder) / name.replace(".png", "-top.png")))


def test_the_review_page_passes_axe(open_review) -> None:
    for width in (DESKTOP, PHONE):
        page = open_review(width, javascript=True)
        assert page.title().startswith("Redaction review")
        shoot(page, f"review-{width}.png")
        assert axe_violations(page) == []
        # Nothing wider than the screen: every control reachable without sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_three_decisions_written_honoured_and_reported(open_review, workspace: Path) -> None:
    page = open_review()
    # Priya: a first name alone, on the given-name list only, so uncertain: listed first.
    needs = page.locator("section.card.open h3").all_inner_texts()
    assert any("Priya" in h for h in needs), needs
    assert page.locator("h2#needs ~ *").first.inner_text().startswith("The finder is unsure")

    # 1. Alex Morgan: released everywhere, a senior officer in a public role.
    morgan = card(page, "Alex Morgan")
    morgan.locator("summary").click()  # a certain finding's form is one step away
    morgan.get_by_label("Release: publish these words").check()
    morgan.get_by_label("Everywhere in the content").check()
    morgan.get_by_label("Senior officer named in a public role").check()
    with page.expect_navigation():
        morgan.get_by_role("button").click()
    saved = page.locator(f"#{page.url.split('#')[1]} [role=status]")  # back at the card
    assert saved.inner_text().startswith("Saved: Released")
    assert "Alex Morgan" in saved.inner_text() and "everywhere" in saved.inner_text()
    shoot(page, "review-saved-1280.png")

    # 2. Daniel Okafor: withheld in this plan only, typed reason.
    okafor = card(page, "Okafor")
    okafor.locator("summary").click()
    okafor.get_by_label("Withhold: redact these words").check()
    okafor.get_by_label("Only in plans/ward-review.yaml").check()
    okafor.get_by_label("Another reason (type it)").check()
    okafor.get_by_label("Another reason", exact=True).fill("Relative of the patient: not named")
    with page.expect_navigation():
        okafor.get_by_role("button").click()

    # 3. From "Needs a decision", by keyboard alone: Priya, withheld everywhere.
    priya = card(page, "Priya")
    priya.get_by_label("Withhold: redact these words").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to "Where" (Everywhere is chosen)
    page.keyboard.press("Tab")  # to "Reason": the first ground
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # ... down to "Third party's personal data"
    state = focused(page)
    assert state is not None and focus_is_visible(state)
    for _ in range(3):
        page.keyboard.press("Tab")  # other reason, decided by, the button
    assert "Save decision" in (focused(page) or {}).get("html", "")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Kemi (a first name alone, too) still needs a decision; Priya no longer.
    assert not any("Priya" in t for t in
                   page.locator("h2#needs ~ section.card.open h3").all_inner_texts())

    decisions = yaml.safe_load((workspace / "content" / "redaction-decisions.yaml").read_text())
    by_text = {d["text"]: d for d in decisions["decisions"]}
    morgan_text = next(t for t in by_text if "Alex Morgan" in t)
    assert by_text[morgan_text]["decision"] == "release"
    assert by_text[morgan_text]["scope"] == "everywhere"
    assert by_text[morgan_text]["reason"] == "Senior officer named in a public role"
    okafor_text = next(t for t in by_text if "Okafor" in t)
    assert {k: by_text[okafor_text][k] for k in ("decision", "scope", "reason", "by")} == {
        "decision": "withhold", "scope": "plans/ward-review.yaml",
        "reason": "Relative of the patient: not named", "by": BY}
    assert by_text["Priya"]["reason"] == "Third party's personal data (s40(2))"
    # The example's own decisions (and the comments above them) are still there.
    assert "Sam Allen" in by_text
    assert (workspace / "content" / "redaction-decisions.yaml").read_text().startswith(
        "# Redaction decisions")

    # A rebuild honours them, and the report says who decided.
    result = CliRunner().invoke(cli, [
        "build", "--content", str(workspace / "content"), "--site", str(workspace / "site"),
        "--reports", str(workspace / "reports"), "--as-at", AS_AT.isoformat()])
    assert result.exit_code == 0, result.output
    # Left undecided on purpose: the summary names it and the command that decides it.
    assert ('1 uncertain finding(s) await review and were withheld until decided: "Kemi" '
            "(content/plans/ward-review.yaml). Decide them with: publisher review "
            "--content ") in result.stdout
    plan = (workspace / "site" / "plans" / "ward-review" / "index.html").read_text()
    # Released; "Public Protection" is part of a job title, not a person; "Kemi", left
    # undecided, stays withheld (fail closed).
    assert "Alex Morgan, Force Lead for Public Protection, chaired" in plan
    assert "Priya" not in plan and "Kemi" not in plan and "Okafor" not in plan
    report = (workspace / "reports" / "redaction-report.html").read_text()
    assert f"{BY}, " in report and "Relative of the patient: not named" in report
    csv = (workspace / "reports" / "redaction-report.csv").read_text()
    assert "release,everywhere,Senior officer named in a public role" in csv
