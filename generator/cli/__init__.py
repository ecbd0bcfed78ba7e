"""`publisher`: the command line. The one registry of commands (COMMANDS) and the entry point.

Each command lives in a module by area (site, foi, importer, approve, redact) and turns the
core's exceptions into messages and the exit status its error class carries
(generator/errors.py, generator/cli/exits.py). Nothing outside this package imports it.
"""

from __future__ import annotations

import os
from importlib import import_module

import click

from generator.errors import EXIT_INTERNAL, EXIT_INTERRUPTED

# In the order of the README's command table: each command's name and where it is defined.
# A command's module is imported only when that command runs: a build has no use for the
# importer's openpyxl (and numpy under it), nor the FOI release for MkDocs.
COMMANDS: dict[str, str] = {
    "build": "generator.cli.site:build_command",
    "check": "generator.cli.site:check_command",
    "serve": "generator.cli.site:serve_command",
    "redact": "generator.cli.redact:redact",
    "foi": "generator.cli.foi:foi_command",
    "import": "generator.cli.importer:import_",
    "export": "generator.cli.importer:export",
    "approve": "generator.cli.approve:approve_command",
    "review": "generator.cli.review:review_command",
}


def command(name: str) -> click.Command:
    module, attribute = COMMANDS[name].split(":")
    found = getattr(import_module(module), attribute)
    assert isinstance(found, click.Command) and found.name == name, COMMANDS[name]
    return found


def commands() -> list[click.Command]:
    """Every command, loaded, in the README's order (for the docs and their tests)."""
    return [command(name) for name in COMMANDS]


class _LazyGroup(click.Group):
    """click's group, with each command loaded from COMMANDS when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return command(cmd_name) if cmd_name in COMMANDS else None


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publisher")
def cli() -> None:
    """Publish approved action plans and FOI releases, with personal data redacted."""


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
