"""`publisher foi REF`: the release bundle for one FOI response."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator.cli.exits import reports_errors
from generator.cli.options import as_at_option, content_option, no_cache_option, reports_option
from generator.foi.release import ReleaseOptions, release


@click.command("foi")
@click.argument("reference")
@content_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("release"),
              show_default=True, metavar="DIR",
              help="Where the bundle folder foi-REFERENCE/ is written.")
@reports_option("Where the internal redaction log for IG review is written. Never send it.")
@as_at_option("Date the release and the status of annexed plans (default: "
              "SOURCE_DATE_EPOCH if set, else today).", today=False)
@no_cache_option
@reports_errors
def foi_command(reference: str, content_dir: Path, out_dir: Path, reports_dir: Path,
                as_at: date | None, no_cache: bool) -> None:
    """Write the release bundle for FOI REFERENCE: letter, annex PDFs, manifest and zip."""
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
