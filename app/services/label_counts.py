"""Contacts per topic and per office pair, by month, medium, category, status and certainty.

The topics and office pairs of /stats would otherwise read every matching event with its
topics or participants (2 and 12 s at a million events). The event services call `record` in
the transaction of each write with what the event counted as before and after it; a bulk load
around them is caught by app.services.counts (which rebuilds both tables). A filter on status,
medium, category, certainty and dates is answered from the table, the months that `from` or
`to` cut from the events themselves; any other filter counts the events directly (`from_events`).

Labels: kind "topic" with the topic's id; kind "offices" with the office pair the contact counts
as (app.services.offices, "US office\\x1fChinese office"). Office names come from
app/data/offices.json: after it changes, `contacts recount` counts again.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from sqlalchemy import bindparam, delete, extract, func, insert, literal, select
from sqlmodel import Session, col

from app.models import Event, EventLabelCount, EventLabelTotal, EventTopic, Participation
from app.services import counts
from app.services.filters import TimelineFilter
from app.services.live import live_events
from app.services.offices import office_pair

TOPIC, OFFICES = "topic", "offices"
SEP = "\x1f"  # between the two offices of a label, and the side:title items of one contact
DIMS = ("status", "category", "medium", "uncertain", "year", "month")
Labels = frozenset[tuple[str, str]]  # (kind, label) of one event
Counted = tuple[counts.Key, Labels]  # an event's month key and labels


def office_label(titles: Iterable[tuple[str, str]]) -> str | None:
    """The label of the office pair of a contact whose participants have these (side, title)."""
    pair = office_pair([{"side": side, "title": title} for side, title in titles])
    return f"{pair[0].name}{SEP}{pair[1].name}" if pair else None


def labels(topic_ids: Iterable[int], titles: Iterable[tuple[str, str]]) -> Labels:
    found = {(TOPIC, str(t)) for t in topic_ids}
    office = office_label(titles)
    if office is not None:
        found.add((OFFICES, office))
    return frozenset(found)


_TOPICS_OF = select(EventTopic.topic_id).where(col(EventTopic.event_id) == bindparam("id"))
_TITLES_OF = select(Participation.side, Participation.title).where(
    col(Participation.event_id) == bindparam("id"))


def labels_of(session: Session, event_id: int) -> Labels:
    """The labels of the event as its rows now stand."""
    session.flush()
    return labels(session.execute(_TOPICS_OF, {"id": event_id}).scalars(),
                  session.execute(_TITLES_OF, {"id": event_id}).all())


def record(session: Session, *, before: Counted | None, after: Counted | None) -> None:
    """An event counted as `before` now counts as `after` (None: not at all)."""
    moves: Counter = Counter()
    for counted, n in ((before, -1), (after, 1)):
        if counted is not None:
            key, found = counted
            dims = tuple(getattr(key, d) for d in DIMS)
            for kind, label in found:
                moves[(kind, label, *dims)] += n
    rows = [dict(zip(("kind", "label", *DIMS), k)) | {"events": n}
            for k, n in moves.items() if n]
    if rows:
        dialect = session.get_bind().dialect.name
        session.execute(counts.adding_upsert(EventLabelCount.__table__, ("kind", "label", *DIMS),
                                             dialect), rows)
        session.execute(counts.adding_upsert(EventLabelTotal.__table__, TOTAL_KEY, dialect),
                        _totals(rows))


TOTAL_KEY = ("kind", "label", "status", "category", "medium", "uncertain")


def _totals(rows: list[dict]) -> list[dict]:
    """Rows of event_label_count summed over months: event_label_total's."""
    summed: Counter = Counter()
    for row in rows:
        summed[tuple(row[k] for k in TOTAL_KEY)] += row["events"]
    return [dict(zip(TOTAL_KEY, k)) | {"events": n} for k, n in summed.items() if n]


