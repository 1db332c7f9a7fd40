"""Contacts per month, medium, category, status, initiator and certainty, kept in a small table.

The rhythm chart and the counts of /stats would otherwise read every matching event (a second
and more at a million). The event services call `record_change` in the transaction of each write,
so the table is always true for what they wrote; a bulk load that inserts around them moves
max(event.id) past the one the table saw, and the next read rebuilds it (one GROUP BY).

A filter on status, medium, category, certainty and dates is answered from the table (one topic
more: from app.services.label_counts' table): whole months from it, a month cut by `from` or
`to` from the events themselves. Any other filter (officials, several topics, text) counts the
matching events directly.
"""

import secrets
from calendar import monthrange
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from sqlalchemy import bindparam, delete, event, extract, false, func, insert, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from app.models import (
    Event,
    EventCountState,
    EventLabelCount,
    EventLabelTotal,
    EventMonthCount,
    EventMonthTotal,
    Topic,
)
from app.services.filters import TimelineFilter
from app.services.live import live_events

class Key(NamedTuple):
    status: str
    category: str
    medium: str
    initiated_by: str
    uncertain: bool
    year: int
    month: int


def key_of(event) -> Key:
    value = lambda v: getattr(v, "value", v)  # noqa: E731 (enums or plain strings)
    return Key(value(event.status), value(event.category), value(event.medium),
               value(event.initiated_by), event.uncertain_reason is not None,
               event.date.year, event.date.month)


def uncertain_column():
    """Whether an event's certainty is in doubt, as the tables count it (and the certainty
    filter reads it: firm is no uncertain_reason)."""
    return col(Event.uncertain_reason).is_not(None)


