"""Revisions: one per write, in the same transaction, with the whole record before and after;
diffs in words; restore; export and import of the history as it was."""

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from sqlmodel import Session, col, func, select

from app.models import Event, Revision
from app.schemas import EventUpdate, SourceIn
from app.services import events as event_service
from app.services.events import (
    EventDeleted,
    RestoreRefused,
    VersionConflict,
    add_sources,
    delete_event,
    event_history,
    get_event,
    restore_event,
    update_event,
)
from app.services.revisions import (
    Change,
    diff,
    editor_name,
    insert_revisions,
    list_revisions,
    snapshot,
)
from tests.factories import event_payload, make_event


@dataclass(frozen=True)
class Editor:
    name: str


ALICE, BOB = Editor("alice"), Editor("bob")


def revisions(session: Session, event_id: int) -> list[Revision]:
    session.expire_all()
    return list(session.exec(select(Revision).where(Revision.entity_id == event_id)
                             .order_by(col(Revision.id))).all())


def edit(session, event, **changes):
    data = EventUpdate.model_validate(event_payload(**changes) | {"version": event.version})
    return update_event(session=session, event_id=event.id, data=data, editor=ALICE)


def test_every_write_records_who_what_and_the_whole_record(session):
    event = make_event(session)
    edited = edit(session, event, medium="video_conference", topics=["Taiwan", "Cyber"])
    with_source = add_sources(session=session, event_id=event.id, editor=BOB,
                              sources=[SourceIn(url="https://example.org/b", publisher="Reuters")])
    delete_event(session=session, event_id=event.id, editor=ALICE)
    restored = restore_event(session=session, event_id=event.id, version=with_source.version + 1,
                             editor=BOB)

    rows = revisions(session, event.id)
    assert [(r.action, r.editor, r.version) for r in rows] == [
        ("create", "system", 1), ("update", "alice", 2), ("add_sources", "bob", 3),
        ("delete", "alice", 4), ("restore", "bob", 5)]
    create, update, added, deleted, restore = rows
    assert create.before is None and create.after == snapshot(event)
    assert update.before == snapshot(event) and update.after == snapshot(edited)
    assert update.after["participants"][0] == {"name": "Lloyd Austin", "side": "US",
                                               "title": "Secretary of Defense"}
    assert update.after["sources"][0]["url"] == "https://example.org/a"
    assert added.after["sources"][-1]["publisher"] == "Reuters"
    assert deleted.before == added.after | {"version": 3} and deleted.after is None
    assert restore.before is None and restore.after == snapshot(restored)
    assert restored.version == 5 and get_event(session=session, event_id=event.id).version == 5


@pytest.mark.parametrize("write", ["create", "update", "delete", "restore", "add_sources"])
def test_a_failure_after_the_event_write_leaves_neither(engine, monkeypatch, write):
    """The revision is written in the change's transaction: if writing it fails, the change
    is rolled back too."""
    with Session(engine) as session:
        event = make_event(session)
        if write == "restore":
            delete_event(session=session, event_id=event.id)
    with Session(engine) as session:
        before_events = session.exec(select(func.count()).select_from(Event)).one()
        before = (snapshot(get_event(session=session, event_id=event.id, include_deleted=True)),
                  len(revisions(session, event.id)))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(event_service, "record_revision", fail)
    with Session(engine) as session, pytest.raises(RuntimeError):
        if write == "create":
            event_service.create_event(session=session, data=EventUpdate.model_validate(
                event_payload(title="Never saved") | {"version": 1}))
        elif write == "update":
            edit(session, event, title="Never saved")
        elif write == "delete":
            delete_event(session=session, event_id=event.id)
        elif write == "restore":
            restore_event(session=session, event_id=event.id, version=2)
        else:
            add_sources(session=session, event_id=event.id,
                        sources=[SourceIn(url="https://example.org/n", publisher="Never")])
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Event)).one() == before_events
        after = (snapshot(get_event(session=session, event_id=event.id, include_deleted=True)),
                 len(revisions(session, event.id)))
        assert after == before
        assert (session.get(Event, event.id).deleted_at is not None) == (write == "restore")


