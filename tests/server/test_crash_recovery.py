"""The server killed with SIGKILL in the middle of a write load, then restarted: the database
passes PRAGMA integrity_check, and every write acknowledged with a 2xx is there with its
revision. CRASH_ROUNDS (default 2) sets how many kill-and-restart rounds one run does; the
figures go to test-artifacts/server-figures/crash-recovery.json.
"""

import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field

import httpx

from tests.e2e.helpers import ARTIFACTS
from tests.factories import event_payload
from tests.server.helpers import migrated_database, query, running_server, write_headers

WRITERS = 6
KILL_AFTER_ACKS = 40  # kill once this many writes of the round were acknowledged...
KILL_AFTER_SECONDS = 8.0  # ...or after this long, whichever comes first
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "2"))


@dataclass
class Acks:
    """Writes the server acknowledged: created ids, and (id, version) of each edit and delete."""

    created: list[int] = field(default_factory=list)
    versions: list[tuple[int, int, str]] = field(default_factory=list)  # id, version, action
    errors: list[str] = field(default_factory=list)
    deleting: set[int] = field(default_factory=set)  # deletes sent, acknowledged or not
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.versions)


def write_load(base_url: str, headers: dict, acks: Acks, stop: threading.Event, seed: int):
    """Create events, edit and delete some of them, until the server dies or `stop` is set."""
    rng = random.Random(seed)
    mine: dict[int, int] = {}  # event id -> version
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as http:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                if mine and rng.random() < 0.3:
                    event_id, version = rng.choice(list(mine.items()))
                    if rng.random() < 0.2:
                        with acks.lock:
                            acks.deleting.add(event_id)
                        response = http.delete(f"/api/events/{event_id}")
                        if response.status_code == 204:
                            mine.pop(event_id)
                            with acks.lock:
                                acks.versions.append((event_id, version + 1, "delete"))
                        continue
                    response = http.put(f"/api/events/{event_id}", json=event_payload(
                        title=f"Edited {seed}-{n}", version=version))
                    if response.status_code == 200:
                        mine[event_id] = response.json()["version"]
                        with acks.lock:
                            acks.versions.append((event_id, mine[event_id], "update"))
                else:
                    response = http.post("/api/events", json=event_payload(
                        title=f"Crash load {seed}-{n}", topics=["Taiwan", f"Load {n % 4}"]))
                    if response.status_code == 201:
                        body = response.json()
                        mine[body["id"]] = body["version"]
                        with acks.lock:
                            acks.created.append(body["id"])
                if response.status_code >= 500:
                    with acks.lock:
                        acks.errors.append(response.text[:200])
            except httpx.HTTPError:
                return  # the server is gone: what was acknowledged is what counts


def check_acknowledged(url: str, acks: Acks) -> None:
    assert query(url, "PRAGMA integrity_check") == [("ok",)]
    assert query(url, "PRAGMA foreign_key_check") == []
    events = dict(query(url, "SELECT id, version FROM event"))
    creates = {r[0] for r in query(url, "SELECT entity_id FROM revision WHERE action = 'create'")}
    revised = set(query(url, "SELECT entity_id, version, action FROM revision"))
    missing = [i for i in acks.created if i not in events or i not in creates]
    assert missing == [], f"acknowledged creates lost: {missing[:10]}"
    lost = [v for v in acks.versions if v not in revised or events.get(v[0], 0) < v[1]]
    assert lost == [], f"acknowledged edits or deletes lost: {lost[:10]}"
    # Every event has a revision for its current version: no change without its history.
    unrecorded = [i for i, version in events.items()
                  if not any(r[0] == i and r[1] == version for r in revised)]
    assert unrecorded == []


def test_sigkill_during_writes_loses_no_acknowledged_write(tmp_path):
    url = migrated_database(tmp_path)
    acks = Acks()
    figures = []
    for round_ in range(ROUNDS):
        log = tmp_path / f"uvicorn-{round_}.log"
        with running_server(url, log) as server:
            stop = threading.Event()
            before = acks.count
            writers = [threading.Thread(target=write_load,
                                        args=(server.url, write_headers(server), acks, stop,
                                              round_ * 100 + i))
                       for i in range(WRITERS)]
            for w in writers:
                w.start()
            started = time.monotonic()
            while (acks.count - before < KILL_AFTER_ACKS
                   and time.monotonic() - started < KILL_AFTER_SECONDS):
                time.sleep(0.01)
            server.process.send_signal(signal.SIGKILL)  # mid-write: the writers are still going
            server.process.wait()
            stop.set()
            for w in writers:
                w.join()
            figures.append({"round": round_ + 1, "acknowledged": acks.count - before,
                            "seconds_before_kill": round(time.monotonic() - started, 2)})
        check_acknowledged(url, acks)
        # Restarted on the same file, the server serves every acknowledged write.
        with running_server(url, tmp_path / f"uvicorn-{round_}-restart.log") as server:
            with httpx.Client(base_url=server.url) as http:
                deleted = {v[0] for v in acks.versions if v[2] == "delete"}
                for event_id in acks.created:
                    # A delete the kill cut off before its answer may or may not have committed.
                    expected = ({410} if event_id in deleted else
                                {200, 410} if event_id in acks.deleting else {200})
                    assert http.get(f"/api/events/{event_id}").status_code in expected
    assert acks.errors == []
    events = query(url, "SELECT count(*) FROM event")[0][0]
    revisions = query(url, "SELECT count(*) FROM revision")[0][0]
    # Writes that were committed but whose answer the kill cut off: proof it hit mid-request.
    summary = {"rounds": figures, "events": events, "revisions": revisions,
               "acknowledged_writes": acks.count,
               "committed_but_unacknowledged": revisions - acks.count}
    (ARTIFACTS / "server-figures").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "server-figures" / "crash-recovery.json").write_text(json.dumps(summary))
    print("\ncrash recovery:", summary)
