"""`publisher`: the command line. The one registry of commands (COMMANDS) and the entry point.

Each command lives in a module by area (site, foi, importer, approve, redact) and turns the
core's exceptions into messages and the exit status its error class carries
(generator/errors.py, generator/cli/exits.py). Nothing outside this package imports it.
"""

from __future__ import annotations

import os

import click

from generator.cli.approve import approve_command
from generator.cli.foi import foi_command
from generator.cli.importer import export, import_
from generator.cli.redact import redact
from generator.cli.site import build_command, check_command, serve_command
from generator.errors import EXIT_INTERNAL, EXIT_INTERRUPTED

# In the order of the README's command table.
COMMANDS: list[click.Command] = [build_command, check_command, serve_command, redact,
                                 foi_command, import_, export, approve_command]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publisher")
def cli() -> None:
    """Publish approved action plans and FOI releases, with personal data redacted."""


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted; nothing was published.", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as exc:  # a bug, not the author's fault: still no traceback by default
        if os.environ.get("PUBLISHER_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}. Nothing was published. "
                   "Run again with PUBLISHER_DEBUG=1 for details, and report it.", err=True)
        raise SystemExit(EXIT_INTERNAL) from None
