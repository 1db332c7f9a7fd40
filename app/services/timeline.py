"""The timeline query: filters, keyset pages on (date, id) and facet counts.

AND across kinds of filter, OR within one kind. Pages never use OFFSET: the cursor is the
(date, id) of the last event shown, and the (status|medium|category, date, id) indexes serve
the walk in both directions.
"""

from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace

from sqlalchemy import Select, and_, bindparam, exists, false, select, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.db import unindexed
from app.domain import Medium, Status
from app.limits import MAX_PAGE_SIZE
from app.models import Event, EventTopic, Official, Participation, Topic
from app.schemas import EventPublic
from app.services import search
from app.services.cache import Store, cached
from app.services.events import load_events
from app.services.facets import Count, facet_counts
from app.services.filters import CERTAINTIES, CERTAINTY_LABELS, Cursor, TimelineFilter
from app.services.kept_events import page_events
from app.services.live import live_events
from app.services.officials import search_officials

FEW_MATCHES = 5000  # an official's events or text matches listed by id (see Listed)
_pages = Store(1024)  # (filter, page size) -> the page's (id, date) rows


@dataclass(frozen=True)
class Facet:
    value: str  # medium value or topic slug
    label: str
    count: Count


@dataclass(frozen=True)
class TimelinePage:
    filters: TimelineFilter  # with `who` resolved into `officials`
    events: list[EventPublic]
    next_cursor: Cursor | None
    total: Count  # bounded: see app.services.facets
    media: list[Facet]
    topics: list[Facet]
    certainty: list[Facet]  # all / firm / uncertain, counted under every other filter
    official_names: dict[str, str]  # slug -> name, for the chips
    errors: dict[str, str]


def _official_event_ids(slugs: tuple[str, ...]):
    return (
        select(Participation.event_id)
        .join(Official, col(Official.id) == Participation.official_id)
        .where(col(Official.slug).in_(slugs))
    )


def _topic_event_ids(slugs: tuple[str, ...]):
    return (
        select(EventTopic.event_id)
        .join(Topic, col(Topic.id) == EventTopic.topic_id)
        .where(col(Topic.slug).in_(slugs))
    )


ALL_STATUSES = frozenset(s.value for s in Status)


def _status_condition(statuses: tuple[str, ...], status=col(Event.status)) -> ColumnElement | None:
    """One status seeks the (status, date, id) index. Several would make that index return rows
    out of date order (a sort of every match for one page), so they are written as the statuses
    left out: the planner then walks (date, id) in order and skips the few rows left out."""
    if len(statuses) == 1:
        return status == statuses[0]
    left_out = sorted(ALL_STATUSES - set(statuses))
    return status.not_in(left_out) if left_out else None


@dataclass(frozen=True)
class Listed:
    """The events the official and text filters allow, listed by id because they are few.

    Few matches are best read from the list (look each event up, sort a few): walking the date
    index and testing each event against them has nothing to stop it early, and read 850,000
    events at a million for an official seen ten times or a word that appears nowhere."""

    ids: list[int]
    kinds: frozenset[str]  # the filters the list stands for: "official", "q"


def _listed(session: Session, f: TimelineFilter) -> Listed | None:
    """The ids the official and text filters allow when one of them allows few (intersected
    when both do), else None."""
    lists, kinds = [], set()
    matching = search.matching_ids_query(f.q) if f.q else None
    if matching is not None:
        ids = session.execute(matching.limit(FEW_MATCHES + 1)).scalars().all()
        if len(ids) <= FEW_MATCHES:
            lists.append(set(ids))
            kinds.add("q")
    if f.officials:
        ids = session.execute(
            _official_event_ids(f.officials).distinct().limit(FEW_MATCHES + 1)
        ).scalars().all()
        if len(ids) <= FEW_MATCHES:
            lists.append(set(ids))
            kinds.add("official")
    if not lists:
        return None
    return Listed(sorted(set.intersection(*lists)), frozenset(kinds))


def _conditions(f: TimelineFilter, *, skip: str | Collection[str] = (),
                listed: Listed | None = None) -> list[ColumnElement]:
    """The WHERE terms of `f`, less the kinds in `skip` ("medium", "topic", "certainty",
    "official", "q");
    the filters `listed` stands for become one condition on its ids."""
    skip = {skip} if isinstance(skip, str) else set(skip)

    def column(c):  # with a list of ids to start from, no other index may win the planner over
        return unindexed(col(c)) if listed is not None else col(c)

    if listed is not None:
        skip |= listed.kinds
    status = _status_condition(f.statuses, column(Event.status))
    conds: list[ColumnElement] = [live_events()] + ([] if status is None else [status])
    if f.media and "medium" not in skip:
        conds.append(column(Event.medium).in_(f.media))
    if f.categories:
        conds.append(column(Event.category).in_(f.categories))
    if f.certainty == "firm" and "certainty" not in skip:
        conds.append(col(Event.uncertain_reason).is_(None))
    elif f.certainty == "uncertain" and "certainty" not in skip:
        conds.append(col(Event.uncertain_reason).is_not(None))
    if f.date_from:
        conds.append(column(Event.date) >= f.date_from)
    if f.date_to:
        conds.append(column(Event.date) <= f.date_to)
    if f.officials and "official" not in skip:
        # Many events (else `listed` holds them): a probe of (official_id, event_id) per
        # candidate stops once the page is full; IN would first gather them all.
        conds.append(
            exists()
            .where(col(Participation.event_id) == Event.id)
            .where(col(Participation.official_id).in_(
                select(Official.id).where(col(Official.slug).in_(f.officials))))
            .correlate(Event)  # only the event: a query over participation keeps its own
        )
    if f.topics and "topic" not in skip:
        # Correlated (a probe of event_topic's primary key per candidate) rather than IN: a topic
        # is broad, and IN would first gather every event of it (300,000 at a million events).
        conds.append(
            exists()
            .where(col(EventTopic.event_id) == Event.id)
            .where(col(EventTopic.topic_id).in_(select(Topic.id).where(col(Topic.slug).in_(f.topics))))
            .correlate(Event)
        )
    if "q" not in skip and (ids := _search_event_ids(f.q)) is not None:
        conds.append(col(Event.id).in_(ids))
    if listed is not None:
        # No match: a constant false ends the query before it reads a row (an empty IN list
        # would be rendered as a subquery the planner cannot see through).
        conds.append(col(Event.id).in_(bindparam("listed_ids", listed.ids, expanding=True))
                     if listed.ids else false())
    return conds


