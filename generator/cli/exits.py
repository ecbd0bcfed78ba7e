"""Where the core's exceptions become messages and exit statuses (carried by the error classes
in generator/errors.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from generator.errors import ContentError, LeakError, Problem, PublisherError, RedactionError


def say_problems(problems: list[Problem]) -> None:
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        prefix = "warning: " if problem.warning else ""
        click.echo(f"{prefix}{problem}", err=True)
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        click.echo(f"{len(errors)} {noun} found; nothing was published.", err=True)


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the core's exceptions into one clear message each and the class's exit status."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PublisherError as exc:
            _say(exc)
            raise SystemExit(exc.exit_code) from None
        except OSError as exc:
            click.echo(f"build failed: {exc.strerror or exc} ({exc.filename or ''}); "
                       "nothing was published.", err=True)
            raise SystemExit(PublisherError.exit_code) from None

    return wrapper


def _say(exc: PublisherError) -> None:
    if isinstance(exc, ContentError):
        say_problems(exc.problems)
    elif isinstance(exc, RedactionError):
        click.echo(f"redaction failed: {exc}", err=True)
        click.echo("Nothing was published: redaction fails closed.", err=True)
    elif isinstance(exc, LeakError):
        for leak in exc.leaks:
            click.echo(f"leak: {leak}", err=True)
        # Each leak line carries its own remedy (a decision, never_redact, or removing what a
        # later step put there): the closing line must not promise one that cannot clear it.
        click.echo(f"{len(exc.leaks)} leak(s) of personal data found in the built output; "
                   "each line above says what clears it; nothing was published.", err=True)
    else:
        click.echo(f"build failed: {exc}", err=True)
