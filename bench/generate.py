"""A realistic synthetic record of N events, for the load benchmark.

    CONTACTS_DATABASE_URL=sqlite:///bench/.data/x.db python -m bench.generate --events 1000000

The database is built by the migrations, then filled with SQLAlchemy Core executemany in big
transactions (the indexes stay as the migrations make them), so it works on SQLite and
PostgreSQL alike. Officials come from a pool of thousands (plus the shipped gazetteer) with
aliases and a long-tailed popularity; each event has 2-4 participants, 1-3 topics and 1-3
sources with a quote; dates span four decades, denser in recent years; media, statuses and
categories come in realistic shares. The full-text index is filled through the search module,
and the maintained counts are rebuilt at the end (app.services.counts).
The same seed gives the same database.
"""

import argparse
import bisect
import itertools
import random
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.config import get_settings
from app.db import is_sqlite, make_engine
from app.migrate import alembic_config, upgrade
from app.models import Event, EventTopic, Official, OfficialAlias, Participation, Source
from app.services import counts, search
from app.services.event_titles import TitleParticipant, make_title
from app.services.events import search_body
from app.services.officials import import_gazetteer, load_gazetteer_file
from app.services.topics import get_or_create_topic
from app.text import name_key, slugify
from bench import names

# Bump when the data changes shape: cached databases of another version are rebuilt.
GENERATOR_VERSION = 2  # 2: events carry a uuid (migration 0007)
POOL_SIZE = 6000  # synthetic officials, half per side, beside the gazetteer
BATCH = 10_000  # events per executemany
COMMIT_EVERY = 100_000  # events per transaction
FIRST_YEAR, LAST_YEAR = 1986, 2025
FIXED_NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)

MEDIA = {"in_person_meeting": 45, "phone_call": 28, "video_conference": 15, "written": 7, "other": 5}
STATUSES = {"held": 85, "planned": 5, "requested": 3, "declined": 3, "postponed": 2, "cancelled": 2}
CATEGORIES = {"defense": 70, "diplomatic": 18, "leader": 12}
PRECISIONS = {"day": 90, "month": 7, "year": 3}
INITIATORS = {"US": 40, "CN": 25, "unknown": 35}
SOURCE_KINDS = {"press": 55, "us_readout": 25, "cn_readout": 20}
TOPIC_WEIGHTS = {
    "Taiwan": 20, "South China Sea": 16, "Military relations": 18, "Crisis communication": 12,
    "North Korea": 8, "Ukraine": 5, "Nuclear": 6, "Maritime safety": 7, "Cyber": 4,
    "East China Sea": 3, "Space": 2, "COVID-19": 1, "Afghanistan": 2, "Iran": 2,
}
# (US participants, CN participants) -> weight: 2 to 4 people in all.
SIDE_COUNTS = {(1, 1): 50, (2, 1): 16, (1, 2): 14, (2, 2): 14, (3, 1): 3, (1, 3): 3}


class Weighted:
    """random.choices over a fixed table, with the cumulative weights computed once."""

    def __init__(self, table: dict):
        self.values = list(table)
        self.cum = list(itertools.accumulate(table.values()))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random, k: int = 1) -> list:
        return rng.choices(self.values, cum_weights=self.cum, k=k)

    def one(self, rng: random.Random):
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    side: str
    title: str


@dataclass
class Stats:
    events: int = 0
    officials: int = 0
    participations: int = 0
    event_topics: int = 0
    sources: int = 0
    seconds: float = 0.0


def _aliases(rng: random.Random, first: str, rest: str, side: str) -> list[str]:
    """Other spellings: a middle initial, a hyphenated or spaced given name, a dropped letter.
    `rest` is the family name (US) or the given name's syllables joined by a space (CN)."""
    if side == "US":
        out = [f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rest}"]
    else:
        out = [f"{first} {rest.replace(' ', '-')}"]
        rest = rest.replace(" ", "").capitalize()
    if rng.random() < 0.4 and len(rest) > 4:
        i = rng.randrange(1, len(rest) - 1)
        out.append(f"{first} {rest[:i]}{rest[i + 1:]}")  # a common misspelling
    return out


