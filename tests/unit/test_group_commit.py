"""Group commit (app.group_commit): concurrent writes share a transaction; each is answered only
after that transaction committed; one that fails is undone alone; a failed commit fails them all."""

import threading

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from app.group_commit import GroupCommitter
from app.models import Event, Revision
from app.schemas import EventCreate
from app.services.events import create_event
from tests.factories import event_payload


def _create(title: str):
    data = EventCreate.model_validate(event_payload(title=title, sources=[]))
    return lambda session: create_event(session=session, data=data, commit=False)


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


class Boom(Exception):
    pass


def _fails(session):
    create_event(session=session, commit=False,
                 data=EventCreate.model_validate(event_payload(title="Half-written", sources=[])))
    raise Boom("refused after writing")


def _run_together(committer: GroupCommitter, writes) -> list:
    """Queue every write before the writer thread takes any, so they share one batch."""
    taken, gate = threading.Event(), threading.Event()

    def hold(session):  # keeps the writer thread busy while the others queue up
        taken.set()
        gate.wait(10)

    committer.submit(hold)
    assert taken.wait(10)
    futures = [committer.submit(w) for w in writes]
    gate.set()
    return futures


def test_concurrent_writes_share_one_commit(engine):
    committer = GroupCommitter(engine)
    futures = _run_together(committer, [_create(f"Batched {n}") for n in range(10)])
    views = [f.result(timeout=30) for f in futures]
    assert sorted(v.title for v in views) == sorted(f"Batched {n}" for n in range(10))
    assert committer.batches == 2  # the gate's batch, then all ten in one
    assert _count(engine, Event) == 10
    assert _count(engine, Revision) == 10


def test_a_write_that_fails_is_undone_alone(engine):
    committer = GroupCommitter(engine)
    futures = _run_together(committer, [_create("Kept 1"), _fails, _create("Kept 2")])
    assert futures[0].result(timeout=30).title == "Kept 1"
    with pytest.raises(Boom):
        futures[1].result(timeout=30)
    assert futures[2].result(timeout=30).title == "Kept 2"
    with Session(engine) as session:
        titles = set(session.execute(select(Event.title)).scalars())
    assert titles == {"Kept 1", "Kept 2"}  # nothing of the failed write, its event included
    assert _count(engine, Revision) == 2


def test_a_failed_commit_fails_every_write_of_the_batch(engine, monkeypatch):
    committer = GroupCommitter(engine)

    def refuse(self):
        raise OSError("disk full")

    monkeypatch.setattr(Session, "commit", refuse)
    futures = _run_together(committer, [_create("Lost 1"), _create("Lost 2")])
    for future in futures:
        with pytest.raises(OSError):
            future.result(timeout=30)
    monkeypatch.undo()
    assert _count(engine, Event) == 0


def test_the_writer_stops_when_idle_and_starts_again(engine, monkeypatch):
    monkeypatch.setattr("app.group_commit.IDLE_SECONDS", 0.05)
    committer = GroupCommitter(engine)
    assert committer.run(_create("First")).title == "First"
    for _ in range(200):
        if not committer._running:
            break
        threading.Event().wait(0.02)
    assert not committer._running
    assert committer.run(_create("Second")).title == "Second"
    assert _count(engine, Event) == 2
