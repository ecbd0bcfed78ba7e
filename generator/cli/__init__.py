"""`publisher`: the command line. The only place errors become messages and exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from generator.cli.options import date_or_today
from generator.errors import (
    BuildError,
    ContentError,
    LeakError,
    Problem,
    PublisherError,
    RedactionError,
)

EXIT_CONTENT, EXIT_REDACTION, EXIT_LEAK, EXIT_BUILD, EXIT_INTERNAL = 1, 2, 3, 4, 70


def _say_problems(problems: list[Problem]) -> None:
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        prefix = "warning: " if problem.warning else ""
        click.echo(f"{prefix}{problem}", err=True)
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        click.echo(f"{len(errors)} {noun} found; nothing was published.", err=True)


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the core's exceptions into one clear message each and a non-zero exit."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ContentError as exc:
            _say_problems(exc.problems)
            sys.exit(EXIT_CONTENT)
        except RedactionError as exc:
            click.echo(f"redaction failed: {exc}", err=True)
            click.echo("Nothing was published: redaction fails closed.", err=True)
            sys.exit(EXIT_REDACTION)
        except LeakError as exc:
            for leak in exc.leaks:
                click.echo(f"leak: {leak}", err=True)
            click.echo(f"{len(exc.leaks)} leak(s) of personal data found in the built output. "
                       "Decide each with publisher review, or add the decision quoted above to "
                       "content/redaction-decisions.yaml; nothing was published.", err=True)
            sys.exit(EXIT_LEAK)
        except (BuildError, PublisherError) as exc:
            click.echo(f"build failed: {exc}", err=True)
            sys.exit(EXIT_BUILD)
        except OSError as exc:
            click.echo(f"build failed: {exc.strerror or exc} ({exc.filename or ''}); "
                       "nothing was published.", err=True)
            sys.exit(EXIT_BUILD)

    return wrapper




content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
    show_default=True, help="The content folder (site.yaml, redaction.yaml, plans/, foi/, pages/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publisher")
def cli() -> None:
    """Publish approved action plans and FOI releases, with personal data redacted."""


@cli.command("build")
@content_option
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help="Where the public site is written.")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path),
              default=Path("reports"), show_default=True,
              help="Where internal reports (redaction review) are written. Never publish it.")
@click.option("--as-at", "as_at", callback=date_or_today, metavar="YYYY-MM-DD",
              help="Compute overdue status as at this date (default: today).")
@click.option("--no-cache", is_flag=True, help="Analyse every text again, ignoring the cache.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for redaction when there is enough text (default: all cores).")
@reports_errors
def build_command(content_dir: Path, site_dir: Path, reports_dir: Path, as_at: date,
                  no_cache: bool, jobs: int | None) -> None:
    """Load, validate, redact, render, build and verify; then publish into --site."""
    from generator.pipeline import BuildOptions, build_site

    result = build_site(BuildOptions(content_dir, site_dir, reports_dir, as_at,
                                     use_cache=not no_cache, jobs=jobs))
    for problem in result.warnings:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"Published {result.plans} plan(s), {result.foi} FOI response(s) and "
               f"{result.pages} page(s) to {result.site}/ as at {as_at.isoformat()}; "
               f"{result.withheld} passage(s) redacted. Review report: "
               f"{reports_dir}/redaction-report.html (internal).")
    if result.awaiting_review:
        click.echo(awaiting_line(result.awaiting_review, content_dir))


def awaiting_line(awaiting: list[tuple[str, str]], content_dir: Path) -> str:
    """The build's second summary line: what awaits a decision, and the command that takes it."""
    shown = "; ".join(f'"{words}" ({file})' for file, words in awaiting[:3])
    more = f" and {len(awaiting) - 3} more" if len(awaiting) > 3 else ""
    where = "" if content_dir == Path("content") else f" --content {content_dir}"
    return (f"{len(awaiting)} uncertain finding(s) await review and were withheld until "
            f"decided: {shown}{more}. Decide them with: publisher review{where}")


@cli.command("check")
@content_option
@reports_errors
def check_command(content_dir: Path) -> None:
    """Report every problem in the content without building anything."""
    from generator.pipeline import check

    warnings = check(content_dir)
    _say_problems(warnings)
    click.echo(f"{content_dir}: no problems found" +
               (f" ({len(warnings)} warning(s))." if warnings else "."))


@cli.command("serve")
@content_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--as-at", "as_at", callback=date_or_today, metavar="YYYY-MM-DD",
              help="Compute overdue status as at this date (default: today).")
@reports_errors
def serve_command(content_dir: Path, port: int, as_at: date) -> None:
    """Preview on http://127.0.0.1:PORT/, drafts included and marked; never writes site/."""
    from generator.site.serve import serve

    serve(content_dir, port, as_at)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted; nothing was published.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not the author's fault: still no traceback by default
        if os.environ.get("PUBLISHER_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}. Nothing was published. "
                   "Run again with PUBLISHER_DEBUG=1 for details, and report it.", err=True)
        sys.exit(EXIT_INTERNAL)


# Commands from other modules are registered here, after `cli` exists.
from generator.cli.approve import approve_command  # noqa: E402
from generator.cli.foi import foi_command  # noqa: E402
from generator.cli.importer import export, import_  # noqa: E402
from generator.cli.redact import redact  # noqa: E402
from generator.cli.review import review_command  # noqa: E402

for command in (redact, foi_command, import_, export, approve_command, review_command):
    cli.add_command(command)
