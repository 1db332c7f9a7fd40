"""Every export read back by a real parser (csv, icalendar, feedparser, json), with filters,
escaping and formula injection."""

import csv
import io
import json
from datetime import date

import feedparser
import pytest
from icalendar import Calendar

from app.services.exports import csv_export, json_export, neutralise, restore
from app.services.feeds import atom_export, ics_export, timelinejs_export, xml_safe
from app.services.filters import TimelineFilter
from tests.analyst_fixture import small_record
from tests.factories import make_event

BASE = "http://testserver"
NASTY = '=HYPERLINK("http://evil.example","x") <b>&amp;</b> "quoted", ; \\ \x01'


@pytest.fixture
def record(session):
    return small_record(session)


def _csv(session, f=TimelineFilter()) -> list[dict]:
    return list(csv.DictReader(io.StringIO("".join(csv_export(session=session, filters=f)))))


def test_csv_has_every_event_the_filter_selects(session, record):
    rows = _csv(session, TimelineFilter(order="oldest"))
    assert [r["title"] for r in rows] == ["Call one", "Video one", "Chiefs meet", "Call two",
                                          "Meeting"]
    first = rows[0]
    assert first["uuid"] == record["e1"].uuid and first["date"] == "2021-01-10"
    assert first["us"] == "Lloyd Austin (Secretary of Defense)"
    assert first["cn"] == "Wei Fenghe (Minister of National Defense)"
    assert first["topics"] == "Taiwan" and first["initiated_by"] == "US"
    assert json.loads(first["participants"])[1]["slug"] == "wei-fenghe"
    assert json.loads(first["sources"])[0]["url"] == "https://example.org/a"
    calls = _csv(session, TimelineFilter(media=("phone_call",), statuses=("declined",)))
    assert [r["title"] for r in calls] == ["Refused call"]


def test_csv_streams_in_chunks_past_one_chunk(session, monkeypatch):
    import app.services.exports as exports

    monkeypatch.setattr(exports, "CHUNK", 2)
    for day in range(1, 6):
        make_event(session, date=f"2020-05-0{day}", title=f"E{day}", topics=[])
    chunks = list(csv_export(session=session, filters=TimelineFilter(order="oldest")))
    assert len(chunks) == 1 + 3  # the header, then 2 + 2 + 1 rows
    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    assert [r["title"] for r in rows] == ["E1", "E2", "E3", "E4", "E5"]


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("plain", "plain"), ("", ""), ("'", "'"),
])
def test_formula_cells_are_neutralised_and_restored_exactly(value, cell):
    assert neutralise(value) == cell
    assert restore(cell) == value


def test_csv_neutralises_every_text_cell(session):
    make_event(session, title="=cmd|' /C calc'!A0", summary="@SUM(1)", location="+1",
               participants=[{"name": "-Dash", "side": "US", "title": "=T"}], topics=[])
    row = _csv(session)[0]
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["summary"] == "'@SUM(1)" and row["location"] == "'+1"
    assert row["us"] == "'-Dash (=T)"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


def test_json_dump_sections_and_events(session, record):
    dump = json.loads("".join(json_export(session=session, filters=TimelineFilter())))
    assert dump["format"] == "contacts-timeline" and dump["version"] == 1
    assert {"officials", "topics", "periods", "events"} <= set(dump)
    assert [e["title"] for e in dump["events"]] == ["Meeting", "Call two", "Chiefs meet",
                                                    "Video one", "Call one"]
    wei = next(o for o in dump["officials"] if o["slug"] == "wei-fenghe")
    assert wei["country"] == "CN"
    assert dump["periods"][0]["name"] == "China suspends military exchanges"
    event = dump["events"][0]
    assert event["uuid"] == record["e6"].uuid and len(event["key"]) == 20
    assert {"created_at", "updated_at", "version", "participants", "sources"} <= set(event)


def test_json_escapes_user_text(session):
    make_event(session, title=NASTY, topics=[])
    text = "".join(json_export(session=session, filters=TimelineFilter()))
    assert json.loads(text)["events"][0]["title"] == NASTY


