"""Hostile input the review found: each refused with a clear 4xx on both backends, nothing
written."""

from datetime import date

import pytest

from app.models import Event, Period
from app.services.filters import Cursor
from tests.factories import event_payload, make_event
from tests.conftest import TEST_EDITOR
from tests.http.helpers import login, snapshot
from tests.http.test_event_form import count, error_next_to, form_data, soup

NUL = "a\x00b"


@pytest.mark.parametrize(("overrides", "loc"), [
    ({"title": NUL}, ["body", "title"]),
    ({"summary": NUL}, ["body", "summary"]),
    ({"participants": [{"name": NUL, "side": "US", "title": "x"}]},
     ["body", "participants", 0, "name"]),
    ({"topics": [NUL]}, ["body", "topics", 0]),
    ({"sources": [{"url": "https://example.org/\x00", "publisher": "AP"}]},
     ["body", "sources", 0, "url"]),
    ({"sources": [{"publisher": "AP", "quote": NUL}]}, ["body", "sources", 0, "quote"]),
])
def test_a_nul_character_in_an_api_write_is_a_422(client, session, overrides, loc):
    # PostgreSQL cannot store U+0000: this was a 500 there (and a stored NUL on SQLite).
    before = snapshot(session)
    response = client.post("/api/events", json=event_payload(**overrides))
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [loc]
    assert "U+0000" in errors[0]["msg"] or "web address" in errors[0]["msg"]
    assert snapshot(session) == before


def test_a_nul_character_in_an_update_is_a_422(client, session):
    event = make_event(session)
    response = client.put(f"/api/events/{event.id}",
                          json=event_payload(title=NUL, version=event.version))
    assert response.status_code == 422
    assert client.get(f"/api/events/{event.id}").json()["title"] == event.title


def test_a_nul_character_in_the_event_form_shows_beside_the_field(client, session):
    response = client.post("/events/new", data=form_data(title=NUL))
    assert response.status_code == 422
    assert error_next_to(soup(response), "title") == "Remove the NUL character (U+0000)."
    assert count(session, Event) == 0


def test_a_nul_character_in_a_period_is_refused(client, session):
    response = client.post("/api/periods", json={"name": NUL, "start": "2010-01-30"})
    assert response.status_code == 422
    response = client.post("/periods/new", data={"name": "Freeze", "start": "2010-01-30",
                                                 "end": "", "summary": NUL,
                                                 "source_url": "", "source_publisher": ""})
    assert response.status_code == 422
    assert "U+0000" in response.text
    assert count(session, Period) == 0


def test_a_nul_character_in_the_sign_in_username_is_a_wrong_sign_in(anon_client, editor,
                                                                      monkeypatch):
    # It reached the database as it was: a 500 on PostgreSQL.
    async def no_wait(seconds):
        pass

    monkeypatch.setattr("app.web.auth.pause", no_wait)
    response = login(anon_client, username=f"{TEST_EDITOR}\x00x", password="not the password")
    assert response.status_code == 401
    assert "do not match" in response.text


BEYOND_INTEGER = 2**31  # ids are INTEGER columns: 32-bit on PostgreSQL, where this was a 500


@pytest.mark.parametrize("path", [
    f"/api/events/{BEYOND_INTEGER}", f"/api/events/{BEYOND_INTEGER}/history",
    f"/api/periods/{BEYOND_INTEGER}", f"/events/{BEYOND_INTEGER}",
    f"/events/{BEYOND_INTEGER}/edit", f"/events/{BEYOND_INTEGER}/delete",
    f"/events/{BEYOND_INTEGER}/merge", f"/periods/{BEYOND_INTEGER}/edit",
    f"/periods/{BEYOND_INTEGER}/delete",
])
def test_an_id_past_the_integer_columns_is_refused(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404, 422), response.text


def test_ids_and_versions_past_the_integer_columns_in_bodies_are_422(client, session):
    event = make_event(session)
    before = snapshot(session)
    writes = [
        ("PUT", f"/api/events/{event.id}", event_payload(version=BEYOND_INTEGER)),
        ("POST", f"/api/events/{event.id}/merge",
         {"other_id": BEYOND_INTEGER, "version": 1, "other_version": 1}),
        ("POST", f"/api/events/{event.id}/restore",
         {"version": 1, "revision_id": BEYOND_INTEGER}),
        ("POST", f"/api/events/{event.id}/undo-merge",
         {"version": 1, "revision_id": BEYOND_INTEGER}),
    ]
    for method, path, body in writes:
        response = client.request(method, path, json=body)
        assert response.status_code == 422, (path, response.text)
    assert snapshot(session) == before


