"""Hostile input the review found: each refused with a clear 4xx on both backends, nothing
written."""

import pytest

from app.models import Event, Period
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
