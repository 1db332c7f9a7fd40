"""The full dump round trip: `contacts export --format json --output FILE` of a database with
creates, edits, a delete, a restore, a merge, an article-linked source and a period, then
`contacts import FILE` into an empty database gives the same data, history included (a second
export is identical), on SQLite and PostgreSQL."""

import json
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.cli import cli
from app.config import get_settings
from app.db import make_engine
from app.models import Article, Editor, Event, Revision, Source
from app.schemas import EventCreate, EventUpdate, PeriodIn
from app.services.events import create_event, delete_event, restore_event, update_event
from app.services.exports import full_dump, json_export
from app.services.filters import TimelineFilter
from app.services.merge import merge_events
from app.services.officials import add_alias, official_by_slug
from app.services.periods import create_period
from tests.conftest import app_on
from tests.databases import fresh_database
from tests.factories import event_payload, search_hits
from tests.http.test_event_form import soup


@dataclass(frozen=True)
class Who:
    name: str


ALICE, BOB = Who("alice"), Who("bob")


def _create(session, editor, **overrides):
    return create_event(session=session, data=EventCreate.model_validate(event_payload(**overrides)),
                        editor=editor)


def build_record(session) -> dict:
    """Creates, an edit, a delete, a delete then restore, a merge, an article, a period."""
    kept = _create(session, ALICE, title="Kept and edited")
    update_event(session=session, event_id=kept.id, editor=BOB, data=EventUpdate.model_validate(
        event_payload(title="Kept, edited by Bob", location="Beijing", version=kept.version)))
    gone = _create(session, ALICE, date="2021-01-05", title="Deleted for good",
                   medium="video_conference")
    delete_event(session=session, event_id=gone.id, editor=BOB)
    back = _create(session, BOB, date="2020-08-06", title="Deleted, then restored")
    delete_event(session=session, event_id=back.id, editor=ALICE)
    restore_event(session=session, event_id=back.id, version=2, editor=BOB)
    survivor = _create(session, ALICE, date="2019-05-01", title="Survivor of a merge")
    merged = _create(session, BOB, date="2019-05-02", title="Merged into the survivor",
                     topics=["Cyber"], sources=[{"url": "https://example.org/xinhua",
                                                 "publisher": "Xinhua", "kind": "cn_readout",
                                                 "quote": "Wei held a call."}])
    article = Article(content_hash="a" * 64, title="Xinhua readout", text="Wei held a call.",
                      publisher="Xinhua", url="https://example.org/xinhua")
    session.add(article)
    session.flush()
    session.exec(select(Source).where(Source.event_id == merged.id)).one().article_id = article.id
    session.commit()
    merge_events(session=session, event_id=survivor.id, other_id=merged.id,
                 version=survivor.version, other_version=merged.version, editor=ALICE)
    create_period(session=session, data=PeriodIn(name="A suspension", start="2022-08-05",
                                                 end="2023-11-15", summary="Talks stopped."))
    add_alias(session, official_by_slug(session, "wei-fenghe"), "Wei Fenge")
    # Accounts are not part of the record: their hashes must never reach a dump.
    session.add(Editor(username="alice", password_hash="$argon2id$secret-hash"))
    session.commit()
    return {"kept": kept.id, "gone": gone.id, "back": back.id, "survivor": survivor.id,
            "merged": merged.id, "article": article.id}


def _without_time(text: str) -> dict:
    dump = json.loads(text)
    dump.pop("exported_at")
    return dump


@contextmanager
def _engine(url):
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def empty_url(request, backend, tmp_path):
    (tmp_path / "empty").mkdir()
    with fresh_database(request, backend, tmp_path / "empty") as url:
        yield url


