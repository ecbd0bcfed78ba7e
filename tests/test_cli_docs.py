"""The README's command table and exit statuses are what the commands say (cli/docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from generator.cli import COMMANDS, cli, commands
from generator.cli.docs import readme_section, usage

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_holds_exactly_the_current_command_table() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- commands:[^\n]*-->\n(.*?)<!-- /commands -->", text, re.S)
    assert found is not None, "README.md lost its <!-- commands --> markers"
    assert found.group(1) == readme_section(), (
        "README.md's command table is stale: python -m generator.cli.docs prints the new one")


def test_every_registered_command_and_every_option_of_its_help_is_in_the_table() -> None:
    listed = cli.list_commands(click.Context(cli))
    assert [c.name for c in commands()] == list(COMMANDS) and sorted(COMMANDS) == listed
    runner = CliRunner()
    for command in commands():
        shown = runner.invoke(cli, [command.name or "", "--help"]).output
        options = {o for o in re.findall(r"(?<![\w-])--[a-z][a-z-]+", shown) if o != "--help"}
        assert options, command.name
        assert options <= set(re.findall(r"--[a-z][a-z-]+", usage(command))), command.name


def test_every_exit_status_is_an_error_class_or_documented() -> None:
    assert isinstance(cli, click.Group)
    section = readme_section()
    for code in (0, 1, 2, 3, 4, 5, 70, 130):
        assert f"\n| {code} |" in section
