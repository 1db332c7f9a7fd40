from datetime import date, timedelta

import pytest
from sqlalchemy.dialects import sqlite

from app.services.filters import TimelineFilter, parse_filters
from app.services.timeline import ALL_STATUSES, _page_query, list_events
from tests.factories import make_event

AUSTIN = {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"}
MILLEY = {"name": "Mark Milley", "side": "US", "title": "Chairman of the Joint Chiefs of Staff"}
WEI = {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"}
LI = {"name": "Li Zuocheng", "side": "CN", "title": "Chief of the Joint Staff Department"}


def titles(session, limit=50, **kw):
    return [
        e.title
        for e in list_events(session=session, filters=TimelineFilter(**kw), limit=limit).events
    ]


@pytest.fixture
def record(session):
    make_event(
        session,
        title="A call",
        date="2020-01-10",
        medium="phone_call",
        participants=[AUSTIN, WEI],
        topics=["Taiwan"],
        category="defense",
    )
    make_event(
        session,
        title="B video",
        date="2020-06-01",
        medium="video_conference",
        participants=[MILLEY, LI],
        topics=["Ukraine"],
        category="defense",
    )
    make_event(
        session,
        title="C meeting",
        date="2021-03-05",
        medium="in_person_meeting",
        participants=[AUSTIN, LI],
        topics=["Taiwan", "Nuclear"],
        category="leader",
        summary="Talks on the hotline and nuclear risk.",
    )
    make_event(
        session,
        title="D declined",
        date="2021-07-01",
        medium="phone_call",
        status="declined",
        participants=[AUSTIN, WEI],
        topics=["South China Sea"],
    )
    make_event(
        session,
        title="E planned",
        date="2022-01-01",
        medium="video_conference",
        status="planned",
        participants=[MILLEY, WEI],
        topics=[],
    )


@pytest.fixture
def doubtful(session, record):
    """The record plus two held contacts whose sources disagree."""
    for title, day in (("F disputed call", "2021-09-09"), ("G disputed video", "2021-10-10")):
        make_event(
            session,
            title=title,
            date=day,
            medium="phone_call" if title.startswith("F") else "video_conference",
            participants=[AUSTIN, WEI],
            topics=["Taiwan"],
            uncertain_reason="Sources disagree on the date.",
        )


@pytest.mark.parametrize(
    "certainty, expected",
    [
        ("all", ["G disputed video", "F disputed call", "C meeting", "B video", "A call"]),
        ("firm", ["C meeting", "B video", "A call"]),
        ("uncertain", ["G disputed video", "F disputed call"]),
    ],
)
def test_certainty_filter(session, doubtful, certainty, expected):
    assert titles(session, certainty=certainty) == expected


def test_certainty_combines_with_other_filters_and_counts(session, doubtful):
    page = list_events(
        session=session,
        filters=TimelineFilter(certainty="firm", media=("phone_call",)),
        limit=10,
    )
    assert [e.title for e in page.events] == ["A call"]
    assert page.total == 1
    # The certainty counts apply every other filter (phone calls) but not their own.
    assert {f.value: f.count for f in page.certainty} == {"all": 2, "firm": 1, "uncertain": 1}
    # Medium counts apply the certainty filter.
    assert {f.value: f.count for f in page.media}["video_conference"] == 1


def test_blank_uncertain_reason_is_firm(session, record):
    make_event(session, title="H blank reason", date="2023-01-01", uncertain_reason="   ")
    assert titles(session, certainty="uncertain") == []
    assert titles(session, certainty="firm")[0] == "H blank reason"


def test_default_is_held_newest_first(session, record):
    assert titles(session) == ["C meeting", "B video", "A call"]


def test_oldest_first(session, record):
    assert titles(session, order="oldest") == ["A call", "B video", "C meeting"]


@pytest.mark.parametrize(
    "kw, expected",
    [
        ({"statuses": ("declined", "planned")}, ["E planned", "D declined"]),
        ({"media": ("phone_call",)}, ["A call"]),
        ({"media": ("phone_call", "video_conference")}, ["B video", "A call"]),  # OR within a kind
        ({"officials": ("lloyd-austin",)}, ["C meeting", "A call"]),
        ({"officials": ("lloyd-austin", "mark-milley")}, ["C meeting", "B video", "A call"]),
        (
            {"officials": ("lloyd-austin",), "media": ("phone_call",)},
            ["A call"],
        ),  # AND across kinds
        ({"officials": ("lloyd-austin", "li-zuocheng")}, ["C meeting", "B video", "A call"]),
        ({"topics": ("taiwan",)}, ["C meeting", "A call"]),
        ({"topics": ("taiwan", "ukraine")}, ["C meeting", "B video", "A call"]),
        ({"topics": ("taiwan",), "officials": ("li-zuocheng",)}, ["C meeting"]),
        ({"categories": ("leader",)}, ["C meeting"]),
        ({"date_from": date(2020, 6, 1)}, ["C meeting", "B video"]),
        ({"date_to": date(2020, 6, 1)}, ["B video", "A call"]),
        ({"date_from": date(2020, 2, 1), "date_to": date(2021, 1, 1)}, ["B video"]),
        ({"q": "hotline"}, ["C meeting"]),
        ({"q": "hot"}, ["C meeting"]),  # prefix match
        ({"q": "milley"}, ["B video"]),  # names are indexed
        ({"q": "video"}, ["B video"]),
        ({"officials": ("nobody-at-all",)}, []),
    ],
)
def test_filters(session, record, kw, expected):
    assert titles(session, **kw) == expected


@pytest.mark.parametrize(
    "text", ['"', "AND(", "NEAR(a b", "*", "taiwan OR", "') --", "col:x", "^", "🙂"]
)
def test_hostile_text_never_breaks_the_query(session, record, text):
    page = list_events(session=session, filters=parse_filters([("q", text)]).filter, limit=10)
    assert isinstance(page.events, list)


def test_text_with_only_punctuation_does_not_filter(session, record):
    assert titles(session, q='"()') == ["C meeting", "B video", "A call"]


def test_who_resolves_a_misspelling(session, record):
    page = list_events(session=session, filters=TimelineFilter(who="Wei Fenge"), limit=10)
    assert page.filters.officials == ("wei-fenghe",)
    assert page.filters.who == ""
    assert [e.title for e in page.events] == ["A call"]
    assert page.official_names == {"wei-fenghe": "Wei Fenghe"}
    assert page.errors == {}


def test_who_without_match_is_reported_and_ignored(session, record):
    page = list_events(session=session, filters=TimelineFilter(who="Zzyzx Qwerty"), limit=10)
    assert "who" in page.errors
    assert len(page.events) == 3


def test_facets_ignore_their_own_filter(session, record):
    page = list_events(
        session=session, filters=TimelineFilter(media=("phone_call",), topics=("taiwan",)), limit=10
    )
    media = {f.value: f.count for f in page.media}
    topics = {f.value: f.count for f in page.topics}
    # Medium counts apply the topic filter but not the medium filter, and the reverse.
    assert media == {
        "phone_call": 1,
        "video_conference": 0,
        "in_person_meeting": 1,
        "written": 0,
        "other": 0,
    }
    assert topics["taiwan"] == 1 and topics["nuclear"] == 0 and topics["ukraine"] == 0
    assert page.total == 1


def test_facets_without_filters(session, record):
    page = list_events(session=session, filters=TimelineFilter(), limit=10)
    assert {f.value: f.count for f in page.media}["phone_call"] == 1
    assert {f.value: f.count for f in page.topics} == {
        "nuclear": 1,
        "south-china-sea": 0,
        "taiwan": 2,
        "ukraine": 1,
    }
    assert page.total == 3


@pytest.fixture
def many(session):
    # Several events share a date, so the id breaks ties.
    start = date(2021, 1, 1)
    return [
        make_event(
            session,
            title=f"E{i}",
            date=start + timedelta(days=i // 3),
            participants=[AUSTIN, WEI],
            topics=[],
            sources=[],
        ).id
        for i in range(23)
    ]


@pytest.mark.parametrize("order", ["newest", "oldest"])
@pytest.mark.parametrize("limit", [1, 4, 5, 23, 50])
def test_keyset_pages_have_no_gaps_or_duplicates(session, many, order, limit):
    seen, cursor, pages = [], None, 0
    while True:
        page = list_events(
            session=session, filters=TimelineFilter(order=order, cursor=cursor), limit=limit
        )
        seen += [(e.date, e.id) for e in page.events]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    expected = sorted(seen, reverse=order == "newest")
    assert seen == expected
    assert len(seen) == len(set(seen)) == 23
    assert pages == -(-23 // limit)


def test_page_query_never_uses_offset(session, many):
    page = list_events(session=session, filters=TimelineFilter(), limit=5)
    query = _page_query(TimelineFilter(cursor=page.next_cursor), 5)
    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    assert query._offset_clause is None
    assert "OFFSET 0" in sql or "OFFSET" not in sql


def _plan(session, f: TimelineFilter) -> list[str]:
    compiled = _page_query(f, 50).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return [r[3] for r in rows]


@pytest.mark.parametrize(
    "params",
    [
        [],
        [("order", "oldest")],
        [("medium", "phone_call")],
        [("official", "lloyd-austin")],
        [("topic", "taiwan")],
        [("q", "taiwan")],
        [("category", "defense"), ("from", "2020-01-01")],
        [("status", "held"), ("status", "declined"), ("to", "2022-01-01")],
        [("certainty", "firm")],
        [("certainty", "uncertain"), ("official", "wei-fenghe"), ("medium", "phone_call")],
    ],
)
def test_query_plans_are_index_driven(session, many, params):
    f = parse_filters(params).filter
    f_next = TimelineFilter(
        **{**f.__dict__, "cursor": list_events(session=session, filters=f, limit=2).next_cursor}
    )
    for plan in (_plan(session, f), _plan(session, f_next)):
        assert any("ix_event_" in step for step in plan), plan
        assert not any(step.startswith("SCAN event") and "VIRTUAL" not in step for step in plan), (
            plan
        )
        assert not any("TEMP B-TREE" in step for step in plan), plan


def test_an_officials_contacts_are_found_through_the_participation_index(session, many):
    # The official page: every status. The planner looks the person's events up by id and sorts
    # those few; what matters is that no step scans the events table.
    f = TimelineFilter(officials=("wei-fenghe",), statuses=tuple(ALL_STATUSES))
    plan = _plan(session, f)
    assert any("ix_participation_official_event" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan
