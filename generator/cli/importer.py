"""`publisher import` and `publisher export`: the importer's commands.

Registered in generator/cli/__init__.py (COMMANDS).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import get_args

import click

from generator.cli.options import date_or_today
from generator.content.dates import DayOrMonth, parse_day_or_month
from generator.content.load import validate_data
from generator.content.models import ActionPlan, PlanKind
from generator.content.yamlfile import parse_yaml, read_text
from generator.errors import ContentError, FileError, Problem, PublisherError
from generator.importer import export_plan, import_file, imported_yaml


def _progress_date(_ctx: click.Context, _param: click.Parameter,
                   value: str | None) -> DayOrMonth | None:
    if value is None:
        return None
    try:
        return parse_day_or_month(value)
    except ValueError:
        raise click.BadParameter(f'must be a date like 2014-05-01 or a month like 2014-05, but '
                                 f'it is "{value}"') from None


def _fail(error: PublisherError) -> None:
    click.echo(str(error), err=True)
    raise SystemExit(error.exit_code)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the plan YAML here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option("--title", help="The plan's title (otherwise made from the table's titles).")
@click.option("--kind", type=click.Choice(get_args(PlanKind)),
              help="The kind of review (otherwise read from the table's titles).")
@click.option("--owner", help="The organisation that owns and publishes the plan.")
@click.option("--as-at", "as_at", callback=date_or_today, metavar="YYYY-MM-DD",
              help="The import date, given to the draft (default: today).")
@click.option("--progress-date", callback=_progress_date, metavar="YYYY-MM[-DD]",
              help="Date progress text the table does not date, e.g. when the plan was last "
              "updated (default: the --as-at date).")
def import_(file: Path, out: Path | None, force: bool, title: str | None, kind: str | None,
            owner: str | None, as_at: date, progress_date: DayOrMonth | None) -> None:
    """Turn an action plan in FILE (.xlsx, .csv, .tsv or .docx) into draft plan YAML.

    The report (rows read, actions written, every cell not mapped) goes to standard error.
    """
    try:
        if out is not None and out.exists() and not force:
            raise FileError(f"{out} already exists: choose another --out, or add --force "
                                 "to replace it.")
        imported = import_file(file, as_at=as_at, title=title, kind=kind, owner=owner,
                               progress_date=progress_date)
        text = imported_yaml(imported)
        if out is None:
            click.echo(text, nl=False)
        else:
            try:
                out.write_text(text, encoding="utf-8")
            except OSError as error:
                raise FileError(f"{out}: could not be written ({error.strerror}).") from None
    except PublisherError as error:
        _fail(error)
        return
    click.echo(imported.report.format(), err=True)
    if out is not None:
        click.echo(f"Wrote {out}.", err=True)


@click.command("export")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The .xlsx workbook to write.")
def export(plan: Path, out: Path) -> None:
    """Write the plan in PLAN.yaml as an .xlsx workbook; `publisher import` reads it back."""
    try:
        if out.suffix.lower() != ".xlsx":
            raise FileError(f'{out}: the workbook must end in ".xlsx".')
        export_plan(load_plan(plan), out)
    except PublisherError as error:
        _fail(error)
        return
    click.echo(f"Wrote {out}.", err=True)


def load_plan(path: Path) -> ActionPlan:
    """One plan file, with the loader's line-numbered messages."""
    name = str(path)
    if not path.is_file():
        raise ContentError([Problem(name, None, None, "the file does not exist.")])
    text, problems = read_text(path, name)
    parsed = None
    if text is not None:
        parsed, found = parse_yaml(text, name)
        problems += found
    plan = validate_data(parsed, ActionPlan, name, problems) if parsed and not problems else None
    if plan is None:
        raise ContentError(problems)
    return plan