def synthetic_officials(rng: random.Random, size: int, taken: set[str]) -> list[tuple[str, str, list[str]]]:
    """`size` unique (name, side, aliases), half per side, none whose slug is taken."""
    out = []
    for side in ("US", "CN"):
        count = 0
        while count < size // 2:
            if side == "US":
                first, rest = rng.choice(names.US_FIRST), rng.choice(names.US_LAST)
                name = f"{first} {rest}"
            else:
                first, rest = rng.choice(names.CN_SURNAMES), " ".join(rng.sample(names.CN_SYLLABLES, 2))
                name = f"{first} {rest.replace(' ', '').capitalize()}"
            slug = slugify(name)
            if slug in taken:
                continue
            taken.add(slug)
            out.append((name, side, _aliases(rng, first, rest.capitalize(), side)))
            count += 1
    return out


def _insert(conn: Connection, table, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _start_ids(conn: Connection) -> dict[str, int]:
    return {
        table.__tablename__: (conn.execute(select(func.max(table.id))).scalar() or 0) + 1
        for table in (Official, OfficialAlias, Participation, Source)
    }


def build_people(conn: Connection, rng: random.Random, pool_size: int) -> list[Person]:
    """The gazetteer (through the officials service) and a synthetic pool (bulk), as people."""
    with Session(bind=conn) as session:
        import_gazetteer(session)
        session.commit()
    gazetteer = {e["slug"]: e for e in load_gazetteer_file()}
    people = []
    taken = set()
    for official_id, slug, name, country in conn.execute(
        select(Official.id, Official.slug, Official.name, Official.country).order_by(Official.id)
    ):
        taken.add(slug)
        titles = gazetteer.get(slug, {}).get("titles") or [{}]
        default = names.US_TITLES["defense"][0] if country == "US" else names.CN_TITLES["defense"][0]
        people.append(Person(official_id, name, country, titles[0].get("title", default)))
    ids = _start_ids(conn)
    officials, aliases = [], []
    alias_id = ids["official_alias"]
    for n, (name, side, other_names) in enumerate(synthetic_officials(rng, pool_size, taken)):
        official_id = ids["official"] + n
        titles = names.US_TITLES if side == "US" else names.CN_TITLES
        category = Weighted(CATEGORIES).one(rng)
        people.append(Person(official_id, name, side, rng.choice(titles[category])))
        officials.append({"id": official_id, "slug": slugify(name), "name": name, "country": side,
                          "created_at": FIXED_NOW})
        seen = set()
        for alias in [name, *other_names]:
            key = name_key(alias)
            if key and key not in seen:
                seen.add(key)
                aliases.append({"id": alias_id, "official_id": official_id, "alias": alias,
                                "alias_key": key})
                alias_id += 1
    _insert(conn, Official.__table__, officials)
    _insert(conn, OfficialAlias.__table__, aliases)
    return people


def event_dates(rng: random.Random, count: int) -> list[int]:
    """Day ordinals over four decades, more in recent years, mostly in the order they happened
    (ids follow dates, as in a record kept as it goes), with a share recorded late."""
    years = Weighted({y: 1 + (y - FIRST_YEAR) for y in range(FIRST_YEAR, LAST_YEAR + 1)})
    days = sorted(
        date(y, 1, 1).toordinal() + rng.randrange(365) for y in years.pick(rng, count)
    )
    for i in rng.sample(range(count), count // 10):  # backfilled: entered out of order
        j = rng.randrange(count)
        days[i], days[j] = days[j], days[i]
    return days


class EventFactory:
    """Rows of one batch of events: event, participation, event_topic, source, search index."""

    def __init__(self, rng: random.Random, people: list[Person], topics: dict[str, int],
                 start_ids: dict[str, int]):
        self.rng = rng
        by_side = {"US": [p for p in people if p.side == "US"],
                   "CN": [p for p in people if p.side == "CN"]}
        # A long tail: a few officials appear in many contacts, most in a handful.
        self.people = {side: Weighted({p: 1 / (rank + 10) ** 0.9 for rank, p in enumerate(group)})
                       for side, group in by_side.items()}
        self.topics = topics
        self.topic_pick = Weighted(TOPIC_WEIGHTS)
        self.media, self.statuses = Weighted(MEDIA), Weighted(STATUSES)
        self.categories, self.precisions = Weighted(CATEGORIES), Weighted(PRECISIONS)
        self.initiators, self.kinds = Weighted(INITIATORS), Weighted(SOURCE_KINDS)
        self.side_counts = Weighted(SIDE_COUNTS)
        self.next_participation = start_ids["participation"]
        self.next_source = start_ids["source"]

    def batch(self, ids: range, days: list[int]) -> dict[str, list[dict]]:
        rows: dict[str, list[dict]] = {"event": [], "participation": [], "event_topic": [],
                                       "source": [], "search": []}
        for event_id, day in zip(ids, days):
            self._event(rows, event_id, date.fromordinal(day))
        return rows

    def _participants(self) -> list[tuple[Person | None, str, str]]:
        rng = self.rng
        us_k, cn_k = self.side_counts.one(rng)
        out = []
        for side, k in (("US", us_k), ("CN", cn_k)):
            chosen = dict.fromkeys(self.people[side].pick(rng, k))
            for person in chosen:
                if rng.random() < 0.03:  # sources name only a delegation
                    out.append((None, side, names.DELEGATIONS[side]))
                else:
                    out.append((person, side, person.title))
        return out

    def _event(self, rows: dict[str, list[dict]], event_id: int, day: date) -> None:
        rng = self.rng
        medium, status = self.medium_status()
        category, precision = self.categories.one(rng), self.precisions.one(rng)
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        channel = None
        if medium in names.CHANNELS and rng.random() < 0.25:
            channel = rng.choice(names.CHANNELS[medium])
        location = rng.choice(names.LOCATIONS) if medium == "in_person_meeting" and rng.random() < 0.9 else None
        end_date = None
        if medium == "in_person_meeting" and precision == "day" and rng.random() < 0.15:
            end_date = day + timedelta(days=rng.randint(1, 3))
        duration = rng.choice((30, 45, 60, 75, 90, 120)) if medium in ("phone_call", "video_conference") and rng.random() < 0.6 else None
        participants = self._participants()
        topic_names = list(dict.fromkeys(self.topic_pick.pick(rng, rng.choice((1, 1, 2, 2, 3)))))
        title = make_title(
            participants=[TitleParticipant(p.name if p else None, side, t) for p, side, t in participants],
            medium=medium, status=status, location=location, channel=channel,
        )
        us = next(((p, t) for p, s, t in participants if s == "US"), (None, ""))
        cn = next(((p, t) for p, s, t in participants if s == "CN"), (None, ""))
        us_name = f"{us[1]} {us[0].name}" if us[0] else f"A {us[1]}"
        cn_name = f"{cn[1]} {cn[0].name}" if cn[0] else f"a {cn[1]}"
        where = f" in {location.split(',')[0]}" if location else ""
        subjects = " and ".join(names.TOPIC_PHRASES[t] for t in topic_names)
        summary = f"{us_name} {names.VERBS[medium]} {cn_name}{where}. They discussed {subjects}. {rng.choice(names.CLOSERS)}"
        rows["event"].append({
            "id": event_id, "date": day, "end_date": end_date, "date_precision": precision,
            "medium": medium, "channel": channel, "status": status, "category": category,
            "title": title[:300], "summary": summary, "location": location,
            "duration_minutes": duration, "initiated_by": self.initiators.one(rng),
            "uncertain_reason": "Sources disagree on the date." if rng.random() < 0.02 else None,
            "created_at": FIXED_NOW, "updated_at": FIXED_NOW, "version": 1,
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        })
        for position, (person, side, person_title) in enumerate(participants):
            rows["participation"].append({
                "id": self.next_participation, "event_id": event_id,
                "official_id": person.id if person else None, "side": side,
                "title": person_title, "position": position,
            })
            self.next_participation += 1
        for name in topic_names:
            rows["event_topic"].append({"event_id": event_id, "topic_id": self.topics[name]})
        sources = []
        for position in range(rng.choice((1, 1, 1, 2, 2, 3))):
            kind = self.kinds.one(rng)
            publisher = rng.choice(names.PUBLISHERS[kind])
            published = day + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            url = names.URL_PATTERNS[kind].format(y=published.year, m=published.month, d=published.day,
                                                  n=self.next_source * 7 + 1_000_000)
            quote = f"{us_name} {names.VERBS[medium]} {cn_name} on {day:%B} {day.day}, {day.year}{where}, {publisher} said."
            sources.append((publisher, title, quote))
            rows["source"].append({
                "id": self.next_source, "event_id": event_id, "article_id": None, "url": url,
                "publisher": publisher, "published": published, "headline": title[:500],
                "quote": quote, "kind": kind, "position": position,
            })
            self.next_source += 1
        rows["search"].append({
            "id": event_id, "title": title, "summary": summary,
            "body": search_body(
                participants=((p.name if p else None, t) for p, _, t in participants),
                location=location, channel=channel, topics=topic_names, sources=sources,
            ),
        })

    def medium_status(self) -> tuple[str, str]:
        return self.media.one(self.rng), self.statuses.one(self.rng)


def _bulk_pragmas(conn: Connection) -> None:
    """SQLite only: the load is all-or-nothing anyway, so skip fsyncs and use a large cache."""
    if conn.dialect.name == "sqlite":
        for pragma in ("PRAGMA synchronous=OFF", "PRAGMA cache_size=-512000", "PRAGMA temp_store=MEMORY"):
            conn.exec_driver_sql(pragma)


def _finish(conn: Connection) -> None:
    """PostgreSQL: explicit ids leave the sequences behind; move them past the rows, analyse."""
    if conn.dialect.name == "postgresql":
        for table in ("official", "official_alias", "event", "participation", "source"):
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
        conn.execute(text("ANALYZE"))


def generate(url: str, events: int, *, seed: int = 1, pool_size: int = POOL_SIZE,
             progress: bool = True) -> Stats:
    """Migrate `url` and fill it with `events` synthetic events; refuses a database with events."""
    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(seed)
    stats = Stats()
    try:
        with engine.connect() as conn:
            _bulk_pragmas(conn)
            if conn.execute(select(func.count()).select_from(Event)).scalar():
                raise SystemExit(f"{url} already holds events; use --replace to start afresh.")
            conn.commit()
            # Autobegin: each commit() below ends one big transaction and the next statement
            # starts another.
            with Session(bind=conn) as session:
                topics = {name: get_or_create_topic(session, name).id for name in TOPIC_WEIGHTS}
                session.commit()
            people = build_people(conn, rng, pool_size)
            conn.commit()
            stats.officials = len(people)
            factory = EventFactory(rng, people, topics, _start_ids(conn))
            days = event_dates(rng, events)
            for start in range(0, events, BATCH):
                ids = range(start + 1, min(start + BATCH, events) + 1)
                rows = factory.batch(ids, days[start:start + BATCH])
                _insert(conn, Event.__table__, rows["event"])
                _insert(conn, Participation.__table__, rows["participation"])
                _insert(conn, EventTopic.__table__, rows["event_topic"])
                _insert(conn, Source.__table__, rows["source"])
                search.add_to_index(conn, rows["search"])
                stats.events += len(rows["event"])
                stats.participations += len(rows["participation"])
                stats.event_topics += len(rows["event_topic"])
                stats.sources += len(rows["source"])
                if stats.events % COMMIT_EVERY == 0 or stats.events == events:
                    conn.commit()
                    if progress:
                        rate = stats.events / (time.perf_counter() - started)
                        print(f"  {stats.events:>9,} events  ({rate:,.0f}/s)", file=sys.stderr, flush=True)
            _finish(conn)
            conn.commit()
            # The app's maintained counts (the chart's and /stats' tables), as `contacts
            # recount` makes them: else the first chart request would count a million events.
            with Session(bind=conn) as session:
                counts.rebuild(session)
                session.commit()
    finally:
        engine.dispose()
    stats.seconds = time.perf_counter() - started
    return stats


def remove_database(url: str) -> None:
    """SQLite: delete the file (and its WAL); others: downgrade to nothing (then migrate again)."""
    if is_sqlite(url):
        path = Path(make_url(url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        from alembic import command

        command.downgrade(alembic_config(url), "base")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, help="how many events")
    parser.add_argument("--database-url", default=None,
                        help="SQLAlchemy URL (default: CONTACTS_DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--officials", type=int, default=POOL_SIZE, help="synthetic officials")
    parser.add_argument("--replace", action="store_true", help="empty the database first")
    args = parser.parse_args(argv)
    url = args.database_url or get_settings().database_url
    if args.replace:
        remove_database(url)
    stats = generate(url, args.events, seed=args.seed, pool_size=args.officials)
    print(
        f"{stats.events:,} events, {stats.officials:,} officials, {stats.participations:,} "
        f"participants, {stats.event_topics:,} topics, {stats.sources:,} sources "
        f"in {stats.seconds:.1f} s ({stats.events / stats.seconds:,.0f} events/s) into {url}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
