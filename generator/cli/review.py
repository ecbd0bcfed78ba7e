"""`publisher review`: the information-governance review page (generator/review/)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import content_option
from generator.review.server import serve_review


@click.command("review")
@content_option
@click.option("--port", default=8001, show_default=True, metavar="N", help="Port on 127.0.0.1.")
@click.option("--by", default="", metavar="ROLE", help="Your role, filled in on every decision "
              '(e.g. "Head of Information Governance").')
def review_command(content_dir: Path, port: int, by: str) -> None:
    """Decide each finding (withhold or release, with a reason) on a page at
    http://127.0.0.1:PORT/; decisions go to CONTENT/redaction-decisions.yaml."""
    if not content_dir.is_dir():
        raise click.BadParameter(f"{content_dir} is not a folder", param_hint="--content")
    server = serve_review(content_dir, port, by)
    click.echo(f"Review on http://127.0.0.1:{server.server_address[1]}/ "
               f"(decisions are written to {content_dir}/redaction-decisions.yaml). "
               "Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()