def _search_event_ids(q: str):
    """The ids (column event_id) of the events whose text matches `q`, or None when `q` has no
    words; compiled for the database's dialect (app/services/search.py)."""
    return search.matching_ids_query(q) if q else None


def counting_query(f: TimelineFilter, skip: str | None, *columns,
                   listed: Listed | None = None) -> Select:
    """`columns` of the events matching `f` (less `skip`), in no order, for counting. Driven by
    the chosen officials' events, the text matches or the topics' events when there are any
    (or by `listed`, when they are few): the planner would otherwise walk every
    held event and test each, with nothing to stop it early when no order is asked for."""
    skips = {skip} if skip else set()
    kinds = listed.kinds if listed else frozenset()
    matches = _search_event_ids(f.q) if "q" not in kinds else None
    if f.officials and "official" not in kinds:
        driver, kind = _official_event_ids(f.officials), "official"
    elif matches is not None:
        driver, kind = matches, "q"
    elif f.topics and skip != "topic":
        driver, kind = _topic_event_ids(f.topics), "topic"
    else:
        return select(*columns).where(*_conditions(f, skip=skips, listed=listed))
    # DISTINCT: an event of two chosen officials counts once, and SQLite then gathers the ids
    # first and looks each event up, rather than folding the list into a join in its own order.
    ids = driver.distinct().subquery()
    return (
        select(*columns)
        .select_from(ids)
        .join(Event, col(Event.id) == ids.c.event_id)
        .where(*_conditions(f, skip=skips | {kind}, listed=listed))
    )


def where_clause(f: TimelineFilter) -> ColumnElement:
    """The events `f` selects, as one WHERE clause (charts, statistics and exports share it)."""
    return and_(*_conditions(f))


def _page_query(f: TimelineFilter, limit: int, listed: Listed | None = None):
    key = tuple_(col(Event.date), col(Event.id))
    conds = _conditions(f, listed=listed)
    if f.order == "oldest":
        if f.cursor:
            conds.append(key > tuple_(f.cursor.date, f.cursor.id))
        ordering = (col(Event.date).asc(), col(Event.id).asc())
    else:
        if f.cursor:
            conds.append(key < tuple_(f.cursor.date, f.cursor.id))
        ordering = (col(Event.date).desc(), col(Event.id).desc())
    # What names each event's contents too (app.services.kept_events), read with the row.
    return (select(Event.id, Event.date, Event.uuid, Event.version, Event.updated_at)
            .where(*conds).order_by(*ordering).limit(limit + 1))


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


def list_events(*, session: Session, filters: TimelineFilter, limit: int) -> TimelinePage:
    """One page of events for `filters`, the cursor of the next page and the facet counts."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    errors: dict[str, str] = {}
    f = _resolve_who(session, filters, errors)
    listing: list[Listed | None] = []

    def listed() -> Listed | None:  # only if the page or the counts must be read again
        if not listing:
            listing.append(_listed(session, f))
        return listing[0]

    # The page's ids, kept until the record changes: a broad text search gathers all its
    # matches to find the newest (300,000 at a million events, ~40 ms).
    rows = cached(session, ("page", f, limit),
                  lambda: session.execute(_page_query(f, limit, listed())).all(), store=_pages)
    next_cursor = Cursor(rows[limit - 1].date, rows[limit - 1].id) if len(rows) > limit else None
    events = page_events(session, rows[:limit])

    counts = facet_counts(session, f, lambda *args: counting_query(*args, listed=listed()))
    media = [Facet(m.value, m.value, counts.media[m.value]) for m in Medium]
    topics = [Facet(t.slug, t.name, t.count) for t in counts.topics]
    certainty = [Facet(c, CERTAINTY_LABELS[c], counts.certainty[c]) for c in CERTAINTIES]
    total = counts.total

    # Kept only when every slug was found: an official created without a write to events
    # (an import of officials alone) moves no generation.
    names = cached(session, ("names", f.officials), lambda: dict(session.execute(
        select(Official.slug, Official.name).where(col(Official.slug).in_(f.officials))
    ).all()), keep=lambda found: len(found) == len(set(f.officials))) if f.officials else {}
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
