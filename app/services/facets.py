"""Facet counts of the timeline (events per medium, per topic, in all): bounded, then cached.

Counting every match is linear in the data: at a million events the topic counts alone took a
second per page. So every count reads at most COUNT_LIMIT + 1 matching events. A filter that
matches no more than that gets exact counts; one that matches more gets lower bounds counted
over COUNT_LIMIT + 1 of its matches, shown as "10,000+" for the total and "2,843+" for a
medium or a topic (at least that many). Either way a count costs the same at ten thousand
events as at a million.

The counts of a filter are then kept until the record changes (app.services.cache: the
generation every write through the services bumps, read on every request), so another
process's creates, edits and deletes show at once.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Select, func, select
from sqlmodel import Session, col

from app.domain import Medium
from app.models import Event, EventTopic, Topic
from app.services import counts, label_counts
from app.services.cache import Store, cached
from app.services.filters import TimelineFilter

COUNT_LIMIT = 10_000
CACHE_SIZE = 512


class Count(int):
    """A bounded count: exact, or (`capped`) a lower bound; an int, so it compares and adds
    like one, and prints as "10,000+" when capped."""

    capped: bool

    def __new__(cls, n: int, capped: bool = False) -> "Count":
        count = super().__new__(cls, n)
        count.capped = capped
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
    certainty: dict[str, Count]  # "all", "firm" (no uncertain_reason), "uncertain"


# (filter, skip, *columns) -> SELECT columns of the events matching filter, less the `skip` kind.
Matching = Callable[..., Select]


def compute(session: Session, f: TimelineFilter, matching: Matching) -> FacetCounts:
    """The total, and each facet counted among the events its other filters match (a medium's
    count ignores the medium filter, so the other media show what choosing them would give)."""
    def first(skip: str | None, *columns):
        # At most COUNT_LIMIT + 1 matches: reading one more tells that there are more.
        return matching(f, skip, *columns).limit(COUNT_LIMIT + 1)

    def by_medium_and_certainty(skip: str | None) -> dict[tuple[str, bool], int]:
        rows = first(skip, Event.medium,
                     col(Event.uncertain_reason).is_(None).label("firm")).subquery()
        return {(medium, bool(firm)): n for medium, firm, n in session.execute(
            select(rows.c.medium, rows.c.firm, func.count()).group_by(rows.c.medium, rows.c.firm)
        ).all()}

    # Without a medium or a certainty filter, their facets are counted over the total's events:
    # one read serves the three (an official's page after each write read 10,000 events less).
    everything = by_medium_and_certainty(None)
    total = sum(everything.values())
    by_medium: Counter = Counter()
    for (medium, _firm), n in (by_medium_and_certainty("medium") if f.media else everything).items():
        by_medium[medium] += n
    by_certainty: Counter = Counter()
    for (_medium, firm), n in (by_medium_and_certainty("certainty") if f.certainty != "all"
                               else everything).items():
        by_certainty["firm" if firm else "uncertain"] += n
    topic_ids = first("topic", Event.id)
    by_topic = dict(session.execute(
        select(EventTopic.topic_id, func.count())
        .where(col(EventTopic.event_id).in_(topic_ids)).group_by(EventTopic.topic_id)
    ).all())
    # How many events the topic counts were taken over: more than the limit means lower bounds.
    topic_events = (
        total if not f.topics else session.execute(
            select(func.count()).select_from(topic_ids.subquery())
        ).scalar_one()
    )
    return _bounded(session, total, dict(by_medium), by_topic, topic_events, dict(by_certainty))


def _bounded(session: Session, total: int, by_medium: dict, by_topic: dict, topic_events: int,
             by_certainty: dict) -> FacetCounts:
    """The counts as shown: past COUNT_LIMIT matches a facet says "at least" (capped), and the
    totals show the limit."""
    certainty_events = sum(by_certainty.values())
    certainty_capped = certainty_events > COUNT_LIMIT
    media_capped = sum(by_medium.values()) > COUNT_LIMIT
    topics_capped = topic_events > COUNT_LIMIT
    topics = session.execute(select(Topic.id, Topic.slug, Topic.name).order_by(Topic.name)).all()
    return FacetCounts(
        total=Count(min(total, COUNT_LIMIT), total > COUNT_LIMIT),
        media={m.value: Count(by_medium.get(m.value, 0), media_capped) for m in Medium},
        topics=[TopicCount(t.id, t.slug, t.name, Count(by_topic.get(t.id, 0), topics_capped))
                for t in topics],
        certainty={
            "all": Count(min(certainty_events, COUNT_LIMIT), certainty_capped),
            **{k: Count(by_certainty.get(k, 0), certainty_capped) for k in ("firm", "uncertain")},
        },
    )


def from_tables(session: Session, f: TimelineFilter) -> FacetCounts:
    """The counts of `f` (`counts.countable`) from the tables of counts the writes keep
    (app.services.counts, label_counts): a few hundred rows summed instead of up to
    COUNT_LIMIT + 1 events read per facet (80 ms at a million events, 450 ms for a medium and a
    topic). Exact where `compute` is exact, and the same "at least" past the limit (where
    `compute`'s figure is counted over the first matches only, these are the whole count)."""
    def grouped(g: TimelineFilter) -> dict[tuple[str, bool], int]:
        # One read for the total, the media and the certainty: per (medium, uncertain), under
        # every filter but those two, which are applied here.
        return counts.counts(session=session, filters=replace(g, media=(), certainty="all"),
                             dims=("medium", "uncertain"))

    def chosen(medium: str, uncertain: bool, *, skip: str = "") -> bool:
        return ((skip == "medium" or not f.media or medium in f.media) and
                (skip == "certainty" or f.certainty == "all"
                 or uncertain == (f.certainty == "uncertain")))

    rows = grouped(f)
    by_medium: dict[str, int] = {}
    by_certainty: dict[str, int] = {}
    for (medium, uncertain), n in rows.items():
        if chosen(medium, uncertain, skip="medium"):
            by_medium[medium] = by_medium.get(medium, 0) + n
        if chosen(medium, uncertain, skip="certainty"):
            kind = "uncertain" if uncertain else "firm"
            by_certainty[kind] = by_certainty.get(kind, 0) + n
    total = sum(n for (medium, uncertain), n in rows.items() if chosen(medium, uncertain))
    no_topic = replace(f, topics=())
    by_topic = label_counts.label_counts(session, no_topic, label_counts.TOPIC,
                                         lambda g: label_counts.topics_from_events(session, g))
    topic_events = (sum(n for (m, u), n in grouped(no_topic).items() if chosen(m, u))
                    if f.topics else total)
    return _bounded(session, total, by_medium, {int(t): n for t, n in by_topic.items()},
                    topic_events, by_certainty)


_counts = Store(CACHE_SIZE)


def forget() -> None:
    """Drop every kept count (tests that change COUNT_LIMIT)."""
    _counts.clear()


def facet_counts(session: Session, f: TimelineFilter, matching: Matching) -> FacetCounts:
    """The counts of `f` (its page and order do not matter), kept until the record changes."""
    f = replace(f, cursor=None, order="newest", who="")
    return cached(session, ("facets", f), lambda: (
        from_tables(session, f) if counts.countable(f, ("medium", "uncertain"))
        else compute(session, f, matching)), store=_counts)