def _export(runner, path):
    result = runner.invoke(cli, ["export", "--format", "json", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def _point_cli_at(monkeypatch, url):
    monkeypatch.setenv("CONTACTS_DATABASE_URL", url)
    get_settings.cache_clear()  # the runner fixture clears it again afterwards


def test_full_dump_round_trip_through_the_cli(session, engine, runner, tmp_path, monkeypatch,
                                              empty_url):
    ids = build_record(session)
    first = _export(runner, tmp_path / "first.json")
    dump = json.loads(first)
    assert (dump["version"], dump["scope"]) == (2, "full")
    assert "secret-hash" not in first and "password" not in first
    events = {e["id"]: e for e in dump["events"]}
    assert events[ids["gone"]]["deleted_at"] and events[ids["merged"]]["merged_into"] == \
        ids["survivor"]
    assert events[ids["back"]]["deleted_at"] is None
    assert [s["article_id"] for s in events[ids["merged"]]["sources"]] == [ids["article"]]
    assert {r["editor"] for r in dump["revisions"]} == {"alice", "bob"}
    assert dump["articles"][0]["text"] == "Wei held a call."

    _point_cli_at(monkeypatch, empty_url)
    result = runner.invoke(cli, ["import", str(tmp_path / "first.json")])
    assert result.exit_code == 0, result.output
    assert len(dump["revisions"]) == 11  # 5 creates, an edit, 2 deletes, a restore, 2 merges
    assert "Imported 5 events (2 of them deleted) with 11 revisions and 1 articles" in \
        result.output
    second = _export(runner, tmp_path / "second.json")
    assert _without_time(second) == _without_time(first)

    with _engine(empty_url) as restored:
        with Session(restored) as other:
            # Searches, counts and the timeline see what the original sees.
            assert search_hits(other, "Xinhua") == search_hits(session, "Xinhua") == \
                [ids["survivor"]]
            live = TimelineFilter(order="oldest")
            assert json.loads("".join(json_export(session=other, filters=live)))["events"] == \
                json.loads("".join(json_export(session=session, filters=live)))["events"]
            # New rows take new ids (PostgreSQL's sequences moved past the restored ones).
            new = _create(other, None, title="After the restore")
            assert new.id == max(events) + 1
            top = other.exec(select(Revision.id).order_by(Revision.id.desc())).first()
            assert top == max(r["id"] for r in dump["revisions"]) + 1
        _same_pages(engine, restored, ids)


def _same_pages(engine, restored, ids):
    """The event pages (with their history, the merged one's pointer) read the same."""
    with TestClient(app_on(engine)) as before, TestClient(app_on(restored)) as after:
        for key in ("kept", "gone", "back", "survivor", "merged"):
            url = f"/events/{ids[key]}"
            a, b = before.get(url), after.get(url)
            assert a.status_code == b.status_code
            assert soup(a).find(id="history").get_text(" ", strip=True) == \
                soup(b).find(id="history").get_text(" ", strip=True)
        page = soup(after.get(f"/events/{ids['merged']}"))
        assert page.find(id="merged-into")["href"] == f"/events/{ids['survivor']}"
        history = after.get(f"/api/events/{ids['survivor']}/history").json()["data"]
        assert [h["action"] for h in history] == ["merge", "create"]


def test_a_full_dump_into_a_database_with_a_record_adds_only_what_is_new(session, tmp_path,
                                                                          runner):
    ids = build_record(session)
    path = tmp_path / "dump.json"
    path.write_text("".join(full_dump(session=session)), encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 0 events; skipped 3 already present" in result.output
    assert "Skipped 2 deleted events" in result.output
    assert session.get(Event, ids["gone"]).deleted_at is not None


def test_the_full_dump_has_deleted_events_and_the_timeline_export_does_not(session, anon_client):
    ids = build_record(session)
    full = json.loads("".join(full_dump(session=session)))
    assert {ids["gone"], ids["merged"]} <= {e["id"] for e in full["events"]}
    timeline = anon_client.get("/export/events.json").json()
    assert "scope" not in timeline and timeline["version"] == 1
    assert {e["id"] for e in timeline["events"]} == {ids["kept"], ids["back"], ids["survivor"]}
    assert "revisions" not in timeline


def test_a_filter_makes_the_cli_write_the_selection_not_the_dump(session, runner, tmp_path):
    build_record(session)
    path = tmp_path / "phone.json"
    result = runner.invoke(cli, ["export", "--format", "json", "--medium", "phone_call",
                                 "--output", str(path)])
    assert result.exit_code == 0, result.output
    dump = json.loads(path.read_text(encoding="utf-8"))
    assert "scope" not in dump and "revisions" not in dump
    assert all(e["medium"] == "phone_call" and "deleted_at" not in e for e in dump["events"])