def rebuild(session: Session) -> None:
    """Count every live event's topics and office pair again (from app.services.counts.rebuild)."""
    session.execute(delete(EventLabelCount))
    session.execute(delete(EventLabelTotal))
    year, month = extract("year", Event.date), extract("month", Event.date)
    dims = (Event.status, Event.category, Event.medium, counts.uncertain_column(), year, month)
    rows = [
        {"kind": TOPIC, "label": str(r[6]), **_dims(r)} | {"events": r[7]}
        for r in session.execute(
            select(*dims, EventTopic.topic_id, func.count())
            .join(Event, col(Event.id) == EventTopic.event_id)
            .where(live_events()).group_by(*dims, EventTopic.topic_id)
        )
    ]
    per_event = list(_titles_per_event(live_events(), *dims).c)
    offices: Counter = Counter()
    for r in session.execute(select(*per_event, func.count()).group_by(*per_event)):
        label = _office_label_of(r[6])
        if label is not None:
            offices[(label, *_dims(r).values())] += r[7]
    rows += [{"kind": OFFICES, "label": k[0], **dict(zip(DIMS, k[1:]))} | {"events": n}
             for k, n in offices.items()]
    for table, chosen in ((EventLabelCount, rows), (EventLabelTotal, _totals(rows))):
        for start in range(0, len(chosen), 10_000):
            session.execute(insert(table), chosen[start:start + 10_000])


def _dims(row) -> dict:
    return {"status": row[0], "category": row[1], "medium": row[2], "uncertain": bool(row[3]),
            "year": int(row[4]), "month": int(row[5])}


def _titles_per_event(where, *columns):
    """`columns` of each event matching `where`, with its participants' side:title joined by SEP
    (column `titles`), as a subquery."""
    item = Participation.side + literal(":") + Participation.title
    return (
        select(*columns, func.aggregate_strings(item, SEP).label("titles"))
        .select_from(Participation)
        .join(Event, col(Event.id) == Participation.event_id)
        .where(where)
        .group_by(Participation.event_id, *columns)
        .subquery()
    )


def _office_label_of(titles: str) -> str | None:
    items = [part.split(":", 1) for part in titles.split(SEP)]
    return office_label((item[0], item[1]) for item in items if len(item) == 2)


def office_counts_from_events(session: Session, where) -> Counter:
    """{office label: events} among the events matching `where`, from the events themselves."""
    per_event = _titles_per_event(where)
    found: Counter = Counter()
    for titles, n in session.execute(
        select(per_event.c.titles, func.count()).group_by(per_event.c.titles)
    ):
        label = _office_label_of(titles)
        if label is not None:
            found[label] += n
    return found


def topics_from_events(session: Session, f: TimelineFilter) -> Counter:
    """{topic id as text: events} among the events `f` selects, from the events themselves."""
    from app.services.timeline import where_clause  # the timeline counts with this module

    return Counter({str(topic_id): n for topic_id, n in counts.read_rows(session, (
        select(EventTopic.topic_id, func.count())
        .join(Event, col(Event.id) == EventTopic.event_id)
        .where(where_clause(f))
        .group_by(EventTopic.topic_id)
    ))})


def label_counts(session: Session, f: TimelineFilter, kind: str,
                 from_events: Callable[[TimelineFilter], Counter]) -> Counter:
    """{label: events} of `kind` among the events `f` selects (resolved: no `who`): from the
    table when `f` filters only on status, medium, category and dates, else `from_events(f)`."""
    if not counts.answerable(f):
        return from_events(f)
    counts.fresh(session)
    months, edges = counts.split(f)
    found: Counter = Counter()
    if counts.has_whole_months(months):
        # All time: the table without months, a hundredth of the rows.
        t = EventLabelTotal if months == (None, None) else EventLabelCount
        found.update(dict(counts.read_rows(session, (
            select(t.label, func.sum(t.events))
            .where(t.kind == kind, *counts.month_conditions(t, f, months)).group_by(t.label)
        ))))
    for start, end in edges:
        found.update(from_events(replace(f, date_from=start, date_to=end)))
    return Counter({label: int(n) for label, n in found.items() if n})
