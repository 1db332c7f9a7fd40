"""`contacts seed` and `contacts seed --if-empty` against a temporary database."""

from sqlmodel import Session, func, select

from app.cli import cli
from app.models import Article, Event


def _events(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Event)).one()


def test_seed_loads_then_refuses_then_if_empty_skips(runner, engine):
    first = runner.invoke(cli, ["seed"])
    assert first.exit_code == 0, first.output
    assert "Loaded 99 events, 3 periods" in first.output
    assert "held 87" in first.output and "phone_call 11" in first.output
    assert "merged (article and record): " in first.output
    assert ("seed article AP 2022-04-20: 5 contacts extracted; 4 already in the record, 0 added "
            "as sources, 0 new events, 1 left for review at /ingest/") in first.output
    # The address printed is the AP article's review page.
    with Session(engine) as session:
        ap = session.exec(select(Article).where(Article.publisher == "AP")).one()
    assert f"1 left for review at /ingest/{ap.id}\n" in first.output
    assert _events(engine) == 99

    again = runner.invoke(cli, ["seed"])
    assert again.exit_code == 1
    assert "Refusing to seed" in again.output and "--if-empty" in again.output

    quiet = runner.invoke(cli, ["seed", "--if-empty"])
    assert quiet.exit_code == 0 and "nothing to seed" in quiet.output
    assert _events(engine) == 99


def test_seed_if_empty_loads_an_empty_database(runner, engine):
    result = runner.invoke(cli, ["seed", "--if-empty"])
    assert result.exit_code == 0 and "Loaded 99 events" in result.output
    assert _events(engine) == 99


def test_seed_help(runner):
    result = runner.invoke(cli, ["seed", "--help"])
    assert result.exit_code == 0 and "--if-empty" in result.output
