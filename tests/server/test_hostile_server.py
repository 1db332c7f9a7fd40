"""Hostile input against a real uvicorn process, on every backend: racing writes to one event
(exactly one wins, the others are refused, the history tells one story) and the inputs the
review found failing with a 500 on PostgreSQL, which also dropped the keep-alive connection."""

import threading
from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from app.services.editors import create_api_token, create_editor, random_password
from tests.factories import event_payload
from tests.server.helpers import running_server

CLIENTS = 8


@pytest.fixture
def server(db_url, session, tmp_path):
    create_editor(session=session, username="hostile", password=random_password())
    token = create_api_token(session=session, username="hostile")
    with running_server(db_url, tmp_path / "uvicorn.log") as live:
        live.headers = {"Authorization": f"Bearer {token}"}
        yield live


def race(server, request: Callable[[httpx.Client, int], httpx.Response]) -> list[httpx.Response]:
    """CLIENTS clients send their request at the same moment, each on its own connection."""
    start_line = threading.Barrier(CLIENTS)
    answers: list[httpx.Response] = []

    def send(client: int) -> None:
        with httpx.Client(base_url=server.url, headers=server.headers, timeout=60) as http:
            start_line.wait()
            answers.append(request(http, client))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def history(http: httpx.Client, event_id: int) -> list[tuple[str, int]]:
    data = http.get(f"/api/events/{event_id}/history").json()["data"]
    return [(r["action"], r["version"]) for r in reversed(data)]


def test_racing_updates_deletes_and_restores_of_one_event(server):
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=60) as http:
        event = http.post("/api/events", json=event_payload()).json()
        eid = event["id"]

        updates = race(server, lambda h, i: h.put(f"/api/events/{eid}", json=event_payload(
            title=f"Racing edit {i}", version=1)))
        assert Counter(a.status_code for a in updates) == {200: 1, 409: CLIENTS - 1}
        winner = next(a.json() for a in updates if a.status_code == 200)
        assert http.get(f"/api/events/{eid}").json()["title"] == winner["title"]

        deletes = race(server, lambda h, i: h.delete(f"/api/events/{eid}"))
        assert Counter(a.status_code for a in deletes) == {204: 1, 410: CLIENTS - 1}

        restores = race(server, lambda h, i: h.post(f"/api/events/{eid}/restore",
                                                    json={"version": 3, "revision_id": None}))
        statuses = Counter(a.status_code for a in restores)
        assert statuses[200] == 1 and statuses[200] + statuses[400] + statuses[409] == CLIENTS
        assert history(http, eid) == [("create", 1), ("update", 2), ("delete", 3),
                                      ("restore", 4)]
        assert http.get(f"/api/events/{eid}").json()["title"] == winner["title"]


def test_racing_merges_into_one_event_merge_one(server):
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=60) as http:
        survivor = http.post("/api/events", json=event_payload()).json()
        others = [http.post("/api/events", json=event_payload(title=f"Other {i}")).json()
                  for i in range(CLIENTS)]
        merges = race(server, lambda h, i: h.post(
            f"/api/events/{survivor['id']}/merge",
            json={"other_id": others[i]["id"], "version": 1, "other_version": 1}))
        assert Counter(a.status_code for a in merges) == {200: 1, 409: CLIENTS - 1}
        gone = [o["id"] for o in others if http.get(f"/api/events/{o['id']}").status_code == 410]
        assert len(gone) == 1
        assert history(http, survivor["id"]) == [("create", 1), ("merge", 2)]


# (method, path, body, the answer now: "refused" is a 4xx, a number that status)
ONCE_A_500 = [
    ("POST", "/api/events", event_payload(title="a\x00b"), "refused"),
    ("POST", "/api/events", event_payload(participants=[{"name": "A\x00B", "side": "US"}]),
     "refused"),
    ("GET", f"/api/events/{2**31}", None, "refused"),
    ("GET", f"/events/{2**31}", None, "refused"),
    ("POST", "/api/events", event_payload(date="9999-12-31"), "refused"),
    ("GET", "/stats?from=9999-12-31", None, 200),  # the month after it: now none is needed
]


def test_inputs_that_were_a_500_are_answered_and_the_connection_lives_on(server):
    with httpx.Client(base_url=server.url, headers=server.headers, timeout=60) as http:
        for method, path, body, answer in ONCE_A_500:
            response = http.request(method, path, json=body)
            if answer == "refused":
                assert 400 <= response.status_code < 500, (path, response.text)
            else:
                assert response.status_code == answer, (path, response.text)
            # The same keep-alive connection still answers: after a 500 it was closed.
            assert http.get("/healthz").status_code == 200
        assert http.get("/api/events").json()["count"] == 0


def test_a_chunked_json_body_past_the_limit_is_refused_and_changes_nothing(server):
    """Without a Content-Length the size is known only while reading: reading stops past the
    limit with a 413, nothing is created, and the connection still answers."""
    from app.limits import MAX_JSON_BYTES
    chunk = b"x" * 65_536

    def body():  # an iterator: httpx sends it chunked, with no Content-Length
        yield b'{"title": "'
        for _ in range(MAX_JSON_BYTES // len(chunk) + 2):
            yield chunk
        yield b'"}'

    with httpx.Client(base_url=server.url, headers=server.headers, timeout=60) as http:
        before = http.get("/api/events", params={"status": "held"}).json()["count"]
        for path in ("/api/events", "/api/extract"):
            response = http.post(path, content=body(), headers={"Content-Type": "application/json"})
            assert response.status_code == 413, (path, response.text[:200])
            assert "larger than 4 MB" in response.json()["detail"]
            assert response.headers["x-content-type-options"] == "nosniff"  # still our headers
        assert http.get("/api/events", params={"status": "held"}).json()["count"] == before
        assert http.post("/api/events", json=event_payload()).status_code == 201
