import json

from typer.testing import CliRunner

from app.cli import cli


def test_extract_command_prints_contract_json(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Lloyd Austin spoke by phone with Wei Fenghe on Wednesday.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--published", "2022-04-20",
                                      "--publisher", "AP", "--url", "https://example.org/a"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article"]["publisher"] == "AP"
    assert data["events"][0]["date"] == "2022-04-20"


def test_extract_command_rejects_a_bad_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--published", "20 April"])
    assert result.exit_code == 2


def test_extract_command_refuses_a_date_outside_the_record_range(tmp_path):
    """'yesterday' against 1 January of year 1 was an OverflowError traceback."""
    path = tmp_path / "a.txt"
    path.write_text("Lloyd Austin spoke by phone yesterday with Wei Fenghe.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--published", "0001-01-01"])
    assert result.exit_code == 2 and "1900-01-01 to 2100-12-31" in result.output


def test_extract_command_on_the_ap_seed_file():
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "fixtures/articles/seeds/004_16a2962eca6a6bb6.txt"
    result = CliRunner().invoke(cli, ["extract", str(seed), "--published", "2022-04-20",
                                      "--publisher", "AP"])
    assert result.exit_code == 0, result.output
    held = [e for e in json.loads(result.output)["events"] if e["status"] == "held"]
    assert [e["date"] for e in held] == ["2022-04-20", "2020-08-06", "2022-03-18", "2021-03"]
