"""`publisher approve`: record an approval bound to the file's content."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator.cli.options import date_or_today
from generator.content.approve import approve_file, newer_progress
from generator.errors import ContentError, Problem


@click.command("approve")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--by", "by", required=True, help='Who approves, as a role: "Head of IG".')
@click.option("--date", "when", callback=date_or_today, metavar="YYYY-MM-DD",
              help="The date of approval (default: today).")
@click.option("--note", "note", metavar="TEXT",
              help="What changed, for readers: added to the file's change notes, shown as "
              '"Last updated" and sent to the Atom feeds.')
@click.option("--minor", is_flag=True,
              help="A correction readers need not be told about (a typo): no change note.")
def approve_command(files: tuple[Path, ...], by: str, when: date, note: str | None,
                    minor: bool) -> None:
    """Approve content files: records who, when, and a fingerprint of what was approved.

    Only files that load without problems can be approved. Each file is checked and written
    on its own: a problem in one does not stop the others. A file approved before that has
    changed since needs --note "..." (a major change) or --minor.
    """
    problems: list[Problem] = []
    failed = 0
    for path in files:
        try:
            digest = approve_file(path, by, when, str(path), note=note, minor=minor)
        except ContentError as exc:
            problems.extend(exc.problems)
            failed += 1
            continue
        except OSError as exc:
            problems.append(Problem(str(path), None, None,
                                    f"the file cannot be written ({exc.strerror or exc})."))
            failed += 1
            continue
        noted = " with a change note" if note and note.strip() else (
            " as a minor change" if minor else "")
        click.echo(f"{path}: approved by {by.strip()} on {when.isoformat()}{noted} "
                   f"(sha256 {digest[:12]}…).")
        late = newer_progress(path, when, str(path))
        if late is not None:
            click.echo(f"warning: {late}", err=True)
    for problem in problems:
        click.echo(str(problem), err=True)
    if failed:
        noun = "file was" if failed == 1 else "files were"
        click.echo(f"{failed} {noun} not approved.", err=True)
        raise SystemExit(ContentError.exit_code)
