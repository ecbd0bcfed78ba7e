"""The README's command table and exit statuses, generated from the commands themselves.

    python -m generator.cli.docs        prints both, as they stand in the README

tests/test_cli_docs.py fails when the README differs, so an option added to a command
without updating the README is caught (as Datasette does with its --help output).
"""

from __future__ import annotations

import click

from generator.cli import cli, commands
from generator.errors import EXIT_CODES


def _param(param: click.Parameter, ctx: click.Context) -> str:
    if isinstance(param, click.Argument):
        return param.make_metavar(ctx)  # click brackets an optional argument itself
    assert isinstance(param, click.Option)
    name = max(param.opts, key=len)  # --content rather than -c
    text = name if param.is_flag else f"{name} {param.make_metavar(ctx)}"
    return text if param.required else f"[{text}]"


def usage(command: click.Command) -> str:
    """`publisher build [--content PATH] …`: every option and argument, in --help's order."""
    ctx = click.Context(command, info_name=command.name, parent=click.Context(cli,
                                                                             info_name="publisher"))
    params = [p for p in command.get_params(ctx) if "--help" not in p.opts]
    return " ".join(["publisher", command.name or "", *(_param(p, ctx) for p in params)])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def command_table() -> str:
    rows = ["| command | does |", "|---|---|"]
    for command in commands():
        does = command.get_short_help_str(limit=200)
        rows.append(f"| `{_cell(usage(command))}` | {_cell(does)} |")
    return "\n".join(rows) + "\n"


def exit_table() -> str:
    rows = ["| exit status | means |", "|---|---|"]
    rows += [f"| {code} | {_cell(meaning)} |" for code, meaning in EXIT_CODES]
    return "\n".join(rows) + "\n"


def readme_section() -> str:
    return command_table() + "\n" + exit_table()


if __name__ == "__main__":
    click.echo(readme_section(), nl=False)
