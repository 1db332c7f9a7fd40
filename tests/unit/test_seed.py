"""Loading the whole shipped record: counts checked against the files, merges, people, periods."""

import json
from collections import Counter
from datetime import date

import pytest
from sqlmodel import Session, col, func, select

from app.models import Event, EventTopic, Official, Participation, Period, Source, Topic
from app.services.officials import find_official, load_gazetteer_file
from app.services.seed import RECORD_PATH, SEED_EVENTS_PATH, DatabaseNotEmpty, seed_database
from app.services.topic_map import map_topics

RECORD = [json.loads(line) for line in RECORD_PATH.read_text(encoding="utf-8").splitlines() if line]
SEEDS = json.loads(SEED_EVENTS_PATH.read_text(encoding="utf-8"))["events"]
CONTACTS = [r for r in RECORD if r["status"] != "suspended"]
# The two contacts both the record and the seed articles report (issue 7).
MERGED = {("2022-04-20", "phone_call"), ("2020-08-06", "phone_call")}


@pytest.fixture(scope="module")
def seeded(record_engine, seeded_record):
    return record_engine, seeded_record.report


@pytest.fixture
def db(seeded):
    engine, _ = seeded
    with Session(engine) as session:
        yield session


def test_the_file_is_the_record_the_issue_describes():
    assert len(RECORD) == 98
    assert all(r["status"] in {"held", "declined", "planned", "suspended"} for r in RECORD)
    assert {(r["date"], r["medium"]) for r in CONTACTS} >= MERGED


def test_counts_by_status_and_medium_match_the_files(db, seeded):
    _, report = seeded
    expected_status = Counter(r["status"] for r in CONTACTS) + Counter(e["status"] for e in SEEDS)
    expected_medium = Counter(r["medium"] for r in CONTACTS) + Counter(e["medium"] for e in SEEDS)
    for _, medium in MERGED:  # each merged pair is one event, not two
        expected_status["held"] -= 1
        expected_medium[medium] -= 1
    status = Counter(dict(db.exec(select(Event.status, func.count()).group_by(Event.status)).all()))
    medium = Counter(dict(db.exec(select(Event.medium, func.count()).group_by(Event.medium)).all()))
    assert status == +expected_status
    assert medium == +expected_medium
    assert report.by_status == status and report.by_medium == medium
    assert report.events == len(CONTACTS) + len(SEEDS) - len(MERGED) == 99


def test_no_row_was_dropped_every_source_is_kept(db):
    urls = Counter(db.exec(select(Source.url).where(col(Source.url).is_not(None))).all())
    expected = Counter(s["url"] for r in CONTACTS for s in r["sources"])
    assert urls == expected
    for row in CONTACTS:
        day = date.fromisoformat(row["date"] if len(row["date"]) == 10 else row["date"] + "-01")
        event_ids = db.exec(
            select(Source.event_id).where(Source.url == row["sources"][0]["url"])
        ).all()
        events = [db.get(Event, i) for i in event_ids]
        [event] = [
            e
            for e in events
            if e.date == day
            and e.medium == row["medium"]
            and e.status == row["status"]
            and e.summary == row["summary"]
            and e.location == row["location"]
        ]
        # Every source of the row, and the row's topics as the taxonomy names them.
        urls = set(db.exec(select(Source.url).where(Source.event_id == event.id)).all())
        assert {s["url"] for s in row["sources"]} <= urls, row
        topics = set(
            db.exec(
                select(Topic.name)
                .join(EventTopic, col(EventTopic.topic_id) == Topic.id)
                .where(EventTopic.event_id == event.id)
            ).all()
        )
        mapped = map_topics(row["topics"], allow_channel=row["category"] != "leader")
        assert set(mapped.topics) <= topics, row
        if mapped.channel:
            assert event.channel == mapped.channel, row
        assert topics or mapped.channel or not row["topics"], row  # nothing the row says is lost


def test_every_seed_article_event_is_loaded_with_its_quote(db):
    quotes = db.exec(select(Source).where(col(Source.publisher).in_(["EFE", "AP"]))).all()
    assert len(quotes) == len(SEEDS)
    assert all(s.url is None and s.quote and s.published for s in quotes)
    anchorage = db.exec(select(Event).where(Event.location == "Anchorage, United States")).one()
    assert (anchorage.date, anchorage.date_precision, anchorage.category) == (
        date(2021, 3, 1),
        "month",
        "diplomatic",
    )
    cn = db.exec(
        select(Participation).where(
            Participation.event_id == anchorage.id, Participation.side == "CN"
        )
    ).one()
    assert cn.official_id is None and cn.title
    xu = db.exec(select(Event).where(Event.status == "requested")).one()
    assert xu.title == "Austin seeks talks with Xu" and xu.uncertain_reason


def test_merged_events_carry_sources_from_article_and_record(db, seeded):
    _, report = seeded
    assert sorted(report.merged) == [
        "Austin and Wei speak by phone",
        "Esper and Wei speak by phone",
    ]
    for day in (date(2022, 4, 20), date(2020, 8, 6)):
        event = db.exec(select(Event).where(Event.date == day, Event.medium == "phone_call")).one()
        publishers = set(db.exec(select(Source.publisher).where(Source.event_id == event.id)).all())
        assert "AP" in publishers and len(publishers) >= 2
    call = db.exec(select(Event).where(Event.date == date(2022, 4, 20))).one()
    assert (call.duration_minutes, call.initiated_by, call.channel) == (
        45,
        "US",
        "Defense Telephone Link",
    )