def test_editor_is_recorded_by_name():
    assert editor_name(None) == "system"
    assert editor_name(Editor("alice")) == "alice"


def test_diff_in_words(session):
    event = make_event(session)
    before = snapshot(event)
    after = dict(before, medium="video_conference", title="New title", summary="",
                 participants=[before["participants"][0] | {"title": "Former Secretary"},
                               {"name": "Dong Jun", "side": "CN", "title": "Minister"}],
                 topics=["Taiwan", "Cyber"],
                 sources=[before["sources"][0] | {"quote": "Another sentence."},
                          {"url": None, "publisher": "Xinhua", "published": None,
                           "headline": "Talks", "quote": "", "kind": "cn_readout"}])
    texts = [c.text for c in diff(before, after)]
    assert texts == [
        "Medium: Phone call → Video conference",
        "Title: Austin and Wei speak by phone → New title",
        "Summary: The two defence chiefs discussed Taiwan and Ukraine. → —",
        "Title of Lloyd Austin: Secretary of Defense → Former Secretary",
        "Participant added: Dong Jun (China, Minister)",
        "Participant removed: Wei Fenghe (China, Minister of National Defense)",
        "Topic added: Cyber",
        "Topic removed: Ukraine",
        "Source AP, https://example.org/a: Quote: Austin spoke with Wei Fenghe. → Another "
        "sentence.",
        "Source added: Xinhua, Talks",
    ]
    assert diff(None, after) == [] and diff(before, None) == []
    assert diff(before, before) == []


def test_long_text_is_shortened_in_a_diff():
    change = diff({"summary": "a" * 500}, {"summary": "b"})[0]
    assert change == Change("summary", "changed", "Summary", "a" * 119 + "…", "b")


def test_restore_an_earlier_version(session):
    event = make_event(session)
    v2 = edit(session, event, medium="video_conference", title="Edited",
              participants=[{"name": "Dong Jun", "side": "CN", "title": "Minister"}])
    first = revisions(session, event.id)[0]
    restored = restore_event(session=session, event_id=event.id, version=v2.version,
                             revision_id=first.id, editor=BOB)
    assert restored.version == 3
    assert snapshot(restored) == snapshot(event) | {"version": 3}
    last = revisions(session, event.id)[-1]
    assert (last.action, last.editor, last.note) == ("restore", "bob", "Restored version 1")
    assert last.before == snapshot(v2) and last.after == snapshot(restored)
    page = event_history(session=session, event_id=event.id)
    assert [e.revision.action for e in page.entries] == ["restore", "update", "create"]
    assert [e.restorable for e in page.entries] == [False, True, True]  # the current one: no
    assert "Title: Edited → Austin and Wei speak by phone" in [c.text for c in
                                                               page.entries[0].changes]


def test_restore_with_a_stale_version_writes_nothing(session):
    event = make_event(session)
    edit(session, event, title="Edited")
    with pytest.raises(VersionConflict):
        restore_event(session=session, event_id=event.id, version=1,
                      revision_id=revisions(session, event.id)[0].id)
    assert len(revisions(session, event.id)) == 2


def test_restore_refuses_what_is_not_this_events_version(session):
    event, other = make_event(session), make_event(session, title="Other")
    delete_event(session=session, event_id=event.id)
    theirs = revisions(session, other.id)[0]
    deletion = revisions(session, event.id)[-1]
    with pytest.raises(RestoreRefused):
        restore_event(session=session, event_id=event.id, version=2, revision_id=theirs.id)
    with pytest.raises(RestoreRefused):
        restore_event(session=session, event_id=event.id, version=2, revision_id=deletion.id)
    with pytest.raises(RestoreRefused):  # a live event needs a version to restore
        restore_event(session=session, event_id=other.id, version=1)