def test_ics_one_entry_per_contact_sized_by_precision(session, record):
    make_event(session, date="2019-03-01", date_precision="month", title="Some day in March",
               topics=[])
    make_event(session, date="2018-01-01", date_precision="year", title="Some time in 2018",
               topics=[])
    make_event(session, date="2017-06-01", end_date="2017-06-03", title="Three days", topics=[])
    text = b"".join(ics_export(session=session, filters=TimelineFilter(), base_url=BASE))
    calendar = Calendar.from_ical(text)
    entries = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert len(entries) == 8
    spans = {k: (e.decoded("dtstart"), e.decoded("dtend")) for k, e in entries.items()}
    assert spans["Call one"] == (date(2021, 1, 10), date(2021, 1, 11))
    assert spans["Three days"] == (date(2017, 6, 1), date(2017, 6, 4))
    assert spans["Some day in March"] == (date(2019, 3, 1), date(2019, 4, 1))
    assert spans["Some time in 2018"] == (date(2018, 1, 1), date(2019, 1, 1))
    call = entries["Call one"]
    assert str(call["uid"]) == f"{record['e1'].uuid}@contacts-timeline"
    assert str(call["url"]) == f"{BASE}/events/{record['e1'].id}"
    assert "Lloyd Austin" in str(call["description"])


def test_ics_escapes_user_text(session):
    make_event(session, title=NASTY, summary="line one\nline two; with, commas", topics=[])
    calendar = Calendar.from_ical(b"".join(ics_export(session=session, filters=TimelineFilter(),
                                                      base_url=BASE)))
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["summary"]) == NASTY
    assert str(entry["description"]).startswith("line one\nline two; with, commas")


def _timelinejs(session, f=TimelineFilter()) -> dict:
    return json.loads("".join(timelinejs_export(session=session, filters=f, base_url=BASE,
                                                today=date(2024, 1, 1))))


def test_timelinejs_shape(session, record):
    make_event(session, date="2019-03-01", date_precision="month", title="March", topics=[])
    data = _timelinejs(session, TimelineFilter(order="oldest"))
    assert set(data) == {"title", "events", "eras"}
    march = data["events"][0]
    assert march["start_date"] == {"year": 2019, "month": 3}
    call = next(e for e in data["events"] if e["text"]["headline"] == "Call one")
    assert call["start_date"] == {"year": 2021, "month": 1, "day": 10}
    assert call["group"] == "Phone call" and call["unique_id"] == f"event-{record['e1'].uuid}"
    for event in data["events"]:
        assert set(event) <= {"unique_id", "start_date", "end_date", "text", "group"}
        assert set(event["text"]) == {"headline", "text"}
    assert data["eras"] == [{"start_date": {"year": 2022, "month": 8, "day": 5},
                             "end_date": {"year": 2022, "month": 12, "day": 21},
                             "text": {"headline": "China suspends military exchanges",
                                      "text": "After the Pelosi visit."}}]


def test_timelinejs_escapes_html(session):
    make_event(session, title="<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>",
               topics=[])
    event = _timelinejs(session)["events"][0]
    assert event["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<img" not in event["text"]["text"] and "&lt;img" in event["text"]["text"]


def test_atom_feed_newest_first_with_filters(session, record):
    feed = feedparser.parse(atom_export(session=session, filters=TimelineFilter(order="oldest"),
                                        base_url=BASE))
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Meeting", "Call two", "Chiefs meet", "Video one",
                                               "Call one"]
    assert feed.entries[0].id == f"urn:uuid:{record['e6'].uuid}"
    assert feed.entries[0].link == f"{BASE}/events/{record['e6'].id}"
    calls = feedparser.parse(atom_export(session=session,
                                         filters=TimelineFilter(media=("phone_call",)),
                                         base_url=BASE))
    assert [e.title for e in calls.entries] == ["Call two", "Call one"]
    assert calls.feed.links[0].href == f"{BASE}/feed.atom?medium=phone_call"


def test_atom_escapes_user_text_and_drops_what_xml_cannot_hold(session):
    make_event(session, title=NASTY, summary="<p>not markup</p> & more", topics=[])
    raw = atom_export(session=session, filters=TimelineFilter(), base_url=BASE)
    assert b"&lt;p&gt;not markup&lt;/p&gt; &amp; more" in raw  # text, not markup
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].title == xml_safe(NASTY).strip()  # \x01 dropped, the rest kept
    assert feed.entries[0].summary.startswith("<p>not markup</p> & more")
    assert xml_safe("a\x00b\x1fc\td") == "abc\td"
