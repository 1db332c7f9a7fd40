"""8 clients create 200 events at once against one uvicorn process (SQLite, WAL): exactly 200
new events, each with its revision, no "database is locked", every 2xx has its event.

The figures (time, requests per second, refusals) go to
test-artifacts/server-figures/concurrent-writes.json; run with -s to see them printed.
"""

import json
import threading
import time

import httpx

from tests.e2e.helpers import ARTIFACTS
from tests.factories import event_payload
from tests.server.helpers import (
    LOAD_EDITOR,
    migrated_database,
    query,
    running_server,
    write_headers,
)

CLIENTS = 8
EVENTS = 200


def payload(client: int, n: int) -> dict:
    # Shared new names make the clients race to create the same officials and topics too.
    return event_payload(
        title=f"Concurrent call {client}-{n}", date=f"2020-{1 + n % 12:02d}-{1 + client:02d}",
        participants=[{"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"},
                      {"name": f"Concurrent Person {n % 5}", "side": "CN", "title": "General"}],
        topics=["Taiwan", f"Concurrent topic {n % 3}"],
    )


def test_eight_clients_create_two_hundred_events(tmp_path):
    url = migrated_database(tmp_path)
    log = tmp_path / "uvicorn.log"
    with running_server(url, log) as server:
        headers = write_headers(server)
        per_client = EVENTS // CLIENTS
        results: list[tuple[int, int | None, str]] = []
        lock = threading.Lock()
        start_line = threading.Barrier(CLIENTS)

        def work(client: int) -> None:
            with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
                start_line.wait()
                for n in range(per_client):
                    response = http.post("/api/events", json=payload(client, n))
                    event_id = response.json().get("id") if response.is_success else None
                    with lock:
                        results.append((response.status_code, event_id, response.text[:300]))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(CLIENTS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started

        refused = [(status, text) for status, _, text in results if status != 201]
        ids = [event_id for status, event_id, _ in results if status == 201]
        with httpx.Client(base_url=server.url) as http:
            listed = http.get("/api/events", params={"limit": 1}).json()["count"]
            missing = [i for i in ids if http.get(f"/api/events/{i}").status_code != 200]

    server_log = log.read_text(errors="replace")
    (ARTIFACTS / "server-logs").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "server-logs" / "concurrent-writes.log").write_text(server_log)
    figures = {"clients": CLIENTS, "requests": len(results), "created": len(ids),
               "refused": len(refused), "client_retries": 0, "seconds": round(elapsed, 2),
               "requests_per_second": round(len(results) / elapsed, 1)}
    (ARTIFACTS / "server-figures").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "server-figures" / "concurrent-writes.json").write_text(json.dumps(figures))
    print("\nconcurrent writes:", figures)

    assert refused == [], refused[:3]
    assert len(ids) == EVENTS == len(set(ids))
    assert missing == []
    assert listed == EVENTS
    assert query(url, "SELECT count(*) FROM event")[0][0] == EVENTS
    assert query(url, "SELECT count(DISTINCT entity_id) FROM revision WHERE action = 'create'"
                 )[0][0] == EVENTS
    assert query(url, "SELECT DISTINCT editor FROM revision") == [(LOAD_EDITOR,)]
    # The racing clients created each shared person once.
    assert query(url, "SELECT count(*) FROM official WHERE name LIKE 'Concurrent Person %'"
                 )[0][0] == 5
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log


def test_racing_edits_of_one_version_exactly_one_wins(tmp_path):
    """8 clients save over version 1 of one event at the same moment: one 200, seven 409 that
    say what the winner changed; one update in the history."""
    url = migrated_database(tmp_path)
    with running_server(url, tmp_path / "uvicorn.log") as server:
        headers = write_headers(server)
        with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
            event = http.post("/api/events", json=payload(0, 0)).json()
        start_line = threading.Barrier(CLIENTS)
        answers: list[httpx.Response] = []

        def save(client: int) -> None:
            with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
                start_line.wait()
                answers.append(http.put(f"/api/events/{event['id']}", json=event_payload(
                    title=f"Racing edit {client}", version=1)))

        threads = [threading.Thread(target=save, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [409] * (CLIENTS - 1)
    winner = next(a for a in answers if a.status_code == 200).json()["title"]
    for refused in (a.json() for a in answers if a.status_code == 409):
        assert refused["current"]["title"] == winner
        assert any(c["field"] == "title" and c["after"] == winner for c in refused["changes"])
    assert query(url, "SELECT action, version FROM revision ORDER BY id") == [("create", 1),
                                                                            ("update", 2)]