def test_a_deleted_event_is_refused_until_restored(session):
    event = make_event(session)
    delete_event(session=session, event_id=event.id, editor=ALICE)
    with pytest.raises(EventDeleted) as refused:
        get_event(session=session, event_id=event.id)
    assert refused.value.deleted_by == "alice" and refused.value.deleted_at is not None
    with pytest.raises(EventDeleted):
        edit(session, event.model_copy(update={"version": 2}), title="Edited")
    with pytest.raises(EventDeleted):
        delete_event(session=session, event_id=event.id)
    with pytest.raises(EventDeleted):
        add_sources(session=session, event_id=event.id,
                    sources=[SourceIn(url="https://example.org/x", publisher="X")])
    # A restore of any version brings it back with those values.
    first = revisions(session, event.id)[0]
    restored = restore_event(session=session, event_id=event.id, version=2, revision_id=first.id)
    assert restored.title == event.title and restored.version == 3


def test_conflict_says_what_changed_and_who_changed_it(session):
    event = make_event(session)
    edit(session, event, medium="video_conference")
    with pytest.raises(VersionConflict) as refused:
        update_event(session=session, event_id=event.id, editor=BOB, data=EventUpdate.model_validate(
            event_payload(title="Bob's title") | {"version": 1}))
    conflict = refused.value
    assert conflict.started_from == 1 and conflict.current.version == 2
    assert [c.text for c in conflict.changes] == ["Medium: Phone call → Video conference"]
    assert conflict.by == ["alice"]
    assert get_event(session=session, event_id=event.id).title == event.title


def test_conflict_without_history_has_no_changes(session):
    event = make_event(session)
    for revision in session.exec(select(Revision)).all():
        session.delete(revision)  # an event entered before the history began
    session.commit()
    edit(session, event, title="Edited")
    with pytest.raises(VersionConflict) as refused:
        edit(session, event, title="Stale")
    assert refused.value.changes is None


def test_revisions_export_and_import_as_they_were(session, tmp_path, migrated_template):
    import shutil

    from app.db import make_engine

    event = make_event(session)
    edit(session, event, title="Edited")
    delete_event(session=session, event_id=event.id, editor=BOB)
    exported = list_revisions(session=session)
    assert [r["action"] for r in exported] == ["create", "update", "delete"]
    assert isinstance(exported[0]["created_at"], str)

    path = tmp_path / "empty.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as fresh:
        assert insert_revisions(fresh, rows=exported) == 3
        fresh.commit()
        assert list_revisions(session=fresh) == exported
        times = [r.created_at for r in fresh.exec(select(Revision)).all()]
        assert all(isinstance(t, datetime) for t in times)
    engine.dispose()
    assert datetime.fromisoformat(exported[0]["created_at"]).tzinfo in (timezone.utc, None)


def test_no_record_is_sql_null_not_json_null(session):
    """A create has no "before" and a delete no "after": SQL NULL, so queries can tell."""
    from sqlalchemy import text

    event = make_event(session)
    delete_event(session=session, event_id=event.id)
    rows = session.execute(text("SELECT action, before IS NULL, after IS NULL FROM revision "
                                "ORDER BY id")).all()
    assert rows == [("create", 1, 0), ("delete", 0, 1)]


def test_the_month_counts_follow_delete_and_restore(session):
    """The /stats and chart counts (app.services.counts) leave a deleted event out, and take it
    back on restore, without a rebuild."""
    from app.models import EventMonthCount
    from app.services import counts

    def in_table() -> int:
        session.expire_all()
        return sum(r.events for r in session.exec(select(EventMonthCount)).all())

    event = make_event(session)
    make_event(session, title="Another")
    assert in_table() == 2
    delete_event(session=session, event_id=event.id)
    assert in_table() == 1
    restore_event(session=session, event_id=event.id, version=2)
    assert in_table() == 2
    delete_event(session=session, event_id=event.id)
    first = revisions(session, event.id)[0]
    restore_event(session=session, event_id=event.id, version=4, revision_id=first.id)
    assert in_table() == 2
    counts.rebuild(session)  # counting again from the events agrees
    assert in_table() == 2
