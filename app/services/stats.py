"""The figures of /stats and /api/stats, for the timeline's filters.

Every figure is one aggregate query (GROUP BY in the database, small results back). The yearly,
category and initiator counts read the month table of app.services.counts, the topics and
office pairs the label table of app.services.label_counts, when the filter is on status,
medium, category and dates only; any other filter counts the matching events. Office pairs need
the titles of each contact's participants together: the database hands back one string of
titles per contact, and app.services.offices names the pair in Python.
"""

from collections import Counter
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.domain import Category, Initiator, label
from app.models import Event, EventTopic, Official, Participation, Topic
from app.schemas import (
    GapPublic,
    MediumCount,
    OfficePair,
    PersonPair,
    PersonRef,
    StatsPublic,
    ValueCount,
    YearCount,
)
from app.services import counts as counts_module
from app.services import label_counts
from app.services.cache import cached
from app.services.counts import counts
from app.services.filters import TimelineFilter
from app.services.periods import list_periods, overlaps
from app.services.rhythm import MEDIA, monthly_counts
from app.services.silences import contact_dates, gaps, last_contact, longest
from app.services.timeline import where_clause

PAIR_LIMIT = 15
GAP_LIMIT = 10
GAP_LIMIT_WITH_THRESHOLD = 50


def _share(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


def _by_year(session: Session, f: TimelineFilter) -> list[YearCount]:
    per_year: dict[int, Counter] = {}
    for (year, _month), media in monthly_counts(session=session, filters=f).items():
        per_year.setdefault(year, Counter()).update(media)
    if not per_year:
        return []
    return [
        YearCount(
            year=year,
            events=sum(per_year.get(year, Counter()).values()),
            by_medium=[MediumCount(medium=m, events=per_year.get(year, Counter())[m])
                       for m in MEDIA],
        )
        for year in range(min(per_year), max(per_year) + 1)
    ]


def _counted(rows, total: int, kind: str, order: list[str] | None = None) -> list[ValueCount]:
    counts = dict(rows)
    values = order if order is not None else sorted(counts, key=lambda v: -counts[v])
    return [
        ValueCount(value=v, label=label(kind, v), events=counts.get(v, 0),
                   share=_share(counts.get(v, 0), total))
        for v in values
    ]


def _by_topic(session: Session, f: TimelineFilter, total: int) -> list[ValueCount]:
    found = label_counts.label_counts(session, f, label_counts.TOPIC,
                                      lambda g: label_counts.topics_from_events(session, g))
    topics = {str(i): (slug, name) for i, slug, name in
              session.execute(select(Topic.id, Topic.slug, Topic.name)).all()}
    rows = sorted(((*topics[t], n) for t, n in found.items() if t in topics),
                  key=lambda r: (-r[2], r[1]))
    return [ValueCount(value=s, label=n, events=c, share=_share(c, total)) for s, n, c in rows]


def _person_pairs(session: Session, f: TimelineFilter, limit: int) -> list[PersonPair]:
    us, cn = aliased(Participation), aliased(Participation)
    events = func.count(func.distinct(Event.id))
    rows = session.execute(
        select(us.official_id, cn.official_id, events, func.min(Event.date), func.max(Event.date))
        .select_from(Event)
        .join(us, us.event_id == Event.id)
        .join(cn, cn.event_id == Event.id)
        .where(where_clause(f), us.side == "US", cn.side == "CN",
               col(us.official_id).is_not(None), col(cn.official_id).is_not(None))
        .group_by(us.official_id, cn.official_id)
        .order_by(events.desc(), func.max(Event.date).desc())
        .limit(limit)
    ).all()
    ids = {i for row in rows for i in row[:2]}
    people = {
        o.id: PersonRef(name=o.name, slug=o.slug)
        for o in session.execute(select(Official).where(col(Official.id).in_(ids))).scalars()
    }
    return [PersonPair(us=people[u], cn=people[c], events=n, first=first, last=last)
            for u, c, n, first, last in rows]


def _office_pairs(session: Session, f: TimelineFilter, limit: int) -> list[OfficePair]:
    found = label_counts.label_counts(
        session, f, label_counts.OFFICES,
        lambda g: label_counts.office_counts_from_events(session, where_clause(g)))
    pairs = Counter()
    for label, n in found.items():
        pairs[tuple(label.split(label_counts.SEP, 1))] += n
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [OfficePair(us=u, cn=c, events=n) for (u, c), n in ranked]


def _gaps(session: Session, f: TimelineFilter) -> list[GapPublic]:
    limit = GAP_LIMIT_WITH_THRESHOLD if f.gap else GAP_LIMIT
    found = longest(gaps(contact_dates(session=session, filters=f)), limit=limit, min_months=f.gap)
    if not found:
        return []
    periods = list_periods(session=session, start=min(g.start for g in found),
                           end=max(g.end for g in found))
    return [
        GapPublic(
            start=g.start, end=g.end, days=g.days, months=g.months,
            periods=[p.name for p in periods if overlaps(p, g.start, g.end)],
        )
        for g in found
    ]


def statistics(*, session: Session, filters: TimelineFilter, today: date,
               pair_limit: int = PAIR_LIMIT) -> StatsPublic:
    """Every figure of /stats for `filters` (resolved: no `who`), kept until the record changes
    (app.services.cache)."""
    f = replace(filters, cursor=None, order="newest")
    counts_module.fresh(session)
    return cached(session, ("stats", f, today, pair_limit),
                  lambda: _compute(session, f, today, pair_limit))


def _compute(session: Session, f: TimelineFilter, today: date, pair_limit: int) -> StatsPublic:
    by_year = _by_year(session, f)
    total = sum(y.events for y in by_year)
    category_rows = [(k[0], n) for k, n in counts(session=session, filters=f,
                                                  dims=("category",)).items()]
    initiated_rows = [(k[0], n) for k, n in counts(session=session, filters=f,
                                                   dims=("initiated_by",)).items()]
    last = last_contact(session=session, filters=f, today=today)
    return StatsPublic(
        total=total,
        by_year=by_year,
        by_category=_counted(category_rows, total, "category", [c.value for c in Category]),
        by_topic=_by_topic(session, f, total),
        initiated_by=_counted(initiated_rows, total, "initiator", [i.value for i in Initiator]),
        person_pairs=_person_pairs(session, f, pair_limit),
        office_pairs=_office_pairs(session, f, pair_limit),
        longest_gaps=_gaps(session, f),
        last_contact=last,
        days_since_last_contact=(today - last).days if last else None,
    )