def test_three_periods_with_their_ends(db, seeded):
    periods = db.exec(select(Period).order_by(Period.start)).all()
    assert [(p.start, p.end) for p in periods] == [
        (date(2008, 10, 6), date(2009, 10, 27)),  # next held contact
        (date(2010, 1, 30), date(2010, 12, 10)),  # next held contact ("until late 2010")
        (date(2022, 8, 5), date(2023, 12, 21)),  # the summary says when contact resumed
    ]
    assert all(
        p.name.startswith("China suspends military exchanges") and p.source_url for p in periods
    )
    assert len(seeded[1].periods) == 3


def _official(db, name) -> Official:
    official = find_official(db, name)
    assert official is not None, name
    return official


def test_aliases_are_one_official(db):
    assert _official(db, "CQ Brown Jr.").id == _official(db, "Charles Q. Brown Jr.").id
    for a, b, count in [
        ("Michael Chase", "Michael S. Chase", 3),
        ("Martin Dempsey", "Martin E. Dempsey", 3),
        ("Robert Gates", "Robert M. Gates", 8),
    ]:
        official = _official(db, a)
        assert official.id == _official(db, b).id
        n = db.exec(
            select(func.count())
            .select_from(Participation)
            .where(Participation.official_id == official.id)
        ).one()
        assert n == count, a
    # Nobody was invented: every official is the gazetteer's.
    assert db.exec(select(func.count()).select_from(Official)).one() == len(load_gazetteer_file())


def test_wei_fenghe_minister_2018_to_2023_with_four_secretaries(db):
    wei = _official(db, "Wei Fenge")
    rows = db.exec(
        select(Participation, Event)
        .join(Event, col(Event.id) == Participation.event_id)
        .where(Participation.official_id == wei.id)
    ).all()
    assert {p.title for p, _ in rows} == {"Minister of National Defense"}
    years = {e.date.year for _, e in rows}
    assert min(years) == 2018 and max(years) == 2023
    counterparts = set(
        db.exec(
            select(Participation.official_id).where(
                col(Participation.event_id).in_([e.id for _, e in rows]), Participation.side == "US"
            )
        ).all()
    )
    secretaries = {
        _official(db, n).id
        for n in ("Jim Mattis", "Patrick Shanahan", "Mark Esper", "Lloyd Austin")
    }
    assert secretaries <= counterparts


def test_delegations_stay_sides_with_titles_not_people(db):
    expected = sum(
        1 for r in CONTACTS for side in ("us", "cn") for p in r[side] if p["name"] is None
    )
    expected += sum(1 for e in SEEDS for p in e["participants"] if p["name"] is None)
    unnamed = db.exec(select(Participation).where(col(Participation.official_id).is_(None))).all()
    assert len(unnamed) == expected
    assert all(p.title for p in unnamed)
    mmca = db.exec(
        select(Event).where(Event.date == date(2013, 8, 19), Event.channel == "MMCA talks")
    ).one()
    sides = db.exec(
        select(Participation.side, Participation.title).where(Participation.event_id == mmca.id)
    ).all()
    assert sorted(sides) == [("CN", "PLA MMCA delegation"), ("US", "US military MMCA delegation")]


def test_uncertain_reasons_come_from_the_summaries(db):
    flagged = {r["date"] for r in CONTACTS if "uncertain" in r["summary"]}
    events = db.exec(select(Event).where(col(Event.uncertain_reason).is_not(None))).all()
    by_date = {e.date.isoformat()[: 7 if e.date_precision == "month" else 10]: e for e in events}
    assert flagged <= set(by_date)
    assert by_date["2013-04-21"].uncertain_reason == (
        "CFR dates the joint press conference to April 24, so the exact talks date is uncertain."
    )
    # Sources that disagree without saying "uncertain".
    assert by_date["2018-09-30"].uncertain_reason.startswith("Sources disagree: US officials said")
    assert "2022-06-10" not in by_date


def test_month_dates_keep_month_precision(db):
    month_rows = [r for r in CONTACTS if len(r["date"]) == 7]
    month_seeds = [e for e in SEEDS if len(e["date"]) == 7]
    events = db.exec(select(Event).where(Event.date_precision == "month")).all()
    assert len(events) == len(month_rows) + len(month_seeds)
    assert all(e.date.day == 1 and e.end_date is None for e in events)
    cao = db.exec(select(Event).where(Event.date == date(2003, 10, 1))).one()
    assert cao.date_precision == "month" and cao.title == "Rumsfeld meets Cao in Washington"


def test_titles_from_participants_keep_the_row_titles(db):
    brown = db.exec(select(Event).where(Event.date == date(2023, 12, 21))).one()
    assert brown.title == "Brown and Liu hold a video call"
    titles = db.exec(
        select(Participation.title)
        .where(Participation.event_id == brown.id)
        .order_by(Participation.position)
    ).all()
    assert titles == ["Chairman of the Joint Chiefs of Staff", "Chief, CMC Joint Staff Department"]
    assert db.exec(select(func.count()).select_from(Event).where(Event.title == "")).one() == 0


def test_refuses_to_seed_twice_and_changes_nothing(db):
    before = db.exec(select(func.count()).select_from(Event)).one()
    with pytest.raises(DatabaseNotEmpty, match="already has events"):
        seed_database(session=db)
    assert db.exec(select(func.count()).select_from(Event)).one() == before
