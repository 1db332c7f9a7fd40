"""A reading request looks at the record's stamp once (app.services.counts.remember_stamp),
a write in it looks again, and figures kept by the stamp (periods too) follow every change."""

from datetime import date
from types import SimpleNamespace

from sqlmodel import Session

from app.db import session_dependency
from app.schemas import PeriodIn
from app.services import counts
from app.services.filters import TimelineFilter
from app.services.overview import overview
from app.services.periods import create_period
from tests.factories import make_event
from tests.loops import run_on_own_loop


def test_a_remembering_session_reads_the_stamp_once(session, engine):
    make_event(session, date="2022-01-01")
    counts.remember_stamp(session)
    first = counts.stamp(session)
    with Session(engine) as other:
        make_event(other, date="2022-01-02")
    assert counts.stamp(session) == first  # the request goes on with what it first saw
    with Session(engine) as fresh:
        assert counts.stamp(fresh) != first  # the next request sees the write


def test_a_write_in_the_session_makes_it_look_again(session):
    make_event(session, date="2022-01-01")
    counts.remember_stamp(session)
    first = counts.stamp(session)
    counts.touch(session)
    session.commit()
    assert counts.stamp(session)[0] == first[0] + 1


def test_a_transaction_moves_the_generation_once_however_many_writes(session, engine):
    """The group commit runs a batch of creations in one transaction, a savepoint each: one
    bump as it commits, kept even when one write of the batch was undone."""
    from sqlmodel import Session

    from app.schemas import EventCreate
    from app.services.events import create_event
    from tests.factories import event_payload

    def create(batch, day):  # as the group commit's writes do: no commit of their own
        create_event(session=batch, data=EventCreate.model_validate(event_payload(date=day)),
                     commit=False)

    make_event(session, date="2022-01-01")
    before = counts.stamp(session)
    with Session(engine) as batch:
        for day in ("2022-02-01", "2022-02-02"):
            with batch.begin_nested():
                create(batch, day)
        try:
            with batch.begin_nested():
                create(batch, "2022-02-03")
                raise RuntimeError("this write alone is undone")
        except RuntimeError:
            pass
        batch.commit()
    after = counts.stamp(session)
    assert after[0] == before[0] + 1
    assert after[1] == after[2] == before[2] + 2  # the highest id noted: no rebuild follows


def test_only_sessions_of_reading_requests_remember(engine):
    dependency = session_dependency(lambda: engine)

    def info_for(method: str) -> dict:
        request = SimpleNamespace(method=method, scope={}, headers={})
        sessions = dependency(request)

        async def first():
            session = await sessions.__anext__()
            info = dict(session.info)
            await sessions.aclose()
            return info

        return run_on_own_loop(first())

    assert counts.STAMP_MEMO in info_for("GET")
    assert counts.STAMP_MEMO not in info_for("POST")


def test_a_new_period_shows_on_the_next_overview(session):
    make_event(session, date="2022-01-01")
    f = TimelineFilter()
    assert overview(session=session, filters=f, today=date(2023, 1, 1)).periods == []
    create_period(session=session, data=PeriodIn(name="A freeze", start=date(2022, 6, 1)))
    periods = overview(session=session, filters=f, today=date(2023, 1, 1)).periods
    assert [p.name for p in periods] == ["A freeze"]


def test_a_rebuild_is_seen_by_requests_that_looked_before_it(session, engine, monkeypatch):
    """counts.fresh() reads the stamp from the database, not the request's memo: a second
    request that looked before the first one's rebuild committed does not rebuild again."""
    from sqlalchemy import text

    make_event(session, date="2022-01-01")
    with engine.begin() as connection:  # a bulk load around the services
        connection.execute(text("UPDATE event_count_state SET max_event_id = -1"))
    rebuilds: list[int] = []
    real = counts.rebuild
    monkeypatch.setattr(counts, "rebuild", lambda s: (rebuilds.append(1), real(s)))
    with Session(engine) as first, Session(engine) as second:
        counts.remember_stamp(first)
        counts.remember_stamp(second)
        counts.stamp(first), counts.stamp(second)
        counts.fresh(first)
        counts.fresh(second)
    assert rebuilds == [1]


def test_a_database_emptied_and_filled_again_gets_a_new_stamp(session, engine):
    """Processes keep figures by the stamp: an emptied database (a test's, a restore) that
    reached the same counts again must not come back to a stamp they kept figures under."""
    from sqlalchemy import delete

    from app.models import Event, EventCountState, EventTopic, Participation, Source

    make_event(session, date="2022-01-01", title="Alpha")
    first = counts.stamp(session)
    for table in (Source, EventTopic, Participation, Event, EventCountState):
        session.execute(delete(table))
    session.commit()
    make_event(session, date="2022-01-01", title="Beta")
    assert counts.stamp(session) != first


def test_figures_computed_in_a_transaction_that_wrote_are_not_kept(session):
    from app.services.cache import Store, cached

    make_event(session, date="2022-01-01")
    store = Store(4)
    counts.touch(session)  # written, not committed
    cached(session, "k", lambda: "seen inside the write", store=store)
    assert len(store) == 0
    session.rollback()
    assert cached(session, "k", lambda: "after", store=store) == "after" and len(store) == 1


def test_a_batch_whose_only_write_was_undone_moves_nothing(session, engine):
    from sqlmodel import Session

    make_event(session, date="2022-01-01")
    before = counts.stamp(session)
    with Session(engine) as batch:
        try:
            with batch.begin_nested():
                counts.touch(batch)
                raise RuntimeError("undone")
        except RuntimeError:
            pass
        batch.commit()
    assert counts.stamp(session) == before
