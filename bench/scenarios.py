"""What the load benchmark asks for: per scenario, a list of requests built from the database.

Parameters vary within a scenario (officials of every popularity, several search terms, random
events), so a scenario measures the query and not one cached row. Everything here is read with
SQLAlchemy Core, on SQLite and PostgreSQL alike, and is deterministic for a given database.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.models import Event, Official, Participation
from app.services.filters import Cursor
from app.services.officials import load_gazetteer_file


@dataclass(frozen=True)
class Request:
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def line(self) -> str:
        """The tab-separated form bench/wrk/requests.lua reads."""
        headers = "|".join(f"{k}: {v}" for k, v in self.headers.items())
        return "\t".join((self.method, self.path, headers, self.body))


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    server: str  # "app" or "datasette"
    requests: list[Request]
    writes: bool = False
    expect: int = 200
    # The app scenario this Datasette scenario is compared with, and what is compared.
    versus: str | None = None


MEDIUM_TOPICS = [
    ("phone_call", "taiwan"),
    ("in_person_meeting", "south-china-sea"),
    ("video_conference", "crisis-communication"),
    ("phone_call", "military-relations"),
]
MEDIA = ["phone_call", "video_conference", "in_person_meeting", "written"]
# From common to rare in the generated text: a topic word, places, a name, a closing remark.
SEARCH_TERMS = ["taiwan", "singapore", "cyber security", "thaw", "shangri-la", "hotline",
                "maritime", "honolulu"]
# Load more, as htmx asks for it (the link swaps itself for the next page).
LOAD_MORE_HEADERS = {"HX-Request": "true", "HX-Target": "load-more",
                     "HX-Current-URL": "http://127.0.0.1/"}


FULL_PAGE = 51  # events an official needs to fill the first page (50) and have a next one


def spread_officials(engine: Engine, count: int = 12, at_least: int = FULL_PAGE) -> list[str]:
    """Slugs of officials from the most to the least often seen, evenly spread by rank among
    those with a full page of events. A full page at every size, so that 1,000,000 events are
    compared with 10,000 on the same work: at 10,000 most officials have a handful of events,
    and their short pages made the 10,000 figure a page of 3 cards against one of 50."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Official.slug, func.count().label("n"))
            .join(Participation, Participation.official_id == Official.id)
            .group_by(Official.slug)
            .having(func.count() >= at_least)
            .order_by(func.count().desc(), Official.slug)
        ).all()
    if not rows:
        return []
    ranks = sorted({min(len(rows) - 1, int(len(rows) * (i / count) ** 2)) for i in range(count)})
    return [rows[r].slug for r in ranks]


def deep_cursors(engine: Engine) -> list[str]:
    """Cursors half-way, 80% and 95% down the held events, newest first (OFFSET is fine here:
    it runs once, to find where a reader who kept pressing "Load more" would be)."""
    with engine.connect() as conn:
        held = conn.execute(select(func.count()).where(Event.status == "held")).scalar() or 0
        out = []
        for share in (0.5, 0.8, 0.95):
            row = conn.execute(
                select(Event.date, Event.id).where(Event.status == "held")
                .order_by(Event.date.desc(), Event.id.desc())
                .offset(int(held * share)).limit(1)
            ).first()
            if row:
                out.append(Cursor(row.date, row.id).encode())
    return out


def event_ids(engine: Engine, count: int = 500, seed: int = 7) -> list[int]:
    with engine.connect() as conn:
        low, high = conn.execute(select(func.min(Event.id), func.max(Event.id))).one()
    rng = random.Random(seed)
    return [rng.randint(low, high) for _ in range(count)] if low else []


