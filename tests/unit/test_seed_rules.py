"""The loader's rules on small inputs: broken rows, summaries, titles, topic mapping."""

import json
from datetime import date

import pytest
from sqlmodel import func, select

from app.domain import Medium, Precision, Status
from app.models import Event, Official
from app.schemas import ParticipantIn
from app.services.event_titles import TitleParticipant, make_title, short_name
from app.services.seed import (
    SEED_EVENTS_PATH,
    SeedError,
    duration_minutes,
    parse_date,
    resumption_date,
    seed_database,
    source_kind,
    uncertain_reason,
)
from app.services.topic_map import DIALOGUE_TOPIC, map_topics


def row(**overrides) -> dict:
    data = {
        "date": "2019-05-31",
        "end_date": None,
        "medium": "in_person_meeting",
        "status": "held",
        "category": "defense",
        "location": "Singapore, Singapore",
        "us": [{"name": "Patrick Shanahan", "title": "Acting Secretary of Defense"}],
        "cn": [{"name": "Wei Fenghe", "title": "Minister of National Defense"}],
        "topics": ["Shangri-La Dialogue", "Taiwan"],
        "summary": "They met.",
        "sources": [
            {"url": "https://example.org/1", "publisher": "Reuters", "published": "2019-05-31"}
        ],
    }
    data.update(overrides)
    return data


def write_record(tmp_path, rows: list) -> object:
    path = tmp_path / "record.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


@pytest.mark.parametrize(
    "bad, reason",
    [
        (row(medium="carrier_pigeon"), "medium"),
        ("{not json", "JSON"),
        (row(sources=[]), "sources"),
        (row(cn=[{"name": None, "title": ""}]), "cn.0.title"),
        (
            row(end_date="2019-05-01"),
            "end_date must not be before date",
        ),  # caught at the event stage
        (row(date="31/05/2019"), "date"),
        (row(date="2019-13"), "month must be in 1..12"),
    ],
)
def test_a_broken_row_stops_the_load_with_its_line(session, tmp_path, bad, reason):
    path = write_record(tmp_path, [row(), row(date="2019-06-01"), bad])
    with pytest.raises(SeedError) as info:
        seed_database(session=session, record_path=path)
    assert info.value.line == 3
    assert reason in str(info.value) and "record.jsonl, line 3" in str(info.value)
    # One transaction: not even the gazetteer stayed.
    assert session.exec(select(func.count()).select_from(Event)).one() == 0
    assert session.exec(select(func.count()).select_from(Official)).one() == 0


@pytest.mark.parametrize("change, reason", [
    ({"medium": "telepathy"}, "seed event 2: medium"),
    ({"date": "2022-99-01"}, "event 2: bad or missing"),
])
def test_a_broken_seed_event_stops_the_load(session, tmp_path, change, reason):
    events = json.loads(SEED_EVENTS_PATH.read_text(encoding="utf-8"))
    events["events"][1].update(change)
    path = tmp_path / "seed_events.json"
    path.write_text(json.dumps(events))
    with pytest.raises(SeedError, match=reason):
        seed_database(session=session, record_path=write_record(tmp_path, [row()]),
                      seed_events_path=path)
    assert session.exec(select(func.count()).select_from(Event)).one() == 0


def test_a_small_record_loads_with_the_seed_events(session, tmp_path):
    path = write_record(tmp_path, [row(), "", row(date="2019-06", topics=[])])
    report = seed_database(session=session, record_path=path, seed_events_path=SEED_EVENTS_PATH)
    assert report.events == 2 + 6
    event = session.exec(select(Event).where(Event.date == date(2019, 5, 31))).one()
    assert (event.title, event.channel) == (
        "Shanahan meets Wei in Singapore",
        "Shangri-La Dialogue",
    )


def test_an_unknown_person_is_created_once_and_reported(session, tmp_path):
    person = {
        "name": "Jane Q. Newcomer",
        "title": "Deputy Assistant Secretary of Defense for China",
    }
    path = write_record(tmp_path, [row(us=[person]), row(date="2019-07-01", us=[person])])
    report = seed_database(session=session, record_path=path)
    assert report.officials_added == ["Jane Q. Newcomer"]
    assert (
        session.exec(
            select(func.count()).select_from(Official).where(Official.name == "Jane Q. Newcomer")
        ).one()
        == 1
    )


def test_parse_date_precisions():
    assert parse_date("2022-04-20") == (date(2022, 4, 20), Precision.day)
    assert parse_date("2021-03") == (date(2021, 3, 1), Precision.month)
    assert parse_date("2021") == (date(2021, 1, 1), Precision.year)


def test_uncertain_reason_takes_the_clause_that_says_why():
    assert uncertain_reason(
        "They met in Beijing; whether it was the first round is uncertain."
    ) == ("Whether it was the first round is uncertain.")
    assert (
        uncertain_reason(
            "Talks were dropped; US officials said China refused, while Beijing said the US asked."
        )
        == "Sources disagree: US officials said China refused, while Beijing said the US asked."
    )
    assert (
        uncertain_reason("Two accounts disagree on the date.")
        == "Two accounts disagree on the date."
    )
    assert uncertain_reason("Austin and Wei held their first call, about 45 minutes.") is None


def test_duration_from_summary():
    assert duration_minutes("their first call, about 45 minutes.") == 45
    assert duration_minutes("a roughly 90-minute call") == 90
    assert duration_minutes("a two-hour video call") == 120
    assert duration_minutes("a cordial, nearly hour-long meeting") == 60
    assert duration_minutes("They met.") is None


