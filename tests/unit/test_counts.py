"""The month table answers as the events would, through creates, edits, deletes, cut months and
a bulk load around the services."""

from datetime import date

import pytest
from sqlalchemy import delete, insert
from sqlmodel import select

from app.cli import cli
from app.models import Event, EventMonthCount, utcnow
from app.schemas import EventUpdate
from app.services import counts as counts_module
from app.services.counts import counts, rebuild
from app.services.events import delete_event, get_event, update_event
from app.services.filters import TimelineFilter
from tests.analyst_fixture import small_record
from tests.factories import event_payload, make_event

DIMS = ("year", "month", "medium")
FILTERS = [
    TimelineFilter(),
    TimelineFilter(media=("phone_call",)),
    TimelineFilter(statuses=("held", "declined"), categories=("defense",)),
    TimelineFilter(date_from=date(2021, 1, 15), date_to=date(2022, 6, 30)),  # a cut month
    TimelineFilter(date_from=date(2021, 1, 11), date_to=date(2021, 1, 24)),  # inside one month
    TimelineFilter(date_from=date(2021, 1, 1), date_to=date(2021, 3, 31)),  # whole months
    TimelineFilter(date_to=date(2022, 6, 4)),
]


def direct(session, f, dims=DIMS):
    """The same counts, from the events themselves."""
    return counts_module.events_figures(session, f, dims)


@pytest.mark.parametrize("f", FILTERS)
def test_the_table_counts_what_the_events_count(session, f):
    small_record(session)
    assert counts_module.answerable(f)
    assert counts(session=session, filters=f, dims=DIMS) == direct(session, f)
    assert counts(session=session, filters=f, dims=("initiated_by",)) == \
        direct(session, f, ("initiated_by",))


def test_writes_keep_the_table_true(session):
    record = small_record(session)
    event = get_event(session=session, event_id=record["e1"].id)
    update_event(session=session, event_id=event.id, data=EventUpdate.model_validate(
        event_payload(date="2021-02-02", medium="written", version=event.version)))
    delete_event(session=session, event_id=record["e3"].id)
    make_event(session, date="2021-02-10", medium="written", topics=[])
    assert counts(session=session, filters=TimelineFilter(), dims=DIMS) == {
        (2021, 1, "video_conference"): 1, (2021, 2, "written"): 2, (2022, 6, "phone_call"): 1,
        (2023, 1, "in_person_meeting"): 1}
    assert counts(session=session, filters=TimelineFilter(), dims=DIMS) == \
        direct(session, TimelineFilter())
    zero = session.exec(select(EventMonthCount).where(EventMonthCount.events < 0)).all()
    assert zero == []


def test_a_bulk_load_around_the_services_is_seen_and_counted(session):
    small_record(session)
    session.execute(insert(Event).values(uuid="0" * 8 + "-0000-0000-0000-" + "0" * 12,
                                         date=date(2020, 5, 5), medium="other", status="held",
                                         category="defense", title="Bulk", summary="",
                                         initiated_by="unknown", version=1,
                                         created_at=utcnow(), updated_at=utcnow()))
    session.commit()
    got = counts(session=session, filters=TimelineFilter(), dims=DIMS)
    assert got[(2020, 5, "other")] == 1
    assert got == direct(session, TimelineFilter())


def test_other_filters_count_the_events(session):
    small_record(session)
    f = TimelineFilter(officials=("mark-milley",))
    assert not counts_module.answerable(f)
    assert counts(session=session, filters=f, dims=DIMS) == {(2021, 3, "in_person_meeting"): 1}


def test_rebuild_from_nothing(session):
    small_record(session)
    before = counts(session=session, filters=TimelineFilter(), dims=DIMS)
    session.execute(delete(EventMonthCount))
    rebuild(session)
    session.commit()
    assert counts(session=session, filters=TimelineFilter(), dims=DIMS) == before


def test_recount_command(session, runner):
    small_record(session)
    session.execute(delete(EventMonthCount))
    session.commit()
    result = runner.invoke(cli, ["recount"])
    assert result.exit_code == 0, result.output
    rows = session.exec(select(EventMonthCount)).all()
    assert sum(r.events for r in rows) == 6


def test_a_creation_committed_while_the_stamp_is_read_is_no_bulk_load(session, engine,
                                                                          monkeypatch):
    """Another process commits a creation right after this session's first statement of the
    stamp: the stamp stays one snapshot, so the tables are not rebuilt for it."""
    from sqlalchemy import event as sa_event
    from sqlmodel import Session

    small_record(session)
    session.commit()
    rebuilt = []
    monkeypatch.setattr(counts_module, "rebuild", lambda s: rebuilt.append(s))
    connection = session.connection()
    written = []

    def write_once(*_args):
        if not written:
            written.append(True)
            with Session(engine) as other:
                make_event(other, date="2021-02-10")

    sa_event.listen(connection, "after_cursor_execute", write_once)
    try:
        counts_module.fresh(session)
    finally:
        sa_event.remove(connection, "after_cursor_execute", write_once)
    assert written and rebuilt == []
