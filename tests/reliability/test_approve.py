"""Approvals bound to content: `publisher approve` records who, when and a fingerprint of what
was approved; any later change to a value stops the build until the file is approved again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from siteaudit import Workspace, tree_digest

from generator.content.approve import file_fingerprint, fingerprint, read_source
from generator.content.load import load

BY = "Head of IG"
PLAN = "plans/river-review.yaml"


def approve(space: Workspace, *files: str, by: str = BY, when: str = "2026-11-22",
            extra: tuple[str, ...] = ()):
    return space.run("approve", *(str(space.content / f) for f in files), "--by", by,
                     "--date", when, *extra)


def approval_of(path: Path) -> dict[str, str]:
    """The approval block as the loader reads it (every value as text)."""
    return file_fingerprint(read_source(path, path.name))[1]["approval"]


def digest_of(path: Path) -> str:
    return file_fingerprint(read_source(path, path.name))[0]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    import difflib

    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [(line[0], line[2:]) for line in diff if line[0] in "+-"]


def test_fingerprint_covers_values_not_layout() -> None:
    data = {"title": "A plan", "recommendations": [{"text": "x", "actions": []}],
            "approval": {"status": "approved"}}
    same = {"recommendations": [{"actions": [], "text": "x"}], "title": "A plan"}
    assert fingerprint(data) == fingerprint(same)  # approval and key order do not count
    assert fingerprint(data) != fingerprint({**same, "title": "A plan."})
    assert fingerprint(same, "Text\r\nmore\n\n") == fingerprint(same, "Text\nmore")
    assert fingerprint(same, "Text") != fingerprint(same, "Text.")
    assert fingerprint(same) != fingerprint(same, "")  # a page is not a plan
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint(same))


def test_approve_rewrites_only_the_approval_block(workspace: Workspace) -> None:
    path = workspace.content / PLAN
    path.write_text("# The plan's own comment stays.\n" + path.read_text().replace(
        "  date: 2020-08-20\n", "  date: 2020-08-20   # board meeting\n"))
    before, digest = path.read_text(), digest_of(path)
    result = approve(workspace, PLAN)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"{re.escape(str(path))}: approved by {BY} on 2026-11-22 "
                        r"\(sha256 [0-9a-f]{12}…\)\.\n", result.stdout)
    after = path.read_text()
    assert changed_lines(before, after) == [
        ("-", "  by: Head of Information Governance"), ("+", "  by: Head of IG"),
        ("-", "  date: 2020-08-20   # board meeting"),
        ("+", "  date: 2026-11-22   # board meeting"),
        ("+", f'  sha256: "{digest}"'),
    ]
    assert approval_of(path) == {"status": "approved", "by": BY, "date": "2026-11-22",
                                 "sha256": digest}


def test_approve_keeps_a_one_line_approval_on_one_line(workspace: Workspace) -> None:
    path = workspace.content / "foi" / "100.yaml"
    before = path.read_text()
    assert approve(workspace, "foi/100.yaml").exit_code == 0
    changes = changed_lines(before, path.read_text())
    assert [sign for sign, _ in changes] == ["-", "+"]
    assert changes[1][1].startswith("approval: {status: approved, by: Head of IG, "
                                    'date: 2026-11-22, sha256: "')


def test_approve_a_page_binds_its_text_too(workspace: Workspace) -> None:
    path = workspace.content / "pages" / "statement.md"
    assert approve(workspace, "pages/statement.md").exit_code == 0
    assert approval_of(path)["by"] == BY
    assert load(workspace.content).pages[0].data.meta.approval.sha256 is not None
    path.write_text(path.read_text().replace("every recommendation", "most recommendations"))
    result = workspace.run("check", "--content", str(workspace.content))
    assert result.exit_code == 1
    assert ("content/pages/statement.md, line 8: the file, or a redaction decision that "
            "applies to it, has changed since Head of IG approved it on 22 November 2026; it "
            "needs re-approval before it can be published. "
            "Hint: check the changes, then run: publisher approve content/pages/statement.md "
            '--by "Head of IG" --note "What changed, for readers" (or --minor for a correction '
            "such as a typo; add --date YYYY-MM-DD if it was not approved today)") in \
        result.stderr.splitlines()


def test_approve_adds_a_missing_block_and_approves_a_draft(workspace: Workspace) -> None:
    path = workspace.content / "plans" / "draft-plan.yaml"
    assert approve(workspace, "plans/draft-plan.yaml").exit_code == 0
    assert approval_of(path)["status"] == "approved"
    text = path.read_text()
    block = text[text.index("approval:"):text.index("recommendations:")]
    trimmed = re.sub(r"approval:.*?(?=recommendations:)", "", text, flags=re.S)
    path.write_text(trimmed)  # no approval block at all now
    result = approve(workspace, "plans/draft-plan.yaml", by='Deputy: "IG" lead')
    assert result.exit_code == 0, result.output
    assert path.read_text().startswith(trimmed)
    assert approval_of(path)["by"] == 'Deputy: "IG" lead'
    assert block.startswith("approval:\n  status: approved\n")


def test_approve_keeps_windows_line_ends_and_byte_order_mark(workspace: Workspace) -> None:
    path = workspace.content / PLAN
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text().replace("\n", "\r\n").encode())
    assert approve(workspace, PLAN).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    load(workspace.content)  # and the fingerprint holds for the file as saved


def test_layout_changes_keep_the_approval_value_changes_do_not(
        workspace: Workspace) -> None:
    assert approve(workspace, PLAN, "foi/100.yaml").exit_code == 0
    path = workspace.content / PLAN
    approved = path.read_text()
    # Comments, quoting, flow style and indentation are layout, not content.
    relaid = ("# reviewed again, nothing changed\n" + approved
              .replace("title: River ward review action plan",
                       'title: "River ward review action plan"  # quoted')
              .replace("period: {from: 2020-09, to: ongoing}",
                       "period:\n    from: '2020-09'\n    to: ongoing"))
    path.write_text(relaid)
    load(workspace.content)
    # One changed word in one field of one action, and one in the FOI response.
    path.write_text(relaid.replace("Train ward staff", "Train all ward staff"))
    foi = workspace.content / "foi" / "100.yaml"
    foi.write_text(foi.read_text().replace("attached.", "attached, as requested."))
    before = tree_digest(workspace.site)
    result = workspace.build()
    assert result.exit_code == 1
    assert [line.split(": the file")[0] for line in result.stderr.splitlines()] == [
        "content/plans/river-review.yaml, line 15", "content/foi/100.yaml, line 13",
        "2 problems found; nothing was published."]
    assert tree_digest(workspace.site) == before
    # check lists the same stale approvals; approving again lets the build through.
    check = workspace.run("check", "--content", str(workspace.content))
    assert check.stderr == result.stderr
    assert approve(workspace, PLAN, "foi/100.yaml", extra=("--minor",)).exit_code == 0
    assert workspace.run("check", "--content", str(workspace.content)).exit_code == 0


def test_check_warns_about_approvals_without_a_fingerprint(workspace: Workspace) -> None:
    assert approve(workspace, "foi/100.yaml").exit_code == 0
    result = workspace.run("check", "--content", str(workspace.content))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: content/plans/river-review.yaml, line 8: the approval has no sha256, so a "
        "change made after approval would not be noticed. Hint: to bind it to this content, "
        'run: publisher approve content/plans/river-review.yaml --by "Head of Information '
        'Governance" --date 2020-08-20',
        "warning: content/pages/statement.md, line 4: the approval has no sha256, so a change "
        "made after approval would not be noticed. Hint: to bind it to this content, run: "
        'publisher approve content/pages/statement.md --by "Head of Communications" --date '
        "2017-09-29",
        # No uncertain finding: "River" of "River ward" is a ward (a lower-case "ward" follows
        # it), not a lone given name (issue 12).
    ]
    assert result.stdout == f"{workspace.content}: no problems found (2 warning(s)).\n"


def test_hints_give_paths_that_paste_from_where_the_command_ran(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace.content / "plans")
    result = workspace.run("check", "--content", str(workspace.content))
    assert ('run: publisher approve river-review.yaml --by "Head of Information Governance" '
            "--date 2020-08-20") in result.stderr
    monkeypatch.chdir(workspace.content / "pages")
    result = workspace.run("check", "--content", str(workspace.content))
    assert "run: publisher approve ../plans/river-review.yaml --by" in result.stderr


def test_approving_with_a_date_before_the_newest_progress_warns(workspace: Workspace) -> None:
    result = approve(workspace, PLAN, when="2016-03-01")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {workspace.content / PLAN}: the approval is dated 1 March 2016, before the "
        "newest progress update (1 August 2020): an approval cannot cover text written after "
        "it. Hint: approve it again with the date it was really approved: --date YYYY-MM-DD "
        "(today if it is left out)."]
    assert "warning" not in approve(workspace, PLAN, when="2020-08-20").stderr


@pytest.mark.parametrize(("edit", "message"), [
    (("        status: complete\n", "        status: done\n"),
     '"status" must be one of not-started, in-progress, complete or closed, but it is "done".'),
    (("title: River", "title: : River"),
     'a colon and a space (": ") cannot appear here.'),
])
def test_content_with_problems_cannot_be_approved(workspace: Workspace, edit: tuple[str, str],
                                                  message: str) -> None:
    path = workspace.content / PLAN
    path.write_text(path.read_text().replace(*edit))
    before = path.read_bytes()
    result = approve(workspace, PLAN, "foi/100.yaml")
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.endswith("1 file was not approved.\n")
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert approval_of(workspace.content / "foi" / "100.yaml")["by"] == BY  # the other one


def test_only_content_files_can_be_approved(workspace: Workspace) -> None:
    result = approve(workspace, "site.yaml")
    assert result.exit_code == 1
    assert result.stderr == (f"{workspace.content / 'site.yaml'}: only plans/*.yaml, "
                             "foi/*.yaml and pages/*.md can be approved.\n"
                             "1 file was not approved.\n")


def test_approve_adds_the_block_to_a_page_front_matter(workspace: Workspace) -> None:
    path = workspace.content / "pages" / "new.md"
    path.write_text("---\ntitle: Not approved yet\n---\n\nThe text.\n")
    result = approve(workspace, "pages/new.md")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith("---\ntitle: Not approved yet\napproval:\n  status: approved\n")
    assert text.endswith('"\n---\n\nThe text.\n')
    assert [p.slug for p in load(workspace.content).pages] == ["new", "statement"]


# ---- placeholders: "TODO:" text is never approved, never published -------------------------

TODO_HINT = "Hint: write the real text in its place before the file is approved."


def test_approve_refuses_a_file_that_still_holds_placeholders(workspace: Workspace) -> None:
    path = workspace.content / PLAN
    text = path.read_text().replace("action: Train ward staff on the new policy.",
                                    'action: "TODO: the action"').replace(
        "owner: Test NHS Trust", 'owner: "TODO: the organisation that owns this plan"')
    path.write_text(text)
    result = approve(workspace, PLAN)
    lines = text.splitlines()
    owner = lines.index('owner: "TODO: the organisation that owns this plan"') + 1
    action = lines.index('        action: "TODO: the action"') + 1
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{path}, line {owner}: "owner" still holds a placeholder: "TODO: the organisation '
        f'that owns this plan". {TODO_HINT}',
        f'{path}, line {action}: "action" still holds a placeholder: "TODO: the action". '
        f"{TODO_HINT}",
        "1 file was not approved.",
    ]
    assert path.read_text() == text


def test_approve_refuses_a_page_with_a_placeholder_line(workspace: Workspace) -> None:
    page = "pages/statement.md"
    path = workspace.content / page
    text = path.read_text() + "\n## TODO: the chief executive's words\n"
    path.write_text(text)
    result = approve(workspace, page)
    assert result.exit_code == 1
    line = len(text.splitlines())
    assert result.stderr.splitlines()[0] == (
        f"{path}, line {line}: the text still holds a placeholder: \"TODO: the chief "
        f"executive's words\". {TODO_HINT}")
    assert path.read_text() == text


def test_a_sentence_that_mentions_todo_is_not_a_placeholder(workspace: Workspace) -> None:
    path = workspace.content / PLAN
    path.write_text(path.read_text().replace(
        "Review the discharge policy.", '"Review the policy, then the TODO: list."'))
    assert approve(workspace, PLAN).exit_code == 0


def test_the_build_refuses_an_approved_file_with_a_placeholder(workspace: Workspace) -> None:
    path = workspace.content / PLAN  # approved by hand (no sha256): edits do not unbind it
    text = path.read_text().replace("text: The Trust should review discharge planning.",
                                    'text: "TODO: the recommendation"')
    path.write_text(text)
    before = tree_digest(workspace.site)
    result = workspace.build()
    line = text.splitlines().index('  - number: "1"') + 2
    assert result.exit_code == 1
    assert (f'content/plans/river-review.yaml, line {line}: "text" still holds a placeholder: '
            f'"TODO: the recommendation". {TODO_HINT}') in result.stderr.replace(
        str(workspace.content), "content")
    assert "Traceback" not in result.output
    assert tree_digest(workspace.site) == before


def test_a_draft_may_hold_placeholders(workspace: Workspace) -> None:
    path = workspace.content / "plans" / "draft-plan.yaml"
    path.write_text(path.read_text().replace("title: ", 'title: "TODO: ', 1).replace(
        "\n", '"\n', 1))
    result = workspace.build()
    assert result.exit_code == 0, result.output
    assert "TODO" not in result.output


def test_the_build_names_the_line_of_a_placeholder_in_a_page(workspace: Workspace) -> None:
    path = workspace.content / "pages" / "statement.md"  # approved by hand: no sha256
    text = path.read_text() + "\nTODO: the date of the next review.\n"
    path.write_text(text)
    result = workspace.build()
    assert result.exit_code == 1
    assert (f'content/pages/statement.md, line {len(text.splitlines())}: the text still holds a '
            f'placeholder: "TODO: the date of the next review.". {TODO_HINT}') in \
        result.stderr.replace(str(workspace.content), "content")