def adding_upsert(table, keys: Sequence[str], dialect: str):
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET events = events + the new row's (SQLite and
    PostgreSQL both have it): two writers adding to a row that did not exist yet cannot both
    insert it. Parameters: the keys, and `events`. Built once per table and dialect."""
    cache_key = (table.name, dialect)
    if cache_key not in _UPSERTS:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        statement = upsert(table).values({c: bindparam(c) for c in (*keys, "events")})
        _UPSERTS[cache_key] = statement.on_conflict_do_update(
            index_elements=list(keys), set_={"events": table.c.events + statement.excluded.events})
    return _UPSERTS[cache_key]


_UPSERTS: dict = {}
# One statement: the generation moves on and the highest id is noted (cached figures such as
# those of /stats are computed again).
_TOUCH = update(EventCountState.__table__).values(
    max_event_id=func.coalesce(select(func.max(Event.id)).scalar_subquery(), 0),
    generation=EventCountState.__table__.c.generation + 1)


# The dimensions of event_month_total, the coarser table (no category, no initiator).
TOTAL_DIMS = ("status", "year", "month", "medium", "uncertain")


def _add(session: Session, key: Key, n: int) -> None:
    dialect = session.get_bind().dialect.name
    row = {**key._asdict(), "events": n}
    session.execute(adding_upsert(EventMonthCount.__table__, Key._fields, dialect), row)
    session.execute(adding_upsert(EventMonthTotal.__table__, TOTAL_DIMS, dialect),
                    {d: row[d] for d in (*TOTAL_DIMS, "events")})


# session.info key: set once the session's transaction has written (app.services.cache keeps
# nothing it computes then: the transaction may still be rolled back).
WROTE = "contacts_wrote"


def touch(session: Session) -> None:
    """Note a write: the generation moves on (cached figures are computed again), once per
    transaction, as it commits (a batch of the group commit's creations bumped it for each)."""
    if STAMP_MEMO in session.info:
        session.info[STAMP_MEMO] = []  # the stamp read before this write is no longer true
    session.info[WROTE] = True


@event.listens_for(OrmSession, "before_commit")
def _bump_once(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's release: the transaction goes on
    if session.info.pop(WROTE, None):
        session.flush()  # the events of the transaction, for the highest id noted
        _bump(session)


def _bump(session: OrmSession) -> None:
    if session.execute(_TOUCH).rowcount == 0:
        newest = session.execute(select(func.max(Event.id))).scalar_one_or_none() or 0
        # A random first generation: a database emptied and filled again (a test's, a restore)
        # must not come back to a stamp the processes have kept figures under.
        session.execute(insert(EventCountState).values(
            id=1, max_event_id=newest, generation=secrets.randbelow(FIRST_GENERATIONS) + 1))


FIRST_GENERATIONS = 1 << 30  # room for another 2**30 writes in PostgreSQL's 32-bit integer


# A savepoint undone (the group commit undoes one failed write so) takes back its writes' mark.
_AT_SAVEPOINT = "contacts_wrote_at_savepoint"


@event.listens_for(OrmSession, "after_transaction_create")
def _savepoint_begun(session: OrmSession, transaction) -> None:
    if transaction.nested:
        session.info.setdefault(_AT_SAVEPOINT, {})[id(transaction)] = WROTE in session.info


@event.listens_for(OrmSession, "after_soft_rollback")
def _savepoint_undone(session: OrmSession, previous_transaction) -> None:
    wrote = session.info.get(_AT_SAVEPOINT, {}).pop(id(previous_transaction), None)
    if previous_transaction.nested and wrote is not None and not wrote:
        session.info.pop(WROTE, None)


@event.listens_for(OrmSession, "after_transaction_end")
def _transaction_ended(session: OrmSession, transaction) -> None:
    if transaction.parent is None:  # the transaction itself, not a savepoint
        session.info.pop(WROTE, None)
        session.info.pop(_AT_SAVEPOINT, None)


_NEWEST = select(func.max(Event.id)).scalar_subquery()
_STAMP = select(EventCountState.generation, EventCountState.max_event_id, _NEWEST)


# session.info key: a session that serves one reading request (app.db) reads the stamp once,
# however many figures its page looks up (four on the timeline: a sixth of its CPU time).
STAMP_MEMO = "contacts_stamp"


def remember_stamp(session: Session) -> None:
    """Let `session` read the stamp once (a request that only reads: what was committed after
    its first look shows on the next request)."""
    session.info[STAMP_MEMO] = []


def stamp(session: Session) -> tuple:
    """What changes with every write: the generation the services bump, and the highest event
    id (which a bulk load around them moves). One statement, so one snapshot: read apart, a
    creation committing in between looked like a bulk load (the noted id behind the newest)
    and had a reader rebuild both tables (at a million events 130 MB more memory, seconds)."""
    memo = session.info.get(STAMP_MEMO)
    if memo:
        return memo[0]
    value = _read_stamp(session)
    if memo is not None:
        memo.append(value)
    return value


def _read_stamp(session: Session) -> tuple:
    row = session.execute(_STAMP).one_or_none()
    if row is None:
        return 0, 0, session.execute(select(_NEWEST)).scalar_one_or_none() or 0
    return row[0], row[1], row[2] or 0


def record_change(session: Session, *, before: Key | None, after: Key | None) -> None:
    """An event went from `before` to `after` (None: it did not exist / no longer does)."""
    if before is not None and before != after:
        _add(session, before, -1)
    if after is not None and before != after:
        _add(session, after, 1)
    touch(session)


def rebuild(session: Session) -> None:
    """Count every event again (after a bulk load, or from the migration), deleted ones left
    out, in every table (event_month_count, event_month_total, and app.services.label_counts')."""
    from app.services import label_counts

    session.execute(delete(EventMonthCount))
    session.execute(delete(EventMonthTotal))
    year, month = extract("year", Event.date), extract("month", Event.date)
    dims = (Event.status, Event.category, Event.medium, Event.initiated_by, uncertain_column(),
            year, month)
    rows = [
        dict(zip(Key._fields, (*r[:4], bool(r[4]), int(r[5]), int(r[6])))) | {"events": r[7]}
        for r in session.execute(select(*dims, func.count()).where(live_events()).group_by(*dims))
    ]
    totals: Counter = Counter()
    for row in rows:
        totals[tuple(row[d] for d in TOTAL_DIMS)] += row["events"]
    if rows:
        session.execute(insert(EventMonthCount), rows)
        session.execute(insert(EventMonthTotal),
                        [dict(zip(TOTAL_DIMS, k)) | {"events": n} for k, n in totals.items()])
    label_counts.rebuild(session)
    touch(session)


def fresh(session: Session) -> None:
    """Rebuild the table if events were written around the services. From the database, not
    the request's remembered stamp: requests that looked before another's rebuild committed
    would each rebuild again (a minute at a million events)."""
    _generation, seen, newest = _read_stamp(session)
    if seen != newest:
        rebuild(session)
        session.commit()


def answerable(f: TimelineFilter) -> bool:
    """Whether the tables can answer this filter for any label (with the events of cut
    months)."""
    return not (f.officials or f.topics or f.q or f.who)


def countable(f: TimelineFilter, dims: Sequence[str] = ()) -> bool:
    """Whether `counts` reads `dims` for `f` from a table: `answerable`, or one topic (its rows
    of event_label_count; an event of two chosen topics would count twice there)."""
    from app.services.label_counts import DIMS

    return answerable(f) or (
        len(f.topics) == 1 and not (f.officials or f.q or f.who) and set(dims) <= set(DIMS))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])  # December 9999 has one too


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def split(f: TimelineFilter) -> tuple[tuple[int | None, int | None], list[tuple[date, date]]]:
    """(the whole months, as first and last month index, None for open), and the day ranges
    of the months that `from` or `to` cut, to count from the events."""
    edges: list[tuple[date, date]] = []
    first = last = None
    if f.date_from is not None:
        first = _index(f.date_from.year, f.date_from.month)
        if f.date_from.day != 1:
            end = min(_month_end(f.date_from), f.date_to or date.max)
            edges.append((f.date_from, end))
            first += 1
    if f.date_to is not None:
        last = _index(f.date_to.year, f.date_to.month)
        if _month_end(f.date_to) != f.date_to:
            start = max(_month_start(f.date_to), f.date_from or date.min)
            if not edges or edges[0] != (start, f.date_to):
                edges.append((start, f.date_to))
            last -= 1
    return (first, last), edges


