"""The README documents every setting and every CLI command (datasette's test_docs idea)."""

import re

import pytest
import typer

from app.cli import cli
from app.config import ROOT, Settings

README = (ROOT / "README.md").read_text()


def settings_rows() -> dict[str, str]:
    """Configuration table rows keyed by the variable in their first cell."""
    rows = {}
    for line in README.splitlines():
        match = re.match(r"\|\s*`(CONTACTS_[A-Z_]+)`\s*\|(.*)", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_configuration_table_with_its_default(field):
    variable = f"CONTACTS_{field.upper()}"
    rows = settings_rows()
    assert variable in rows, f"{variable} is not in the README's configuration table"
    info = Settings.model_fields[field]
    if info.is_required():
        return  # a setting without a default (a secret) only needs its variable documented
    assert f"`{info.default}`" in rows[variable], f"the README gives another default for {variable}"


def test_the_configuration_table_has_no_stale_rows():
    assert set(settings_rows()) == {f"CONTACTS_{f.upper()}" for f in Settings.model_fields}


@pytest.mark.parametrize("command", sorted(typer.main.get_command(cli).commands))
def test_every_cli_command_is_documented(command):
    assert re.search(rf"`contacts {re.escape(command)}\b", README), \
        f"`contacts {command}` is not in the README"


def test_the_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README


def test_every_image_the_readme_shows_is_in_the_repository():
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert "docs/screenshot-timeline.png" in images
    for path in images:
        data = (ROOT / path).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path
        width = int.from_bytes(data[16:20], "big")
        assert width == 1280, f"{path} is {width} px wide; `make screenshot` takes it at 1280"
