"""HTTP: the chart, silence markers and bands on the timeline; /stats, /api/stats; periods pages
and API; every export route with the timeline's filters."""

import csv
import io
import json
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from sqlmodel import select

from app.models import Period
from tests.analyst_fixture import small_record

HX = {"HX-Request": "true", "HX-Target": "timeline-view"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


@pytest.fixture
def record(session):
    return small_record(session)


# --- the chart --------------------------------------------------------------------------------


def test_chart_bars_link_to_their_month_with_the_other_filters(client, record):
    page = soup(client.get("/?medium=phone_call&medium=in_person_meeting"))
    chart = page.select_one("figure.rhythm")
    assert "Contacts per month, Jan 2021 to Jan 2023" in chart.figcaption.get_text()
    bars = chart.select("[data-testid=bar]")
    assert [b["data-period"] for b in bars] == ["Jan 2021", "Mar 2021", "Jun 2022", "Jan 2023"]
    jan = bars[0]
    assert jan.select_one("title").get_text() == "Jan 2021: 1 contact (1 phone call)"
    assert jan["href"] == jan["hx-get"] and jan["hx-target"] == "#timeline-view"
    assert jan["hx-push-url"] == "true"
    assert parse_qsl(urlsplit(jan["href"]).query) == [
        ("medium", "phone_call"), ("medium", "in_person_meeting"), ("from", "2021-01-01"),
        ("to", "2021-01-31")]
    # Medium colours: one class per medium, and the legend names them.
    assert {r["class"][1] for r in chart.select("rect.bar")} == {"bar-phone_call",
                                                                 "bar-in_person_meeting"}
    assert [li.get_text(strip=True) for li in chart.select("ul.legend li")] == [
        "Phone call", "In person"]
    # The text alternative: every month, with its count per medium.
    rows = chart.select("details.rhythm-table tbody tr")
    assert len(rows) == 25
    assert [c.get_text() for c in rows[0].select("th, td")] == ["Jan 2021", "1", "1", "0"]


def test_following_a_bar_narrows_the_timeline(client, record):
    bar = soup(client.get("/")).select("[data-testid=bar]")[0]
    page = soup(client.get(bar["href"]))
    cards = [c.get_text(strip=True) for c in page.select("[data-testid=event-card] .card-title")]
    assert cards == ["Video one", "Call one"]
    # htmx: the same view as a fragment, with the address to push.
    response = client.get(bar["href"], headers=HX)
    assert response.headers["HX-Push-Url"] == bar["href"]
    assert soup(response).select_one("h1") is None


def test_the_chart_shades_periods_and_load_more_gets_no_chart(client, record, session):
    page = soup(client.get("/"))
    shades = page.select("figure.rhythm rect.shade")
    assert len(shades) == 1
    assert "China suspends military exchanges, Aug 2022 – Dec 2022" in page.select_one(
        ".legend-periods").get_text()
    more = client.get("/?cursor=MjAyMi0wNi0wNS4x", headers={"HX-Request": "true",
                                                            "HX-Target": "load-more"})
    assert soup(more).select_one("figure.rhythm") is None
    assert soup(client.get("/?q=nothingmatchesthis")).select_one("figure.rhythm") is None


# --- silences and bands -----------------------------------------------------------------------


def gap_texts(page) -> list[str]:
    return [g.strong.get_text() for g in page.select("[data-testid=gap]")]


def test_gap_markers_appear_past_the_threshold(client, record):
    assert gap_texts(soup(client.get("/"))) == []
    page = soup(client.get("/?gap=7"))
    assert gap_texts(page) == ["7 months without a contact", "15 months without a contact"]
    assert gap_texts(soup(client.get("/?gap=8"))) == ["15 months without a contact"]
    chip = page.select_one('a.chip[aria-label="Remove filter Silences: 7+ months"]')
    assert chip is not None and "gap" not in query(chip["href"])
    assert page.select_one("#gap")["value"] == "7"
    # Oldest first, the same silences in reading order.
    oldest = soup(client.get("/?gap=7&order=oldest"))
    assert gap_texts(oldest) == ["15 months without a contact", "7 months without a contact"]


def test_gap_markers_across_load_more_pages(client, record, app):
    from app.config import Settings, get_settings

    app.dependency_overrides[get_settings] = lambda: Settings(page_size=2)
    first = soup(client.get("/?gap=12"))
    assert gap_texts(first) == []  # Meeting, Call two: 7 months
    more = first.select_one("#load-more a")["href"]
    second = soup(client.get(more))
    assert gap_texts(second) == ["15 months without a contact"]  # Call two -> Chiefs meet
    assert second.select("[data-testid=gap]")[0].find_next(class_="card-title").get_text(
        strip=True) == "Chiefs meet"


def test_bad_gap_is_reported_beside_its_field(client, record):
    response = client.get("/?gap=abc")
    assert response.status_code == 400
    assert "whole months" in soup(response).select_one("#error-gap").get_text()


def test_period_band_between_the_cards(client, record):
    page = soup(client.get("/?gap=6"))
    band = page.select_one("[data-testid=band]")
    assert "China suspends military exchanges, Aug 2022 – Dec 2022" in band.get_text()
    # Between "Meeting" (Jan 2023) and "Call two" (Jun 2022), around the silence.
    assert band.find_previous(class_="card-title").get_text(strip=True) == "Meeting"
    assert band.find_next(class_="card-title").get_text(strip=True) == "Call two"
    assert band.find_next(attrs={"data-testid": "gap"}) is not None
    end = page.select_one("[data-testid=band-end]")
    assert "Began Aug 2022" in end.get_text()


def test_bands_on_an_official_page(client, record):
    page = soup(client.get("/officials/lloyd-austin"))
    assert page.select_one("[data-testid=band]") is not None
    assert page.select_one("figure.rhythm") is not None


# --- stats ------------------------------------------------------------------------------------


def test_stats_page(client, record):
    page = soup(client.get("/stats"))
    assert page.select_one("[data-testid=stat-total]").get_text() == "5"
    gaps = page.select("[data-testid=gaps] tbody tr")
    assert gaps[0].select("td")[2].get_text(" ", strip=True).startswith("15 months")
    assert "China suspends" in gaps[1].select("td")[3].get_text()
    link = gaps[0].select_one("a")["href"]
    assert query(link) == {"from": "2021-03-05", "to": "2022-06-05"}
    pairs = [[td.get_text(strip=True) for td in tr.select("td")][:3]
             for tr in page.select("[data-testid=person-pairs] tbody tr")]
    assert pairs[0] == ["Lloyd Austin", "Wei Fenghe", "4"]
    offices = [[td.get_text(strip=True) for td in tr.select("td")]
               for tr in page.select("[data-testid=office-pairs] tbody tr")]
    assert offices[0] == ["Secretary of Defense", "Minister of National Defense", "4"]
    assert page.select_one("[data-testid=stat-days-since]") is not None


def test_stats_follow_the_filters(client, record):
    page = soup(client.get("/stats?official=mark-milley"))
    assert page.select_one("[data-testid=stat-total]").get_text() == "1"
    assert page.select_one('a.chip[aria-label="Remove filter Official: Mark Milley"]')
    assert len(soup(client.get("/stats?gap=10")).select("[data-testid=gaps] tbody tr")) == 1
    assert client.get("/stats?from=nope").status_code == 400


def test_api_stats(client, record):
    data = client.get("/api/stats?medium=phone_call").json()
    assert data["total"] == 2
    assert data["person_pairs"][0]["us"]["slug"] == "lloyd-austin"
    assert data["longest_gaps"][0] == {"start": "2021-01-10", "end": "2022-06-05", "days": 511,
                                       "months": 16, "periods": []}
    assert client.get("/api/stats?medium=fax").status_code == 422
    assert client.get("/api/stats?who=Nobody%20Atall").status_code == 422
    assert client.get("/api/stats").json()["by_category"][0] == {
        "value": "defense", "label": "Defence", "events": 4, "share": 0.8}


# --- periods ----------------------------------------------------------------------------------


def test_periods_list(client, record):
    page = soup(client.get("/periods"))
    item = page.select_one("[data-testid=period]")
    assert item.h2.get_text() == "China suspends military exchanges"
    timeline = item.find("a", string="Contacts in this period")["href"]
    assert query(timeline) == {"from": "2022-08-05", "to": "2022-12-21"}


def test_period_form_create_edit_delete(client, session):
    assert client.get("/periods/new").status_code == 200
    response = client.post("/periods/new", data={"name": "Freeze", "start": "2010-01-30",
                                                 "end": "", "summary": "s",
                                                 "source_url": "", "source_publisher": ""},
                           follow_redirects=False)
    assert response.status_code == 303
    period = session.exec(select(Period)).one()
    assert (period.name, period.start, period.end) == ("Freeze", date(2010, 1, 30), None)
    assert response.headers["location"] == f"/periods#period-{period.id}"
    edit = soup(client.get(f"/periods/{period.id}/edit"))
    assert edit.select_one("#name")["value"] == "Freeze"
    client.post(f"/periods/{period.id}/edit", data={"name": "Freeze", "start": "2010-01-30",
                                                    "end": "2010-12-10"})
    session.refresh(period)
    assert period.end == date(2010, 12, 10)
    assert "Delete this period?" in client.get(f"/periods/{period.id}/delete").text
    assert client.post(f"/periods/{period.id}/delete", follow_redirects=False).status_code == 303
    assert client.get(f"/periods/{period.id}/edit").status_code == 404


@pytest.mark.parametrize("data, field, message", [
    ({"name": "", "start": "2010-01-01"}, "name", "Required"),
    ({"name": "X", "start": "30/01/2010"}, "start", "YYYY-MM-DD"),
    ({"name": "X", "start": "1700000000"}, "start", "YYYY-MM-DD"),
    ({"name": "X", "start": "2010-05-01", "end": "2010-01-01"}, "end", "not be before"),
    ({"name": "X", "start": "2010-05-01", "source_url": "javascript:x"}, "source_url", "http"),
])
def test_period_form_errors_beside_the_field(client, session, data, field, message):
    response = client.post("/periods/new", data=data)
    assert response.status_code == 422
    page = soup(response)
    assert message in page.select_one(f"#{field}-error").get_text()
    assert page.select_one(f"#{field}")["aria-invalid"] == "true"
    assert session.exec(select(Period)).all() == []


def test_periods_api(client):
    created = client.post("/api/periods", json={"name": "Freeze", "start": "2010-01-30"})
    assert created.status_code == 201
    period = created.json()
    assert period["end"] is None and created.headers["location"] == f"/api/periods/{period['id']}"
    assert client.get("/api/periods").json()["data"][0]["name"] == "Freeze"
    updated = client.put(f"/api/periods/{period['id']}",
                         json={"name": "Freeze", "start": "2010-01-30", "end": "2010-12-10"})
    assert updated.json()["end"] == "2010-12-10"
    bad = client.post("/api/periods", json={"name": "X", "start": "2010-02-01",
                                            "end": "2010-01-01"})
    assert bad.status_code == 422
    assert client.delete(f"/api/periods/{period['id']}").status_code == 204
    assert client.get(f"/api/periods/{period['id']}").status_code == 404
    assert client.put("/api/periods/999", json={"name": "X", "start": "2010-01-01"}
                      ).status_code == 404


# --- exports ----------------------------------------------------------------------------------


def test_timeline_links_every_export_of_this_view(client, record):
    page = soup(client.get("/?medium=phone_call&gap=6&order=oldest"))
    links = {a.get_text(): a["href"] for a in page.select(".downloads a")}
    assert set(links) == {"CSV", "JSON", "iCal", "TimelineJS", "Atom"}
    assert links["CSV"] == "/export/events.csv?medium=phone_call&order=oldest"
    assert links["Atom"].startswith("/feed.atom?medium=phone_call")
    alternate = page.select_one('link[rel=alternate][type="application/atom+xml"]')
    assert alternate["href"] == links["Atom"]


def test_export_routes_honour_the_filters(client, record):
    response = client.get("/export/events.csv?medium=phone_call")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["title"] for r in rows] == ["Call two", "Call one"]
    dump = client.get("/export/events.json?who=Milley").json()
    assert [e["title"] for e in dump["events"]] == ["Chiefs meet"]
    ics = Calendar.from_ical(client.get("/export/events.ics?status=declined").content)
    assert [str(e["summary"]) for e in ics.walk("VEVENT")] == ["Refused call"]
    tl = client.get("/export/timelinejs.json?from=2023-01-01").json()
    assert [e["text"]["headline"] for e in tl["events"]] == ["Meeting"]
    feed = feedparser.parse(client.get("/feed.atom?medium=video_conference").content)
    assert [e.title for e in feed.entries] == ["Video one"]
    assert feed.entries[0].link == f"http://testserver/events/{record['e2'].id}"