def create_payloads(count: int = 300, seed: int = 11) -> list[str]:
    """Event payloads as the API takes them, with people from the gazetteer and new names."""
    rng = random.Random(seed)
    people = load_gazetteer_file()
    us = [p for p in people if p["country"] == "US"]
    cn = [p for p in people if p["country"] == "CN"]
    out = []
    for i in range(count):
        day = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        a, b = rng.choice(us), rng.choice(cn)
        participants = [
            {"name": a["name"], "side": "US", "title": "Secretary of Defense"},
            {"name": b["name"], "side": "CN", "title": "Minister of National Defense"},
        ]
        if i % 5 == 0:  # now and then someone the record does not know yet
            participants.append({"name": f"Bench Person {seed}-{i}", "side": "US", "title": "Aide"})
        out.append(json.dumps({
            "date": day.isoformat(), "date_precision": "day", "medium": rng.choice(MEDIA),
            "category": "defense", "title": f"{a['name']} and {b['name']} talk",
            "summary": "The two sides discussed maritime safety and crisis communication.",
            "duration_minutes": 45, "initiated_by": "US", "participants": participants,
            "topics": rng.sample(["Taiwan", "South China Sea", "Maritime safety", "Cyber"], 2),
            "sources": [{"url": f"https://news.example.org/bench/{seed}/{i}", "publisher": "AP",
                         "published": day.isoformat(), "kind": "press",
                         "quote": f"{a['name']} spoke with {b['name']}, the Pentagon said."}],
        }))
    return out


MIXED_READS = ("timeline", "timeline_official", "timeline_medium_topic", "event_page",
               "api_events")
WRITE_EVERY = 20  # the mixed scenario: one creation among this many requests


def mixed(reads: list[Request], payloads: list[str]) -> list[Request]:
    """Readers' requests with a creation every WRITE_EVERY-th: each creation commits, so the
    kept answers of the response cache are given up and the next reads render again."""
    out: list[Request] = []
    for i, body in enumerate(payloads):
        out += [reads[(i * (WRITE_EVERY - 1) + j) % len(reads)] for j in range(WRITE_EVERY - 1)]
        out.append(Request("/api/events", "POST", body=body))
    return out


def build(engine: Engine, *, datasette_db: str | None) -> list[Scenario]:
    """Every scenario for the database behind `engine`; Datasette's when `datasette_db` is
    the name Datasette serves the same file under."""
    officials = spread_officials(engine)
    cursors = deep_cursors(engine)
    ids = event_ids(engine)
    q = [t.replace(" ", "+") for t in SEARCH_TERMS]
    app = [
        Scenario("timeline", "Timeline, first page (HTML)", "app", [Request("/")]),
        Scenario("timeline_official", "Timeline filtered by an official", "app",
                 [Request(f"/?official={s}") for s in officials]),
        Scenario("timeline_medium_topic", "Timeline filtered by medium and topic", "app",
                 [Request(f"/?medium={m}&topic={t}") for m, t in MEDIUM_TOPICS]),
        Scenario("timeline_search", "Timeline, text search", "app",
                 [Request(f"/?q={t}") for t in q]),
        Scenario("timeline_deep", "Load more, deep in the timeline (htmx)", "app",
                 [Request(f"/?cursor={c}", headers=LOAD_MORE_HEADERS) for c in cursors]),
        Scenario("event_page", "Event page", "app", [Request(f"/events/{i}") for i in ids]),
        Scenario("api_events", "/api/events, newest 50", "app", [Request("/api/events")]),
        Scenario("api_medium", "/api/events filtered by medium", "app",
                 [Request(f"/api/events?medium={m}") for m in MEDIA]),
        Scenario("api_search", "/api/events, text search", "app",
                 [Request(f"/api/events?q={t}") for t in q]),
        Scenario("create", "POST /api/events (create)", "app",
                 [Request("/api/events", "POST", body=b) for b in create_payloads()],
                 writes=True, expect=201),
    ]
    readers = [r for s in app if s.name in MIXED_READS for r in s.requests[:8]]
    app.append(Scenario("mixed", f"Reads with a creation among every {WRITE_EVERY} requests",
                        "app", mixed(readers, create_payloads(seed=13)), writes=True))
    if not datasette_db:
        return app
    table = f"/{datasette_db}/event"
    newest = "_sort_desc=date&_size=50"
    datasette = [
        Scenario("ds_html", "Datasette table, newest 50 (HTML)", "datasette",
                 [Request(f"{table}?{newest}")], versus="timeline"),
        Scenario("ds_json", "Datasette, newest 50 (JSON)", "datasette",
                 [Request(f"{table}.json?{newest}")], versus="api_events"),
        Scenario("ds_medium", "Datasette filtered by medium (JSON)", "datasette",
                 [Request(f"{table}.json?medium={m}&{newest}") for m in MEDIA], versus="api_medium"),
        Scenario("ds_search", "Datasette full-text search (JSON)", "datasette",
                 [Request(f"{table}.json?_search={t}&{newest}") for t in q], versus="api_search"),
    ]
    return app + datasette
