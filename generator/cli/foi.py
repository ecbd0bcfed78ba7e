"""`publisher foi REF`: the release bundle for one FOI response."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click


def _as_at(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'must be a date like 2026-11-22, but it is "{value}"') from None


@click.command("foi")
@click.argument("reference")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True, help="The content folder (site.yaml, redaction.yaml, foi/, …).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("release"),
              show_default=True, help="Where the bundle folder foi-REFERENCE/ is written.")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path),
              default=Path("reports"), show_default=True,
              help="Where the internal redaction log for IG review is written. Never send it.")
@click.option("--as-at", "as_at", callback=_as_at, metavar="YYYY-MM-DD",
              help="Date the release and the status of annexed plans (default: "
                   "SOURCE_DATE_EPOCH if set, else today).")
@click.option("--no-cache", is_flag=True, help="Analyse every text again, ignoring the cache.")
def foi_command(reference: str, content_dir: Path, out_dir: Path, reports_dir: Path,
                as_at: date | None, no_cache: bool) -> None:
    """Write the release bundle for FOI REFERENCE: letter, annex PDFs, manifest and zip."""
    # Imported here: generator.cli imports this module to register the command.
    from generator.cli import reports_errors

    reports_errors(_release)(reference, content_dir, out_dir, reports_dir, as_at, no_cache)


def _release(reference: str, content_dir: Path, out_dir: Path, reports_dir: Path,
             as_at: date | None, no_cache: bool) -> None:
    from generator.foi.release import ReleaseOptions, release

    result = release(ReleaseOptions(reference, content_dir, out_dir, reports_dir, as_at,
                                    use_cache=not no_cache))
    for problem in result.warnings:
        click.echo(f"warning: {problem}", err=True)
    bundle = result.bundle
    names = ", ".join(path.name for path in [*bundle.files, bundle.zip])
    click.echo(f"Released FOI {reference} to {bundle.path}/: {names}; "
               f"{result.withheld} passage(s) withheld under section 40(2). "
               f"Redaction log for IG review (internal, do not send): {result.redaction_log}")
    if result.preflight is not None:
        click.echo(f"Preflight of the file annexes (internal, do not send): {result.preflight}")
