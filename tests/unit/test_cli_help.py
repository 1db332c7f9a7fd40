"""`contacts COMMAND --help` for every command, and `contacts` alone lists them."""

import pytest
import typer
from typer.testing import CliRunner

from app.cli import cli

COMMANDS = typer.main.get_command(cli).commands


@pytest.mark.parametrize(
    "command, options",
    [
        ("serve", ["--host", "--port"]),
        ("migrate", []),
        ("seed", ["--if-empty"]),
        ("extract", ["--published", "--publisher", "--url"]),
    ],
)
def test_help_describes_each_command(command, options):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    first_line = COMMANDS[command].help.splitlines()[0]
    assert " ".join(first_line.split()[:4]) in " ".join(result.output.split())
    for option in options:
        assert option in result.output


def test_every_command_is_listed_without_arguments():
    result = CliRunner().invoke(cli, [])
    assert set(COMMANDS) >= {"serve", "migrate", "seed", "extract"}
    assert all(name in result.output for name in COMMANDS)
