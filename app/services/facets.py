"""Facet counts of the timeline (events per medium, per topic, in all): bounded, then cached.

Counting every match is linear in the data: at a million events the topic counts alone took a
second per page. So each count stops at COUNT_CAP (the page shows "1,000+"), which makes a
count cost the same at ten thousand events as at a million; and the counts of a filter are
kept until the record changes. A change is seen through a cheap stamp read on every request
(the highest event id and update time, both index lookups), so another process's writes show at
once; a delete, which moves neither, clears this process's cache and, for other processes,
shows within CACHE_SECONDS.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import and_, func, literal, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.domain import Medium
from app.models import Event, EventTopic, Topic
from app.services.filters import TimelineFilter

COUNT_CAP = 1000
CACHE_SIZE = 512
CACHE_SECONDS = 60.0


class Count(int):
    """A bounded count: exact below COUNT_CAP; at the cap `capped` says there are more. An int,
    so it compares and adds like one; it prints as "1,000+" when capped."""

    capped: bool

    def __new__(cls, n: int) -> "Count":
        count = super().__new__(cls, min(n, COUNT_CAP))
        count.capped = n > COUNT_CAP
        return count

    def __str__(self) -> str:
        return f"{int(self):,}+" if self.capped else str(int(self))


@dataclass(frozen=True)
class TopicCount:
    id: int
    slug: str
    name: str
    count: Count


@dataclass(frozen=True)
class FacetCounts:
    total: Count
    media: dict[str, Count]
    topics: list[TopicCount]  # every topic, by name


Conditions = Callable[..., list[ColumnElement]]  # (filter, skip=None) -> WHERE terms


def _bounded(query) -> object:
    """min(rows of `query`, COUNT_CAP + 1) as a scalar subquery: reads at most that many rows."""
    return select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery()).scalar_subquery()


def compute(session: Session, f: TimelineFilter, conditions: Conditions) -> FacetCounts:
    """Every count of the timeline's facets in one statement of bounded subqueries."""
    topics = session.execute(select(Topic.id, Topic.slug, Topic.name).order_by(Topic.name)).all()
    media = [m.value for m in Medium]
    by_medium = conditions(f, skip="medium")
    by_topic = conditions(f, skip="topic")
    columns = [_bounded(select(literal(1)).select_from(Event).where(and_(*conditions(f))))]
    columns += [
        _bounded(select(literal(1)).select_from(Event).where(and_(col(Event.medium) == m, *by_medium)))
        for m in media
    ]
    columns += [
        _bounded(
            select(literal(1)).select_from(EventTopic)
            .join(Event, col(Event.id) == EventTopic.event_id)
            .where(and_(col(EventTopic.topic_id) == t.id, *by_topic))
        )
        for t in topics
    ]
    row = session.execute(select(*columns)).one()
    return FacetCounts(
        total=Count(row[0]),
        media={m: Count(n) for m, n in zip(media, row[1:1 + len(media)])},
        topics=[TopicCount(t.id, t.slug, t.name, Count(n))
                for t, n in zip(topics, row[1 + len(media):])],
    )


class _Cache:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, tuple[tuple, float, FacetCounts]] = OrderedDict()

    def get(self, key: tuple, stamp: tuple) -> FacetCounts | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != stamp or time.monotonic() - entry[1] > CACHE_SECONDS:
                return None
            self.entries.move_to_end(key)
            return entry[2]

    def put(self, key: tuple, stamp: tuple, counts: FacetCounts) -> None:
        with self.lock:
            self.entries[key] = (stamp, time.monotonic(), counts)
            self.entries.move_to_end(key)
            while len(self.entries) > CACHE_SIZE:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_cache = _Cache()


def forget() -> None:
    """Drop every cached count (the event services call it after each write)."""
    _cache.clear()


def record_stamp(session: Session) -> tuple:
    """What changes whenever an event is created or edited: two index lookups."""
    # Two subqueries: SQLite answers a lone max() from the index, two in one SELECT by a scan.
    return tuple(session.execute(select(
        select(func.max(Event.id)).scalar_subquery(),
        select(func.max(Event.updated_at)).scalar_subquery(),
    )).one())


def facet_counts(session: Session, f: TimelineFilter, conditions: Conditions) -> FacetCounts:
    """The counts of `f` (its page and order do not matter), from the cache when still true."""
    f = replace(f, cursor=None, order="newest", who="")
    key = (str(session.get_bind().url), f)  # one process may serve several databases (tests)
    stamp = record_stamp(session)
    counts = _cache.get(key, stamp)
    if counts is None:
        counts = compute(session, f, conditions)
        _cache.put(key, stamp, counts)
    return counts
