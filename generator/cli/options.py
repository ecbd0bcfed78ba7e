"""Command-line option parsing shared by every `publisher` command."""

from __future__ import annotations

from datetime import date

import click


def date_or_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    """--as-at / --date: an ISO date, today when not given."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'must be a date like 2026-11-22, but it is "{value}"') from None
