import pytest

from tests.factories import make_event


@pytest.fixture
def record(session):
    ids = [
        make_event(
            session,
            title=f"Call {i}",
            date=f"2022-0{i + 1}-10",
            topics=["Taiwan"] if i % 2 else [],
            medium="phone_call" if i < 3 else "video_conference",
        ).id
        for i in range(5)
    ]
    make_event(session, title="Refused", date="2022-08-01", status="declined")
    make_event(session, title="Disputed", date="2022-09-01",
               uncertain_reason="Sources disagree on the medium.")
    return ids


def test_list_events_pages_with_cursor(client, record):
    first = client.get("/api/events?limit=2")
    assert first.status_code == 200
    body = first.json()
    assert [e["title"] for e in body["data"]] == ["Disputed", "Call 4"]
    assert body["count"] == 6
    assert body["data"][0]["participants"][0]["slug"] == "lloyd-austin"
    titles, cursor = [e["title"] for e in body["data"]], body["next_cursor"]
    while cursor:
        body = client.get("/api/events", params={"limit": 2, "cursor": cursor}).json()
        titles += [e["title"] for e in body["data"]]
        cursor = body["next_cursor"]
    assert titles == ["Disputed", "Call 4", "Call 3", "Call 2", "Call 1", "Call 0"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ([("medium", "video_conference")], ["Call 4", "Call 3"]),
        ([("medium", "video_conference"), ("topic", "taiwan")], ["Call 3"]),
        ([("status", "declined")], ["Refused"]),
        ([("order", "oldest"), ("to", "2022-02-28")], ["Call 0", "Call 1"]),
        ([("q", "call 2")], ["Call 2"]),
        ([("who", "Wei Fenge"), ("from", "2022-05-01"), ("to", "2022-08-31")], ["Call 4"]),
        (
            [("utm_source", "x"), ("official", "lloyd-austin"), ("from", "2022-05-01"),
             ("certainty", "firm")],
            ["Call 4"],
        ),
        ([("certainty", "uncertain")], ["Disputed"]),
        ([("certainty", "all"), ("from", "2022-05-01")], ["Disputed", "Call 4"]),
    ],
)
def test_list_events_filters(client, record, params, expected):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200
    assert [e["title"] for e in response.json()["data"]] == expected


@pytest.mark.parametrize(
    "params, key",
    [
        ({"medium": "pigeon"}, "medium"),
        ({"from": "2022-02-30"}, "from"),
        ({"from": "2022-03-01", "to": "2022-01-01"}, "to"),
        ({"cursor": "???"}, "cursor"),
        ({"who": "Qqqzzz Xxyy"}, "who"),
        ({"status": "maybe"}, "status"),
        ({"order": "sideways"}, "order"),
        ({"category": "naval"}, "category"),
        ({"official": "<script>"}, "official"),
        ({"topic": "Not A Slug!"}, "topic"),
        ({"medium": [f"m{i}" for i in range(25)]}, "medium"),
        ({"to": "20220101"}, "to"),
        ({"certainty": "maybe"}, "certainty"),
    ],
)
def test_list_events_malformed_is_422(client, record, params, key):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", key] and error["msg"]


@pytest.mark.parametrize("limit", ["0", "201", "x"])
def test_list_events_bad_limit_is_422(client, limit):
    assert client.get(f"/api/events?limit={limit}").status_code == 422


def test_get_event(client, record):
    response = client.get(f"/api/events/{record[0]}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == record[0] and body["title"] == "Call 0" and body["version"] == 1
    assert body["uncertain_reason"] is None
    assert body["sources"][0]["publisher"] == "AP"
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/events/999999").json() == {"detail": "No such event"}


def test_officials_search_finds_misspellings(client, record):
    response = client.get("/api/officials", params={"q": "Wei Fenge"})
    assert response.status_code == 200
    first = response.json()["data"][0]
    assert (first["name"], first["slug"]) == ("Wei Fenghe", "wei-fenghe")
    everyone = client.get("/api/officials").json()["data"]
    assert {o["slug"] for o in everyone} == {"lloyd-austin", "wei-fenghe"}
    assert client.get("/api/officials", params={"q": "zzzzqqq"}).json() == {"data": []}


def test_topics(client, record):
    assert client.get("/api/topics").json() == {
        "data": [{"name": "Taiwan", "slug": "taiwan"}, {"name": "Ukraine", "slug": "ukraine"}]
    }


def test_openapi_documents_the_filters(client):
    spec = client.get("/openapi.json").json()
    names = [p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]]
    assert names == ["limit", "official", "medium", "status", "topic", "category", "from", "to",
                     "q", "certainty", "who", "order", "cursor"]
