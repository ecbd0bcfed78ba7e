"""`publisher build`, `check` and `serve`: the site's commands."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from generator.cache import uptodate_stamp
from generator.cli.exits import reports_errors, say_problems
from generator.cli.options import as_at_option, content_option, no_cache_option, reports_option
from redaction.engine_host import engine_beside

# The pipeline, prepare() and the preview server are imported by the command that runs them:
# `publisher build` first starts the name finder (spaCy, Presidio) loading in a second
# process, and only then imports the pipeline (MkDocs, the leak gate, ...), at the same time.

_AS_AT_HELP = "Compute overdue status as at this date (default: today)."


@click.command("build")
@content_option
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, metavar="DIR", help="Where the public site is written.")
@reports_option("Where internal reports (redaction review) are written. Never publish it.")
@as_at_option(_AS_AT_HELP)
@no_cache_option
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes for redaction when there is enough text (default: all cores).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Analyse uncached text on this Dask scheduler's workers instead of on this "
              "machine (needs the dask extra; workers need the same publisher installed).")
@reports_errors
def build_command(content_dir: Path, site_dir: Path, reports_dir: Path, as_at: date,
                  no_cache: bool, jobs: int | None, scheduler: str | None) -> None:
    """Load, validate, redact, render, build and verify; then publish into --site."""
    if scheduler is not None and jobs is not None:
        raise click.UsageError("--jobs is for this machine, --scheduler for a Dask cluster: "
                               "give one of them.")
    # The name finder starts loading in a second process now, while this one imports the
    # pipeline, loads and validates, if a content file was written since the last build
    # (redaction/engine_host.py): a guess, which costs only the other core's time when wrong.
    likely = scheduler is None and (no_cache or edited_since_last_build(content_dir, site_dir))
    with engine_beside(content_dir, start=likely):
        # Imported only now, while spaCy and Presidio load in the host.
        from generator.pipeline import BuildOptions, build_site

        result = build_site(BuildOptions(content_dir, site_dir, reports_dir, as_at,
                                         use_cache=not no_cache, jobs=jobs,
                                         scheduler=scheduler))
    for problem in result.warnings:
        click.echo(f"warning: {problem}", err=True)
    if result.up_to_date:
        click.echo(f"Up to date: nothing changed since the build that published {result.site}/ "
                   f"({result.plans} plan(s), {result.foi} FOI response(s) and "
                   f"{result.pages} page(s) as at {as_at.isoformat()}; {result.withheld} "
                   f"passage(s) redacted), so nothing was rebuilt. Its review report: "
                   f"{reports_dir}/redaction-report.html (internal).")
    else:
        click.echo(f"Published {result.plans} plan(s), {result.foi} FOI response(s) and "
                   f"{result.pages} page(s) to {result.site}/ as at {as_at.isoformat()}; "
                   f"{result.withheld} passage(s) redacted. Review report: "
                   f"{reports_dir}/redaction-report.html (internal)." + (
                       f" {result.remote_texts} uncached text(s) analysed by "
                       f"{result.remote_workers} Dask worker(s) at {scheduler}."
                       if scheduler else ""))
    preflight = [p for p in result.reports if p.name.endswith("-preflight.csv")]
    if preflight:
        click.echo("What the file annexes hide, and what the release does with it (internal): "
                   + ", ".join(str(p) for p in preflight))
    if result.awaiting_review:
        click.echo(awaiting_line(result.awaiting_review, content_dir))


def edited_since_last_build(content: Path, site: Path) -> bool:
    """Whether a file under `content` was written after the last build that published `site`
    wrote its up-to-date stamp (generator/pipeline.py, generator/site/uptodate.py), or there is
    no stamp: then some text is likely new to the name finder. Only file times are read (no
    hashing, no imports): the answer is wanted before the build has loaded anything."""
    try:
        stamped = uptodate_stamp(content, site).stat().st_mtime_ns
        for folder, _, files in os.walk(content):
            for name in files:
                info = os.stat(os.path.join(folder, name))
                if max(info.st_mtime_ns, info.st_ctime_ns) >= stamped:
                    return True
    except OSError:
        return True
    return False


def awaiting_line(awaiting: list[tuple[str, str]], content_dir: Path) -> str:
    """The build's second summary line: what awaits a decision, and the command that takes it."""
    shown = "; ".join(f'"{words}" ({file})' for file, words in awaiting[:3])
    more = f" and {len(awaiting) - 3} more" if len(awaiting) > 3 else ""
    where = "" if content_dir == Path("content") else f" --content {content_dir}"
    return (f"{len(awaiting)} uncertain finding(s) await review and were withheld until "
            f"decided: {shown}{more}. Decide them with: publisher review{where}")


@click.command("check")
@content_option
@reports_errors
def check_command(content_dir: Path) -> None:
    """Report every problem in the content without building anything."""
    # Here, as build's pipeline is: check loads spaCy and Presidio only if a text needs it,
    # and need not import the site's pipeline for that.
    from generator.prepare import check

    warnings = check(content_dir)
    say_problems(warnings)
    click.echo(f"{content_dir}: no problems found" +
               (f" ({len(warnings)} warning(s))." if warnings else "."))


@click.command("serve")
@content_option
@click.option("--port", default=8000, show_default=True, metavar="N", help="Port on 127.0.0.1.")
@as_at_option(_AS_AT_HELP)
@reports_errors
def serve_command(content_dir: Path, port: int, as_at: date) -> None:
    """Preview on http://127.0.0.1:PORT/, drafts included and marked; never writes site/."""
    # Here, as build's pipeline is, so that `publisher build` imports neither the preview
    # server nor, before the name finder (spaCy, Presidio) starts loading, anything it uses.
    from generator.site.serve import serve

    serve(content_dir, port, as_at)
