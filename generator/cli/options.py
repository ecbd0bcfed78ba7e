"""Options shared by `publisher` commands: each defined once, here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """An ISO date, or None when not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'must be a date like 2026-11-22, but it is "{value}"') from None


def date_or_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    """--as-at / --date: an ISO date, today when not given."""
    return parse_date(ctx, param, value) or date.today()


content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
    show_default=True, metavar="DIR",
    help="The content folder (site.yaml, redaction.yaml, plans/, foi/, pages/).")

no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Analyse every text again, ignoring the cache.")


def reports_option(help: str) -> Callable[[F], F]:
    return click.option("--reports", "reports_dir", type=click.Path(path_type=Path),
                        default=Path("reports"), show_default=True, metavar="DIR", help=help)


def as_at_option(help: str, *, today: bool = True) -> Callable[[F], F]:
    """--as-at YYYY-MM-DD; when not given, today (or None, for the command to decide)."""
    return click.option("--as-at", "as_at", callback=date_or_today if today else parse_date,
                        metavar="YYYY-MM-DD", help=help)
