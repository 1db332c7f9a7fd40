"""Import: every row validated first, bad rows by number, --skip-bad, idempotent, round trip."""

import csv
import io
import json

import pytest
from sqlmodel import func, select
from app.cli import cli
from app.config import get_settings
from app.models import Event, Official, OfficialAlias, Period, Topic
from app.services.exports import CSV_COLUMNS, csv_export, json_export
from app.services.filters import TimelineFilter
from app.services.imports import ImportRefused, apply_import, parse_csv, parse_json
from tests.analyst_fixture import small_record
from tests.factories import make_event

ALL = TimelineFilter(statuses=("held", "planned", "requested", "declined", "postponed",
                               "cancelled"), order="oldest")


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _csv_text(session) -> str:
    return "".join(csv_export(session=session, filters=ALL))


def _bad_csv(session) -> str:
    """The export of the small record with two rows broken: line 3 (a date that is no date)
    and line 5 (no medium)."""
    rows = list(csv.reader(io.StringIO(_csv_text(session))))
    header = rows[0]
    rows[2][header.index("date")] = "2021-02-30"
    rows[4][header.index("medium")] = ""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(session):
    small_record(session)
    plan = parse_csv(_bad_csv(session))
    assert [b.where for b in plan.bad] == ["line 3", "line 5"]
    assert "date" in plan.bad[0].reason and "medium" in plan.bad[1].reason
    before = count(session, Event)
    with pytest.raises(ImportRefused) as refused:
        apply_import(session=session, plan=plan)
    assert len(refused.value.bad) == 2
    assert count(session, Event) == before


def test_skip_bad_imports_the_good_rows_and_lists_the_rest(session, tmp_path, runner):
    small_record(session)
    path = tmp_path / "bad.csv"
    path.write_text(_bad_csv(session), encoding="utf-8")
    refused = runner.invoke(cli, ["import", str(path)])
    assert refused.exit_code == 1
    assert "line 3:" in refused.output and "line 5:" in refused.output
    assert "Nothing was imported" in refused.output
    assert count(session, Event) == 6
    _wipe_events(session)  # now the four good rows are new
    accepted = runner.invoke(cli, ["import", str(path), "--skip-bad"])
    assert accepted.exit_code == 0, accepted.output
    assert "Imported 4 events" in accepted.output and "line 3:" in accepted.output
    assert count(session, Event) == 4


def _wipe_events(session):
    """Remove the events outright: deletes in the app are soft, and a deleted event's uuid stays
    taken (an import skips it rather than bring it back unasked)."""
    from sqlmodel import delete

    session.exec(delete(Event))
    session.commit()


def test_importing_the_same_file_twice_creates_nothing_new(session):
    small_record(session)
    text = "".join(json_export(session=session, filters=ALL))
    first = apply_import(session=session, plan=parse_json(text))
    assert (first.created, first.duplicates) == (0, 6)  # the events it came from are there
    _wipe_events(session)
    again = apply_import(session=session, plan=parse_json(text))
    assert (again.created, again.duplicates) == (6, 0)
    twice = apply_import(session=session, plan=parse_json(text))
    assert (twice.created, twice.duplicates) == (0, 6)
    assert count(session, Event) == 6 and count(session, Period) == 1


def test_rows_without_uuid_are_matched_by_content(session):
    make_event(session, title="Austin and Wei speak by phone")
    handmade = ("date,medium,title,us,cn\r\n"
                "2022-04-20,phone_call,Other wording of the same call,"
                "Lloyd Austin (Secretary of Defense),Wei Fenghe (Minister of National Defense)\r\n"
                "2022-04-21,phone_call,A new call,Lloyd Austin,Wei Fenghe\r\n"
                "2022-04-21,phone_call,The same new call again,Lloyd Austin,Wei Fenghe\r\n")
    plan = parse_csv(handmade)
    assert plan.bad == []
    report = apply_import(session=session, plan=plan)
    assert (report.created, report.duplicates) == (1, 2)
    titles = set(session.exec(select(Event.title)).all())
    assert titles == {"Austin and Wei speak by phone", "A new call"}


def test_csv_round_trip_keeps_neutralised_text(session):
    make_event(session, title="=1+1", summary="-minus", topics=["A; B", "Taiwan"])
    text = _csv_text(session)
    assert next(csv.reader(io.StringIO(text))) == list(CSV_COLUMNS)
    _wipe_events(session)
    report = apply_import(session=session, plan=parse_csv(text))
    assert report.created == 1
    event = session.exec(select(Event)).one()
    assert (event.title, event.summary) == ("=1+1", "-minus")
    topics = set(session.exec(select(Topic.name)).all())
    assert {"A; B", "Taiwan"} <= topics


def test_a_file_that_is_not_a_dump_is_refused():
    from app.services.imports import UnreadableFile

    with pytest.raises(UnreadableFile):
        parse_json('{"events": []}')
    with pytest.raises(UnreadableFile):
        parse_csv("name,other\r\nx,y\r\n")
    with pytest.raises(UnreadableFile):
        parse_json("[not json")


def _snapshot(session) -> dict:
    dump = json.loads("".join(json_export(session=session, filters=ALL)))
    for event in dump["events"]:
        event.pop("id")
    dump.pop("exported_at")
    return dump


def test_full_round_trip_through_the_cli(session, tmp_path, runner, monkeypatch):
    small_record(session)
    make_event(session, date="2019-05-01", date_precision="month", title="Month only",
               end_date=None, duration_minutes=30, location="Beijing", channel="DTL",
               uncertain_reason="Sources disagree.", initiated_by="CN",
               participants=[{"name": None, "side": "CN", "title": "PLA delegation"},
                             {"name": "Lloyd Austin", "side": "US",
                              "title": "Secretary-designate"}],
               sources=[{"url": "https://example.org/b", "publisher": "Xinhua",
                         "published": "2019-05-02", "headline": "H", "quote": "Q",
                         "kind": "cn_readout"}])
    from app.services.officials import add_alias, official_by_slug

    add_alias(session, official_by_slug(session, "wei-fenghe"), "Wei Fenge")
    session.commit()
    before = _snapshot(session)
    dump_path = tmp_path / "dump.json"
    result = runner.invoke(cli, ["export", "--format", "json", "--output", str(dump_path)])
    assert result.exit_code == 0, result.output
    # Into an empty database (migrated, nothing in it).
    from app.migrate import upgrade

    empty_url = f"sqlite:///{tmp_path / 'empty.db'}"
    upgrade(empty_url)
    monkeypatch.setenv("CONTACTS_DATABASE_URL", empty_url)
    get_settings.cache_clear()  # the runner fixture clears it again afterwards
    result = runner.invoke(cli, ["import", str(dump_path)])
    assert result.exit_code == 0, result.output
    assert "Imported 7 events" in result.output
    from sqlmodel import Session

    from app.db import make_engine

    other_engine = make_engine(empty_url)
    with Session(other_engine) as other:
        after = _snapshot(other)
        assert count(other, OfficialAlias) == count(session, OfficialAlias)
        assert count(other, Official) == count(session, Official)
    other_engine.dispose()
    assert after == before
