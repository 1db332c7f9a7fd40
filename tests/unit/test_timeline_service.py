import re
from datetime import date, timedelta

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from app.services.filters import TimelineFilter, parse_filters
from app.models import Event
from app.services.counts import events_count_query
from app.services.timeline import ALL_STATUSES, _page_query, counting_query, list_events
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


PLAN_CASES = [
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
]


def _with_next_cursor(session, params) -> tuple[TimelineFilter, TimelineFilter]:
    f = parse_filters(params).filter
    cursor = list_events(session=session, filters=f, limit=2).next_cursor
    return f, TimelineFilter(**{**f.__dict__, "cursor": cursor})


def _plan(session, f: TimelineFilter) -> list[str]:
    compiled = _page_query(f, 50).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return [r[3] for r in rows]


@pytest.mark.parametrize("params", PLAN_CASES)
@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN (PostgreSQL: the test below)")
def test_query_plans_are_index_driven(session, many, params):
    for f in _with_next_cursor(session, params):
        plan = _plan(session, f)
        assert any("ix_event_" in step for step in plan), plan
        assert not any(step.startswith("SCAN event") and "VIRTUAL" not in step for step in plan), (
            plan
        )
        assert not any("TEMP B-TREE" in step for step in plan), plan


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("skip", [None, "medium", "topic"])
@pytest.mark.parametrize(
    "params",
    [
        [],
        [("official", "lloyd-austin")],
        [("topic", "taiwan")],
        [("q", "taiwan")],
        [("medium", "phone_call"), ("topic", "taiwan")],
        [("official", "lloyd-austin"), ("q", "austin")],
    ],
)
def test_counting_queries_start_from_the_narrowest_list(session, many, params, skip):
    """Facet counts never walk every event testing each: they start from the chosen officials',
    the text's or the topic's events (gathered first), or from an index of the status."""
    f = parse_filters(params).filter
    compiled = counting_query(f, skip, Event.id).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    plan = [r[3] for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert not any(step.startswith("SCAN event") and "VIRTUAL" not in step for step in plan), plan
    if f.officials or f.q or (f.topics and skip != "topic"):
        assert any(step.startswith("MATERIALIZE") for step in plan), plan
        assert any("INTEGER PRIMARY KEY" in step for step in plan), plan
    else:
        assert any("ix_event_status" in step for step in plan), plan


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("params", [[("official", "lloyd-austin")], [("topic", "taiwan")],
                                    [("q", "taiwan")]])
def test_the_rhythm_counts_start_from_the_narrowest_list(session, many, params):
    """The chart's months of an official, a topic or a text are counted from their events, not
    by testing every event (a rare official's first page after a write took 330 ms at 1M)."""
    f = parse_filters(params).filter
    compiled = events_count_query(f, ["year", "month"]).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    plan = [r[3] for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert not any(step.startswith("SCAN event") and "VIRTUAL" not in step for step in plan), plan
    assert any("INTEGER PRIMARY KEY" in step for step in plan), plan


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
def test_few_matches_are_read_by_id(session, many):
    """Few text matches, or an official's few events, are listed and looked up by id, not
    found by walking the date index."""
    from app.services.timeline import _listed

    make_event(session, title="Talks on the hotline", date="2021-02-01")
    for params, kinds in (([("q", "hotline")], {"q"}),
                          ([("official", "lloyd-austin")], {"official"}),
                          ([("official", "lloyd-austin"), ("q", "hotline")], {"q", "official"})):
        f = parse_filters(params).filter
        listed = _listed(session, f)
        assert listed is not None and listed.kinds == kinds
        compiled = _page_query(f, 50, listed).compile(
            dialect=sqlite.dialect(),
            compile_kwargs={"literal_binds": True, "render_postcompile": True},
        )
        plan = [r[3] for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
        assert any("INTEGER PRIMARY KEY" in step for step in plan), (params, listed, plan)
    f = parse_filters([("q", "hotline")]).filter
    assert [e.title for e in list_events(session=session, filters=f, limit=10).events] == [
        "Talks on the hotline"
    ]
    assert len(list_events(session=session, filters=parse_filters(
        [("official", "lloyd-austin")]).filter, limit=50).events) == 24
    nothing = parse_filters([("q", "zeppelin")]).filter
    assert _listed(session, nothing).ids == []
    page = list_events(session=session, filters=nothing, limit=10)
    assert page.events == [] and page.total == 0


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
def test_an_officials_contacts_are_found_through_the_participation_index(session, many):
    # The official page: every status. The person's events are listed through the participation
    # index (list_events does so first), then looked up by id and those few sorted: no step
    # scans the events table.
    from app.services.timeline import _listed, _official_event_ids

    f = TimelineFilter(officials=("wei-fenghe",), statuses=tuple(ALL_STATUSES))
    listing = _official_event_ids(f.officials).distinct().compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    steps = [r[3] for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {listing}")]
    assert any("ix_participation_official_event" in step for step in steps), steps
    compiled = _page_query(f, 50, _listed(session, f)).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True, "render_postcompile": True}
    )
    plan = [r[3] for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert not any(step.startswith("SCAN") for step in plan), plan


def _postgres_plan(session, f: TimelineFilter, *, sort: bool = False) -> str:
    compiled = _page_query(f, 50).compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    conn = session.connection()
    # The tables are tiny, so a sequential scan would always win: forbid it (and sorting,
    # unless `sort`) to ask whether indexes can serve the page (in its order).
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql(f"SET LOCAL enable_sort = {'on' if sort else 'off'}")
    return "\n".join(conn.exec_driver_sql(f"EXPLAIN {compiled}").scalars())


@pytest.mark.postgres_only("reads PostgreSQL's EXPLAIN")
@pytest.mark.parametrize("params", PLAN_CASES)
def test_postgres_plans_walk_an_event_index_in_order(session, many, params):
    for f in _with_next_cursor(session, params):
        plan = _postgres_plan(session, f)
        assert re.search(r"Index (Only )?Scan (Backward )?using ix_event_\w+ on event", plan), plan
        assert "Seq Scan on event " not in plan and "Sort" not in plan, plan


@pytest.mark.postgres_only("reads PostgreSQL's EXPLAIN")
def test_postgres_finds_an_officials_contacts_without_a_scan(session, many):
    f = TimelineFilter(officials=("wei-fenghe",), statuses=tuple(ALL_STATUSES))
    plan = _postgres_plan(session, f, sort=True)
    assert "ix_participation_official_event" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_cached_pages_follow_every_write(session, record):
    """A page is kept until the record changes (app.services.cache): after a create, an edit, a
    delete and a restore through the services, each filter's page is what a fresh query gives."""
    from app.schemas import EventUpdate
    from app.services.events import delete_event, restore_event, update_event
    from app.services.revisions import snapshot

    filters = [parse_filters(p).filter for p in
               ([], [("q", "phone")], [("official", "lloyd-austin")], [("medium", "phone_call")])]

    def pages():
        return [[e.id for e in list_events(session=session, filters=f, limit=3).events]
                for f in filters]

    def fresh_pages():
        return [[r.id for r in session.execute(_page_query(f, 3)).all()[:3]] for f in filters]

    assert pages() == fresh_pages()
    new = make_event(session, title="A phone call today", date="2030-01-01")
    assert pages() == fresh_pages() and new.id in pages()[0]
    data = snapshot(new) | {"medium": "written", "title": "A letter"}
    edited = update_event(session=session, event_id=new.id, data=EventUpdate.model_validate(data))
    assert pages() == fresh_pages() and new.id not in pages()[3]
    delete_event(session=session, event_id=new.id)
    assert pages() == fresh_pages() and new.id not in pages()[0]
    restore_event(session=session, event_id=new.id, version=edited.version + 1)
    assert pages() == fresh_pages() and new.id in pages()[0]