def test_feed_and_calendar_links_use_the_public_url_not_the_host_header(client, record,
                                                                     monkeypatch):
    from app.config import get_settings
    event_id = record["e2"].id
    forged = {"Host": "evil.example"}
    # Unset, the links follow the request's address, whatever Host the client sent ...
    feed = feedparser.parse(client.get("/feed.atom?medium=video_conference", headers=forged).content)
    assert feed.entries[0].link == f"http://evil.example/events/{event_id}"
    monkeypatch.setenv("CONTACTS_PUBLIC_URL", "https://contacts.example.org/")
    get_settings.cache_clear()
    try:
        # ... set, every absolute link is the public address's.
        feed = feedparser.parse(client.get("/feed.atom?medium=video_conference",
                                           headers=forged).content)
        assert feed.entries[0].link == f"https://contacts.example.org/events/{event_id}"
        assert "evil.example" not in client.get("/feed.atom", headers=forged).text
        ics = Calendar.from_ical(client.get("/export/events.ics?medium=video_conference",
                                            headers=forged).content)
        assert str(ics.walk("VEVENT")[0]["url"]) == f"https://contacts.example.org/events/{event_id}"
        assert "evil.example" not in client.get("/export/timelinejs.json", headers=forged).text
    finally:
        get_settings.cache_clear()


