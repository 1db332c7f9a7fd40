"""POST/PUT/DELETE /api/events: status codes, the created event, conflicts and clear 422s."""

import pytest
from sqlmodel import func, select

from app.limits import MAX_PARTICIPANTS
from app.models import Event, Official
from app.schemas import EventIn, ParticipantIn, SourceIn
from app.services.officials import import_gazetteer
from tests.factories import event_payload, make_event


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_create_returns_the_event_with_id_and_version(client, session):
    import_gazetteer(session)
    session.commit()
    officials = count(session, Official)
    payload = event_payload(participants=[
        {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"},
        {"name": "Wei Fenge", "side": "CN", "title": "Minister of National Defense"},
        {"name": "Jane Newcomer", "side": "US", "title": "Aide"},
        {"name": None, "side": "CN", "title": "PLA delegation"},
    ])
    response = client.post("/api/events", json=payload)
    assert response.status_code == 201
    body = response.json()
    assert body["id"] >= 1 and body["version"] == 1
    assert response.headers["location"] == f"/api/events/{body['id']}"
    assert [(p["name"], p["slug"]) for p in body["participants"]] == [
        ("Lloyd Austin", "lloyd-austin"), ("Wei Fenghe", "wei-fenghe"),
        ("Jane Newcomer", "jane-newcomer"), (None, None)]
    assert body["topics"] == ["Taiwan", "Ukraine"] and body["sources"][0]["publisher"] == "AP"
    assert count(session, Official) == officials + 1  # only the unknown name was added


@pytest.mark.parametrize("overrides, loc", [
    ({"medium": "telepathy"}, ["body", "medium"]),
    ({"date": "2022-02-30"}, ["body", "date"]),
    ({"title": ""}, ["body", "title"]),
    ({"title": "x" * 301}, ["body", "title"]),
    ({"duration_minutes": "long"}, ["body", "duration_minutes"]),
    ({"unknown_field": 1}, ["body", "unknown_field"]),
    ({"participants": [{"name": "A", "side": "RU"}]}, ["body", "participants", 0, "side"]),
    ({"participants": [{"name": f"P{i}", "side": "US"} for i in range(MAX_PARTICIPANTS + 1)]},
     ["body", "participants"]),
    ({"sources": [{"publisher": "AP", "url": "ftp://x"}]}, ["body", "sources", 0, "url"]),
])
def test_create_with_invalid_payload_is_a_clear_422(client, session, overrides, loc):
    response = client.post("/api/events", json=event_payload(**overrides))
    assert response.status_code == 422
    assert loc in [error["loc"] for error in response.json()["detail"]]
    assert count(session, Event) == 0


@pytest.mark.parametrize("body", ["not json", "[]", "null"])
def test_create_with_a_broken_body_is_422(client, session, body):
    response = client.post("/api/events", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert count(session, Event) == 0


def test_create_without_a_required_field(client):
    payload = event_payload()
    del payload["date"]
    response = client.post("/api/events", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "date"]
    assert response.json()["detail"][0]["type"] == "missing"


def test_update_replaces_the_event_and_bumps_the_version(client, session):
    event = make_event(session)
    response = client.put(f"/api/events/{event.id}",
                          json=event_payload(title="Rescheduled", topics=["Nuclear"], version=1))
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["version"], body["topics"]) == ("Rescheduled", 2, ["Nuclear"])


def test_update_with_a_stale_version_is_409_with_the_current_event(client, session):
    event = make_event(session)
    client.put(f"/api/events/{event.id}", json=event_payload(title="First", version=1))
    response = client.put(f"/api/events/{event.id}", json=event_payload(title="Second", version=1))
    assert response.status_code == 409
    body = response.json()
    assert "version 2" in body["detail"]
    assert (body["current"]["title"], body["current"]["version"]) == ("First", 2)


def test_update_needs_a_version(client, session):
    event = make_event(session)
    response = client.put(f"/api/events/{event.id}", json=event_payload())
    assert response.status_code == 422
    assert ["body", "version"] in [e["loc"] for e in response.json()["detail"]]


@pytest.mark.parametrize("method", ["put", "delete"])
@pytest.mark.parametrize("event_id, status", [(999, 404), (0, 422), (2**64, 422), ("abc", 422)])
def test_unknown_or_malformed_ids(client, method, event_id, status):
    kwargs = {"json": event_payload(version=1)} if method == "put" else {}
    response = client.request(method.upper(), f"/api/events/{event_id}", **kwargs)
    assert response.status_code == status
    assert "detail" in response.json()


def test_delete(client, session):
    event = make_event(session)
    response = client.delete(f"/api/events/{event.id}")
    assert response.status_code == 204 and response.content == b""
    assert count(session, Event) == 1  # soft: the row and its history stay
    gone = client.get(f"/api/events/{event.id}")
    assert gone.status_code == 410 and gone.json()["deleted_by"] == client.editor.name
    assert client.delete(f"/api/events/{event.id}").status_code == 410
    assert client.delete("/api/events/999").status_code == 404


def test_openapi_documents_the_write_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"post"} <= set(paths["/api/events"])
    assert {"put", "delete"} <= set(paths["/api/events/{event_id}"])
    assert "409" in paths["/api/events/{event_id}"]["put"]["responses"]


def longest(model, field: str) -> int:
    """The maxLength the API schema gives a text field (or its items)."""
    prop = model.model_json_schema()["properties"][field]
    for option in [prop, prop.get("items", {}), *prop.get("anyOf", [])]:
        if "maxLength" in option:
            return option["maxLength"]
    raise AssertionError(f"{model.__name__}.{field} has no maximum length")


def test_the_longest_valid_input_is_stored_whole_on_every_backend(client):
    """PostgreSQL's varchar(n) refuses what does not fit, where SQLite stores anything: every
    text field at the maximum the API allows, with letters that expand when folded ("ﬃ" ->
    "ffi": names, aliases and slugs are folded), must fit its column."""
    wide = "ﬃ"
    fields = ("title", "summary", "location", "channel", "uncertain_reason")
    person, source = ParticipantIn, SourceIn
    url = "https://example.org/"
    payload = event_payload(
        **{field: field[0].upper() * longest(EventIn, field) for field in fields},
        participants=[{"name": wide * longest(person, "name"), "side": "US",
                       "title": "t" * longest(person, "title")},
                      {"name": None, "side": "CN", "title": "d" * longest(person, "title")}],
        topics=[wide * longest(EventIn, "topics")],
        sources=[{"url": url + "u" * (longest(source, "url") - len(url)),
                  "publisher": "P" * longest(source, "publisher"),
                  "headline": "H" * longest(source, "headline"),
                  "quote": "Q" * longest(source, "quote"), "kind": "press"}],
    )
    created = client.post("/api/events", json=payload)
    assert created.status_code == 201, created.text
    stored = client.get(f"/api/events/{created.json()['id']}").json()
    assert {field: stored[field] for field in fields} == {field: payload[field] for field in fields}
    assert [p["name"] for p in stored["participants"]] == [payload["participants"][0]["name"], None]
    assert stored["topics"] == payload["topics"]
    assert stored["sources"][0].items() >= payload["sources"][0].items()
    again = client.post("/api/events", json=payload)  # the same names again: found, not added
    assert again.status_code == 201, again.text
    assert again.json()["participants"][0]["slug"] == stored["participants"][0]["slug"]