def events_count_query(f: TimelineFilter, dims: Sequence[str]):
    """Matching events counted per `dims`, driven by the chosen officials', the text's or the
    topics' events: a WHERE on every event tested each of a million for a rare official's
    rhythm (330 ms on the first page after a write)."""
    from app.services.timeline import counting_query  # the timeline loads events, which count

    columns = [extract(d, Event.date) if d in ("year", "month")
               else uncertain_column() if d == "uncertain" else getattr(Event, d) for d in dims]
    return counting_query(f, None, *columns, func.count()).group_by(*columns)


_AS = {"year": int, "month": int, "uncertain": bool}  # what the tables' columns give


def events_figures(session: Session, f: TimelineFilter, dims: Sequence[str]) -> dict[tuple, int]:
    """What `counts` gives, counted from the events whatever the filter (for the checks)."""
    return {tuple(r[:-1]): r[-1] for r in _from_events(session, f, dims)}


def read_rows(session: Session, query) -> list:
    """The rows of a counting query, through Core: the ORM's loading of a few thousand result
    rows cost as much as the query (the chart after each write at a million events)."""
    session.flush()  # Core statements do not autoflush
    return session.connection().execute(query).all()


def _from_events(session: Session, f: TimelineFilter, dims: Sequence[str]) -> list[tuple]:
    return [tuple(_AS[d](v) if d in _AS else v for d, v in zip(dims, row[:-1])) + (row[-1],)
            for row in read_rows(session, events_count_query(f, dims))]


def month_conditions(t, f: TimelineFilter, months: tuple[int | None, int | None]) -> list:
    """The terms choosing the rows of a table of counts per status, medium, category and month
    (`t`: EventMonthCount, EventMonthTotal when no category is chosen, EventLabelCount) that
    `f` and the whole `months` take in."""
    conds = [col(t.status).in_(f.statuses)]
    if f.media:
        conds.append(col(t.medium).in_(f.media))
    if f.categories:
        conds.append(col(t.category).in_(f.categories))
    if f.certainty != "all":
        conds.append(col(t.uncertain) == (f.certainty == "uncertain"))
    first, last = months
    if first is not None:
        conds.append(t.year * 12 + t.month - 1 >= first)
    if last is not None:
        conds.append(t.year * 12 + t.month - 1 <= last)
    return conds


def has_whole_months(months: tuple[int | None, int | None]) -> bool:
    return months[0] is None or months[1] is None or months[0] <= months[1]


def _table_rows(session: Session, f: TimelineFilter, dims: Sequence[str],
                months: tuple[int | None, int | None]):
    """The table and the terms choosing its rows for `f` (`countable`) and `dims`, months
    aside: the coarser event_month_total, or event_label_total (all time), when it holds what
    is asked."""
    if not f.topics:
        if not f.categories and set(dims) <= set(TOTAL_DIMS):
            return EventMonthTotal, []
        return EventMonthCount, []
    from app.services.label_counts import TOPIC

    all_time = months == (None, None) and not {"year", "month"} & set(dims)
    t = EventLabelTotal if all_time else EventLabelCount
    topic = session.execute(select(Topic.id).where(col(Topic.slug) == f.topics[0])).scalar()
    return t, [t.kind == TOPIC, t.label == str(topic)] if topic is not None else [false()]


def _from_table(session: Session, f: TimelineFilter, dims: Sequence[str],
                months: tuple[int | None, int | None]) -> list[tuple]:
    t, conds = _table_rows(session, f, dims, months)
    columns = [getattr(t, d) for d in dims]
    return [tuple(r) for r in read_rows(session, (
        select(*columns, func.sum(t.events))
        .where(*conds, *month_conditions(t, f, months)).group_by(*columns)))]


def counts(*, session: Session, filters: TimelineFilter, dims: Sequence[str]) -> dict[tuple, int]:
    """{(values of `dims`...): events} for the events `filters` selects (resolved: no `who`);
    `dims` among medium, category, initiated_by, uncertain, year and month."""
    f = filters
    if not countable(f, dims):
        rows = _from_events(session, f, dims)
    else:
        fresh(session)
        months, edges = split(f)
        rows = []
        if has_whole_months(months):
            rows = _from_table(session, f, dims, months)
        for start, end in edges:
            rows += _from_events(session, replace(f, date_from=start, date_to=end), dims)
    out: dict[tuple, int] = {}
    for *values, n in rows:
        if n:
            out[tuple(values)] = out.get(tuple(values), 0) + int(n)
    return out