def test_a_forged_cursor_past_the_integer_columns_is_a_broken_page_link(client, session):
    make_event(session)
    forged = Cursor(date(2022, 1, 1), BEYOND_INTEGER).encode()
    response = client.get("/api/events", params={"cursor": forged})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]
    assert client.get("/", params={"cursor": forged}).status_code == 400


@pytest.mark.parametrize("path", ["/", "/stats", "/api/stats", "/api/events",
                                  "/export/events.ics", "/feed.atom"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("param", ["from", "to"])
def test_a_filter_date_at_the_ends_of_the_calendar_works(client, session, path, day, param):
    # The month after December 9999 does not exist: the month counts failed with a 500.
    make_event(session)
    assert client.get(path, params={param: day}).status_code == 200


def test_the_chart_spans_only_the_years_events_can_have(client, session):
    # "to=9999-12-31" drew a bar per year up to 9999: a page of 1.8 MB for one event.
    make_event(session, date="2022-04-20")
    response = client.get("/", params={"from": "0001-01-01", "to": "9999-12-31"})
    years = [int(t.get_text()) for t in soup(response).select("text.tick")]
    assert years and min(years) >= 1900 and max(years) <= 2100
    assert [bar["data-period"] for bar in soup(response).select("[data-testid=bar]")] == ["2022"]
    assert len(response.content) < 300_000



@pytest.mark.parametrize("overrides", [{"date": "9999-12-31"}, {"date": "0001-01-01"},
                                       {"date": "9999-06-01", "date_precision": "year"},
                                       {"date": "2022-01-01", "end_date": "9999-12-31"}])
def test_an_event_date_outside_1900_to_2100_is_a_422(client, session, overrides):
    # Saved, such an event broke every export reaching past its last day (a cut-off
    # calendar download); nothing on record lies outside.
    response = client.post("/api/events", json=event_payload(**overrides))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Enter a date from 1900-01-01 to 2100-12-31."
    assert count(session, Event) == 0


def test_an_event_form_date_outside_the_range_shows_beside_the_field(client, session):
    response = client.post("/events/new", data=form_data(date="9999"))
    assert response.status_code == 422
    assert error_next_to(soup(response), "date") == "Enter a date from 1900-01-01 to 2100-12-31."
    response = client.post("/api/periods", json={"name": "Far", "start": "9999-12-31"})
    assert response.status_code == 422


def test_every_export_stays_whole_with_events_at_the_ends_of_the_range(client, session):
    make_event(session, date="1900-01-01")
    make_event(session, date="2100-12-31", title="Last day")
    make_event(session, date="2100-06-01", date_precision="year", title="Last year")
    for path in ("/export/events.ics", "/export/events.csv", "/export/events.json",
                 "/export/timelinejs.json", "/feed.atom", "/", "/stats", "/?gap=1"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get("/export/events.ics").text.count("BEGIN:VEVENT") == 3


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_extract_with_a_publication_date_outside_the_range_is_a_422(client, published):
    # "yesterday" against 0001-01-01 overflowed in the extractor: a 500.
    response = client.post("/api/extract", json={
        "text": "Secretary of Defense Lloyd Austin spoke by phone with Wei Fenghe yesterday.",
        "published": published})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "published"]


def test_a_json_body_declared_past_the_limit_is_refused_before_it_is_read(client, session):
    from app.limits import MAX_JSON_BYTES
    before = snapshot(session)
    body = b'{"title": "' + b"x" * MAX_JSON_BYTES + b'"}'
    for path in ("/api/events", "/api/extract"):
        response = client.post(path, content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 413, path
        assert "larger than 4 MB" in response.json()["detail"]
        assert response.headers["x-content-type-options"] == "nosniff"  # still our headers
    assert snapshot(session) == before
    # A body within the limit is read and judged as usual (here: a 422 for the bad payload).
    fits = client.post("/api/events", content=b'{"title": "x"}',
                       headers={"Content-Type": "application/json; charset=utf-8"})
    assert fits.status_code == 422
