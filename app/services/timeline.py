"""The timeline query: filters, keyset pages on (date, id) and facet counts.

AND across kinds of filter, OR within one kind. Pages never use OFFSET: the cursor is the
(date, id) of the last event shown, and the (status|medium|category, date, id) indexes serve
the walk in both directions.
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace

from sqlalchemy import and_, case, func, select, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.domain import Medium, Status
from app.limits import MAX_PAGE_SIZE
from app.models import Event, EventTopic, Official, Participation, Topic
from app.schemas import EventPublic
from app.services import search
from app.services.events import load_events
from app.services.filters import CERTAINTIES, CERTAINTY_LABELS, Cursor, TimelineFilter
from app.services.live import live_events
from app.services.officials import search_officials



@dataclass(frozen=True)
class Facet:
    value: str  # medium value or topic slug
    label: str
    count: int


@dataclass(frozen=True)
class TimelinePage:
    filters: TimelineFilter  # with `who` resolved into `officials`
    events: list[EventPublic]
    next_cursor: Cursor | None
    total: int
    media: list[Facet]
    topics: list[Facet]
    certainty: list[Facet]  # all / firm / uncertain, counted under every other filter
    official_names: dict[str, str]  # slug -> name, for the chips
    errors: dict[str, str]


ALL_STATUSES = frozenset(s.value for s in Status)


def _status_condition(statuses: tuple[str, ...]) -> ColumnElement | None:
    """One status seeks the (status, date, id) index. Several would make that index return rows
    out of date order (a sort of every match for one page), so they are written as the statuses
    left out: the planner then walks (date, id) in order and skips the few rows left out."""
    if len(statuses) == 1:
        return col(Event.status) == statuses[0]
    left_out = sorted(ALL_STATUSES - set(statuses))
    return col(Event.status).not_in(left_out) if left_out else None


def _conditions(f: TimelineFilter, *, skip: str | None = None) -> list[ColumnElement]:
    status = _status_condition(f.statuses)
    conds: list[ColumnElement] = [live_events()] + ([] if status is None else [status])
    if f.media and skip != "medium":
        conds.append(col(Event.medium).in_(f.media))
    if f.categories:
        conds.append(col(Event.category).in_(f.categories))
    if f.certainty == "firm" and skip != "certainty":
        conds.append(col(Event.uncertain_reason).is_(None))
    elif f.certainty == "uncertain" and skip != "certainty":
        conds.append(col(Event.uncertain_reason).is_not(None))
    if f.date_from:
        conds.append(col(Event.date) >= f.date_from)
    if f.date_to:
        conds.append(col(Event.date) <= f.date_to)
    if f.officials:
        conds.append(
            col(Event.id).in_(
                select(Participation.event_id)
                .join(Official, col(Official.id) == Participation.official_id)
                .where(col(Official.slug).in_(f.officials))
            )
        )
    if f.topics and skip != "topic":
        conds.append(
            col(Event.id).in_(
                select(EventTopic.event_id)
                .join(Topic, col(Topic.id) == EventTopic.topic_id)
                .where(col(Topic.slug).in_(f.topics))
            )
        )
    expression = search.match_expression(f.q) if f.q else None
    if expression:
        conds.append(
            col(Event.id).in_(
                search.matching_ids_clause()
                .bindparams(fts_query=expression)
                .columns(rowid=Event.id.type)  # type: ignore[attr-defined]
            )
        )
    return conds


def where_clause(f: TimelineFilter) -> ColumnElement:
    """The events `f` selects, as one WHERE clause (charts, statistics and exports share it)."""
    return and_(*_conditions(f))


def _page_query(f: TimelineFilter, limit: int):
    key = tuple_(col(Event.date), col(Event.id))
    conds = _conditions(f)
    if f.order == "oldest":
        if f.cursor:
            conds.append(key > tuple_(f.cursor.date, f.cursor.id))
        ordering = (col(Event.date).asc(), col(Event.id).asc())
    else:
        if f.cursor:
            conds.append(key < tuple_(f.cursor.date, f.cursor.id))
        ordering = (col(Event.date).desc(), col(Event.id).desc())
    return select(Event.id, Event.date).where(*conds).order_by(*ordering).limit(limit + 1)


def _resolve_who(session: Session, f: TimelineFilter, errors: dict[str, str]) -> TimelineFilter:
    if not f.who:
        return f
    matches = search_officials(session, f.who, limit=1)
    if not matches:
        errors["who"] = f"No official matches {f.who!r}."
        return replace(f, who="")
    slug = matches[0].official.slug
    officials = f.officials if slug in f.officials else (*f.officials, slug)
    return replace(f, officials=officials, who="")


def resolve_filters(*, session: Session, filters: TimelineFilter) -> tuple[TimelineFilter, dict]:
    """`who` (a typed name) resolved into an official; {"who": message} when nobody matches."""
    errors: dict[str, str] = {}
    return _resolve_who(session, filters, errors), errors


def iter_event_chunks(
    *, session: Session, filters: TimelineFilter, chunk: int = MAX_PAGE_SIZE
) -> Iterator[list[EventPublic]]:
    """Every event `filters` selects, in its order, `chunk` at a time: keyset pages, never all
    rows at once (exports stream these)."""
    f = replace(filters, cursor=None)
    while True:
        rows = session.execute(_page_query(f, chunk)).all()
        page = rows[:chunk]
        if page:
            yield load_events(session, [r.id for r in page])
        if len(rows) <= chunk:
            return
        f = replace(f, cursor=Cursor(page[-1].date, page[-1].id))


def _certainty_facets(session: Session, f: TimelineFilter) -> list[Facet]:
    kind = case((col(Event.uncertain_reason).is_(None), "firm"), else_="uncertain")
    counts = dict(
        session.execute(
            select(kind, func.count()).where(*_conditions(f, skip="certainty")).group_by(kind)
        ).all()
    )
    counts["all"] = counts.get("firm", 0) + counts.get("uncertain", 0)
    return [Facet(c, CERTAINTY_LABELS[c], counts.get(c, 0)) for c in CERTAINTIES]


def list_events(*, session: Session, filters: TimelineFilter, limit: int) -> TimelinePage:
    """One page of events for `filters`, the cursor of the next page and the facet counts."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    errors: dict[str, str] = {}
    f = _resolve_who(session, filters, errors)
    rows = session.execute(_page_query(f, limit)).all()
    next_cursor = Cursor(rows[limit - 1].date, rows[limit - 1].id) if len(rows) > limit else None
    events = load_events(session, [r.id for r in rows[:limit]])

    medium_counts = dict(
        session.execute(
            select(Event.medium, func.count())
            .where(*_conditions(f, skip="medium"))
            .group_by(Event.medium)
        ).all()
    )
    media = [Facet(m.value, m.value, medium_counts.get(m.value, 0)) for m in Medium]
    total = sum(c for m, c in medium_counts.items() if not f.media or m in f.media)

    topic_counts = dict(
        session.execute(
            select(EventTopic.topic_id, func.count())
            .join(Event, col(Event.id) == EventTopic.event_id)
            .where(*_conditions(f, skip="topic"))
            .group_by(EventTopic.topic_id)
        ).all()
    )
    topics = [
        Facet(t.slug, t.name, topic_counts.get(t.id, 0))
        for t in session.execute(select(Topic).order_by(Topic.name)).scalars()
    ]
    certainty = _certainty_facets(session, f)

    names = (
        dict(
            session.execute(
                select(Official.slug, Official.name).where(col(Official.slug).in_(f.officials))
            ).all()
        )
        if f.officials
        else {}
    )
    return TimelinePage(
        filters=f,
        events=events,
        next_cursor=next_cursor,
        total=total,
        media=media,
        topics=topics,
        certainty=certainty,
        official_names=names,
        errors=errors,
    )