def test_resumption_date_only_when_the_summary_says_contact_resumed():
    assert resumption_date(
        "restoration was agreed at the Nov 15, 2023 summit and the first senior "
        "military contact followed on Dec 21, 2023."
    ) == date(2023, 12, 21)
    assert resumption_date("Visits due before Nov 30, 2008 were cancelled.") is None
    assert resumption_date("ties stayed largely frozen until late 2010.") is None


@pytest.mark.parametrize(
    "publisher, kind",
    [
        ("US Department of Defense", "us_readout"),
        ("American Forces Press Service (repost)", "us_readout"),
        ("DoD News (SAF/IA)", "us_readout"),
        ("The Ritz Herald (DoD News)", "us_readout"),
        ("RealClearPolitics (Pentagon transcript)", "us_readout"),
        ("PRC Embassy in the US", "cn_readout"),
        ("China Military Online (Xinhua)", "cn_readout"),
        ("Xinhua (repost)", "cn_readout"),
        ("China.org.cn (Xinhua)", "cn_readout"),
        ("Reuters", "press"),
        ("China Daily", "press"),
        ("Global Times (repost)", "press"),
        ("WN.com (DoD photo caption)", "press"),
    ],
)
def test_source_kind_by_publisher(publisher, kind):
    assert source_kind(publisher) == kind


def P(name, side, title=""):
    return TitleParticipant(name, side, title)


@pytest.mark.parametrize(
    "kwargs, title",
    [
        (
            {
                "participants": [P("Lloyd Austin", "US"), P("Wei Fenghe", "CN")],
                "medium": "phone_call",
                "status": "held",
            },
            "Austin and Wei speak by phone",
        ),
        (
            {
                "participants": [P("Robert M. Gates", "US"), P("Liang Guanglie", "CN")],
                "medium": "in_person_meeting",
                "status": "held",
                "location": "Beijing, China",
            },
            "Gates meets Liang in Beijing",
        ),
        (
            {
                "participants": [P("Pete Hegseth", "US"), P("Dong Jun", "CN")],
                "medium": "phone_call",
                "status": "declined",
            },
            "Hegseth's call request to Dong declined",
        ),
        (
            {
                "participants": [P("CQ Brown Jr.", "US"), P("Liu Zhenli", "CN")],
                "medium": "video_conference",
                "status": "held",
            },
            "Brown and Liu hold a video call",
        ),
        (
            {
                "participants": [
                    P(None, "US", "US military MMCA delegation"),
                    P(None, "CN", "PLA MMCA delegation"),
                ],
                "medium": "in_person_meeting",
                "status": "held",
                "location": "Shanghai, China",
                "channel": "MMCA talks",
            },
            "MMCA talks in Shanghai",
        ),
        (
            {
                "participants": [P("Michael S. Chase", "US"), P("Song Yanchao", "CN")],
                "medium": "in_person_meeting",
                "status": "held",
                "location": "Washington, United States",
                "channel": "Defense Policy Coordination Talks",
                "round_label": "17th",
            },
            "Chase holds 17th Defense Policy Coordination Talks with Song in Washington",
        ),
        (
            {
                "participants": [
                    P("Timothy J. Keating", "US"),
                    P(None, "CN", "Senior PLA officials (not named)"),
                ],
                "medium": "in_person_meeting",
                "status": "held",
                "location": "Beijing, China",
            },
            "Keating meets senior PLA officials in Beijing",
        ),
        (
            {
                "participants": [P("Lloyd Austin", "US"), P("Xu Qiliang", "CN")],
                "medium": "other",
                "status": "requested",
            },
            "Austin seeks talks with Xu",
        ),
        (
            {
                "participants": [P("David Helvey", "US"), P("Li Ji", "CN")],
                "medium": "in_person_meeting",
                "status": "planned",
                "location": "Washington, United States",
            },
            "Helvey to meet Li in Washington",
        ),
        (
            {
                "participants": [
                    P("Mike Mullen", "US"),
                    P("Robert M. Gates", "US"),
                    P("Chen Bingde", "CN"),
                ],
                "medium": "in_person_meeting",
                "status": "held",
                "location": "Washington, United States",
            },
            "Mullen and Gates meet Chen in Washington",
        ),
    ],
)
def test_make_title(kwargs, title):
    assert make_title(**kwargs) == title


def test_make_title_takes_api_participants():
    people = [ParticipantIn(name="Mark Esper", side="US", title="Secretary of Defense"),
              ParticipantIn(name="Wei Fenghe", side="CN", title="Minister of National Defense")]
    title = make_title(participants=people, medium=Medium.phone_call, status=Status.held)
    assert title == "Esper and Wei speak by phone"


def test_short_names():
    assert short_name("Samuel J. Locklear III", "US") == "Locklear"
    assert short_name("Wei Fenghe", "CN") == "Wei"


def test_topic_mapping_channels_and_topics():
    mapped = map_topics(
        [
            "Defense Consultative Talks (11th round)",
            "restart of mil-mil ties",
            "MMCA",
            "nuclear posture",
            "missile defense",
            "winter storm aid",
        ]
    )
    assert (mapped.channel, mapped.round_label) == ("Defense Consultative Talks", "11th")
    assert mapped.topics == [
        "Military relations",
        DIALOGUE_TOPIC,
        "Nuclear weapons",
        "Missile defense",
        "Winter storm aid",
    ]
    leaders = map_topics(
        ["restoration of military-to-military communication", "MMCA"], allow_channel=False
    )
    assert leaders.channel is None and leaders.topics == ["Military relations", DIALOGUE_TOPIC]
    assert map_topics(["East/South China Sea", "South China Sea"]).topics == [
        "East China Sea",
        "South China Sea",
    ]
