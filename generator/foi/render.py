"""FOI pages for the site. PLACEHOLDER: the FOI work replaces this with the disclosure log."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment

from redaction import RedactedContent


def render_foi(redacted: RedactedContent, as_at: date, env: Environment, out: Any,
               common: dict[str, Any]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Write the FOI pages through `out`; return (nav entries, extra open-data files)."""
    return [], []
