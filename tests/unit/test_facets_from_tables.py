"""The timeline's facet counts and its chart read from the tables the writes keep
(event_month_count, event_label_count) say what counting the events says, through creates,
edits (certainty, topics, medium, month), deletes, restores and merges."""

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from app.models import EventLabelCount, EventLabelTotal, EventMonthCount, EventMonthTotal
from app.schemas import EventUpdate
from app.services import counts, facets
from app.services.events import delete_event, restore_event, update_event
from app.services.merge import merge_events
from app.services.revisions import snapshot
from app.services.timeline import counting_query
from tests.analyst_fixture import small_record
from tests.factories import make_event

FILTERS = [
    counts.TimelineFilter(),
    counts.TimelineFilter(media=("phone_call",)),
    counts.TimelineFilter(topics=("taiwan",)),
    counts.TimelineFilter(media=("phone_call", "video_conference"), topics=("taiwan",)),
    counts.TimelineFilter(certainty="uncertain"),
    counts.TimelineFilter(certainty="firm", topics=("cyber",)),
    counts.TimelineFilter(statuses=("held", "declined"), categories=("defense",)),
    counts.TimelineFilter(date_from=date(2021, 1, 15), date_to=date(2022, 6, 30)),  # cut months
    counts.TimelineFilter(topics=("taiwan",), date_from=date(2021, 1, 11),
                          date_to=date(2021, 1, 24)),  # inside one month
    counts.TimelineFilter(topics=("no-such-topic",)),
]


def _both(session, f):
    return facets.from_tables(session, f), facets.compute(session, f, counting_query)


def _totals_agree(session):
    """event_month_total is event_month_count summed over category and initiator."""
    summed: Counter = Counter()
    for r in session.exec(select(EventMonthCount)):
        summed[(r.status, r.year, r.month, r.medium, r.uncertain)] += r.events
    totals = {(r.status, r.year, r.month, r.medium, r.uncertain): r.events
              for r in session.exec(select(EventMonthTotal)) if r.events}
    assert totals == {k: n for k, n in summed.items() if n}


def _label_totals_agree(session):
    """event_label_total is event_label_count summed over months."""
    summed: Counter = Counter()
    for r in session.exec(select(EventLabelCount)):
        summed[(r.kind, r.label, r.status, r.category, r.medium, r.uncertain)] += r.events
    totals = {(r.kind, r.label, r.status, r.category, r.medium, r.uncertain): r.events
              for r in session.exec(select(EventLabelTotal)) if r.events}
    assert totals == {k: n for k, n in summed.items() if n} and totals


def _check(session):
    _totals_agree(session)
    _label_totals_agree(session)
    for f in FILTERS:
        assert counts.countable(f, ("medium", "uncertain")), f
        kept, counted = _both(session, f)
        assert kept == counted, f
        chart = counts.counts(session=session, filters=f, dims=("year", "month", "medium"))
        assert chart == counts.events_figures(session, f, ("year", "month", "medium")), f


def test_kept_counts_follow_every_write(session):
    record = small_record(session)
    _check(session)
    new = make_event(session, date="2021-02-03", topics=["Nuclear", "Taiwan"],
                     uncertain_reason="One source only")
    _check(session)
    data = snapshot(new) | {"date": "2022-06-10", "medium": "video_conference",
                            "topics": ["Cyber"], "uncertain_reason": None}
    edited = update_event(session=session, event_id=new.id, data=EventUpdate.model_validate(data))
    _check(session)
    delete_event(session=session, event_id=new.id)
    _check(session)
    restore_event(session=session, event_id=new.id, version=edited.version + 1)
    _check(session)
    survivor, other = record["e1"], record["e4"]
    merge_events(session=session, event_id=survivor.id, other_id=other.id,
                 version=survivor.version, other_version=other.version)
    _check(session)


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_past_the_limit_both_say_at_least(session, monkeypatch, limit):
    """Capped or not, facet by facet, as counted from the events; the totals are the same."""
    small_record(session)
    make_event(session, date="2021-02-03", uncertain_reason="Unconfirmed")
    monkeypatch.setattr(facets, "COUNT_LIMIT", limit)
    for f in FILTERS:
        kept, counted = _both(session, f)
        assert kept.total == counted.total and kept.total.capped == counted.total.capped, f
        for name in ("media", "certainty"):
            mine, theirs = getattr(kept, name), getattr(counted, name)
            assert {k: v.capped for k, v in mine.items()} == \
                {k: v.capped for k, v in theirs.items()}, f
            assert all(mine[k] >= theirs[k] for k in mine), f  # the whole count, at least
        assert [t.count.capped for t in kept.topics] == [t.count.capped for t in counted.topics]


def test_views_the_tables_cannot_answer_count_the_events(session):
    small_record(session)
    for f in (counts.TimelineFilter(topics=("taiwan", "cyber")),
              counts.TimelineFilter(officials=("mark-milley",)),
              counts.TimelineFilter(q="call")):
        assert not counts.countable(f, ("medium",))
    assert not counts.countable(counts.TimelineFilter(topics=("taiwan",)), ("initiated_by",))
    two = replace(FILTERS[0], topics=("taiwan", "cyber"))  # an event of both counts once
    page_counts = facets.facet_counts(session, two, counting_query)
    assert page_counts.total == 3