def test_a_filtered_feed_is_titled_by_its_view(client, record):
    # Every view's feed had the same title: a reader subscribed to two could not tell them apart.
    assert feedparser.parse(client.get("/feed.atom").content).feed.title == (
        "US–China Military Contacts Timeline")
    feed = feedparser.parse(client.get("/feed.atom?medium=phone_call&topic=taiwan").content)
    assert feed.feed.title == ("US–China Military Contacts Timeline: Medium: Phone call; "
                               "Topic: Taiwan")


@pytest.mark.parametrize("path", ["/export/events.csv", "/export/events.json",
                                  "/export/events.ics", "/export/timelinejs.json", "/feed.atom"])
def test_exports_refuse_bad_filters(client, path):
    response = client.get(f"{path}?from=2022-13-01")
    assert response.status_code == 400
    assert "not a date" in response.text


def test_export_of_nothing_is_still_well_formed(client):
    assert list(csv.reader(io.StringIO(client.get("/export/events.csv").text)))[0][0] == "uuid"
    assert client.get("/export/events.json").json()["events"] == []
    assert client.get("/export/timelinejs.json").json()["events"] == []
    assert Calendar.from_ical(client.get("/export/events.ics").content).walk("VEVENT") == []
    assert not feedparser.parse(client.get("/feed.atom").content).bozo
    json.loads(client.get("/api/stats").text)


def test_period_writes_need_an_editor(anon_client, client, record):
    period_id = record["period"].id
    assert anon_client.post("/api/periods", json={"name": "X", "start": "2010-01-01"}
                            ).status_code == 401
    assert anon_client.delete(f"/api/periods/{period_id}").status_code == 401
    form = anon_client.get("/periods/new", follow_redirects=False)
    assert form.status_code in (303, 307) and "/login" in form.headers["location"]
    posted = anon_client.post(f"/periods/{period_id}/delete", follow_redirects=False)
    assert posted.status_code in (303, 401, 403)
    assert client.get(f"/api/periods/{period_id}").status_code == 200  # nothing changed
    page = soup(anon_client.get("/periods"))
    assert page.find("a", string="Edit") is None and page.find("a", string="Add a period") is None
    assert soup(client.get("/periods")).find("a", string="Add a period") is not None
