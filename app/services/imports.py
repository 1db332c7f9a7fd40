"""`contacts import FILE`: CSV or the JSON dump back into the database, all or nothing.

Every row is validated first, with the API's own EventCreate; a file with a bad row imports
nothing (the bad rows are reported by number, with the reason) unless `skip_bad` says to import
the good ones. Importing adds and never overwrites: an event whose `uuid` the database already
has is skipped, and so is a row without a uuid whose content key (day, medium, status, people:
app.services.exports.content_key) matches an event already there or earlier in the file. So the
same file imported twice creates nothing the second time.

A full dump (app.services.exports.full_dump) imported into an empty database (no events,
revisions or articles) is restored as it was: the same ids, uuids, versions and times, deleted
events still deleted (merge pointers kept), sources linked to their articles, and every revision.
Into a database that has a record already, a full dump adds like any other file: new events
only, deleted ones skipped, history not brought in (each added event's history starts with
its import).
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import text
from sqlmodel import Session, col, func, select

from app.domain import Side
from app.limits import MAX_SOURCES
from app.models import Article, Event, Revision, Source
from app.schemas import EventCreate, PeriodIn, SourceIn
from app.services import counts, search
from app.services.events import (
    _apply_fields,
    _write_children,
    create_event,
    load_events,
    search_body,
)
from app.services.exports import (
    DUMP_FORMAT,
    DUMP_VERSION,
    EVENT_SCALARS,
    FULL,
    content_key,
    event_key,
    restore,
    split_topics,
)
from app.services.officials import add_alias, create_official, official_by_slug
from app.services.periods import create_period, find_period
from app.services.revisions import insert_revisions, source_key
from app.services.topics import get_or_create_topic

UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
BATCH = 500
_PERSON = re.compile(r"^(?P<name>.*?)\s*\((?P<title>[^()]*)\)$")


class ImportedSource(SourceIn):
    article_id: int | None = Field(default=None, ge=1,
                                   description="The stored article it links (a full dump)")


class ImportedEvent(EventCreate):
    """An event as an export writes it: the payload of POST /api/events, and its identity."""

    uuid: Annotated[str, StringConstraints(pattern=UUID)] | None = None
    id: int | None = Field(default=None, ge=1,
                           description="The id in the database it came from; kept only when "
                                       "a full dump is restored into an empty database")
    key: str | None = Field(default=None, description="Recomputed on import")
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = Field(default=None, ge=1)
    sources: list[ImportedSource] = Field(default_factory=list, max_length=MAX_SOURCES)
    deleted_at: datetime | None = None
    merged_into: int | None = Field(default=None, ge=1)

    def command(self) -> EventCreate:
        data = self.model_dump(include=set(EventCreate.model_fields))
        for source in data["sources"]:
            source.pop("article_id")
        return EventCreate.model_validate(data)

    @property
    def content_key(self) -> str:
        return content_key(date=self.date, medium=self.medium.value, status=self.status.value,
                           participants=[p.model_dump() for p in self.participants])


class ImportedOfficial(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,119}$")]
    country: Side
    aliases: list[Annotated[str, StringConstraints(max_length=200)]] = Field(default_factory=list)


class ImportedArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int = Field(ge=1)
    content_hash: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    title: Annotated[str, StringConstraints(max_length=500)] = ""
    text: str
    publisher: Annotated[str, StringConstraints(max_length=200)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    published: date | None = None
    created_at: datetime | None = None


class ImportedRevision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int = Field(ge=1)
    entity_type: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    entity_id: int = Field(ge=1)
    action: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    editor: Annotated[str, StringConstraints(max_length=200)]
    created_at: datetime
    version: int | None = None
    note: Annotated[str, StringConstraints(max_length=500)] | None = None
    related_id: int | None = None
    before: dict | None = None
    after: dict | None = None


class ImportedTopic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    slug: str | None = None


@dataclass(frozen=True)
class BadRow:
    where: str  # "line 4" (CSV), "event 2", "official 7", "period 1" (JSON)
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ImportPlan:
    events: list[tuple[str, ImportedEvent]] = field(default_factory=list)
    officials: list[ImportedOfficial] = field(default_factory=list)
    topics: list[ImportedTopic] = field(default_factory=list)
    periods: list[PeriodIn] = field(default_factory=list)
    articles: list[ImportedArticle] = field(default_factory=list)
    revisions: list[ImportedRevision] = field(default_factory=list)
    scope: str = "filtered"  # or "full": a full dump (app.services.exports.full_dump)
    bad: list[BadRow] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    officials: int = 0
    periods: int = 0
    restored: bool = False  # a full dump restored as it was, ids and history included
    deleted: int = 0  # deleted events restored (full dump) or skipped (any other import)
    revisions: int = 0
    articles: int = 0
    bad: list[BadRow] = field(default_factory=list)


class UnreadableFile(Exception):
    """The file cannot be read at all (not CSV or JSON, a missing column, another format)."""


class ImportRefused(Exception):
    """Bad rows and no `skip_bad`: nothing was imported."""

    def __init__(self, bad: list[BadRow]):
        super().__init__(f"{len(bad)} bad row{'s' if len(bad) != 1 else ''}; nothing was imported")
        self.bad = bad


def explain(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(x) for x in e['loc']) or 'row'}: {e['msg']}" for e in exc.errors()[:5]
    )


def _validated(plan: ImportPlan, where: str, model: type[BaseModel], data) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        plan.bad.append(BadRow(where, explain(exc)))
        return None


# --- reading ----------------------------------------------------------------------------------


def read_import(path: Path) -> ImportPlan:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"cannot read {path}: {exc}") from exc
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return parse_json(text)
    return parse_csv(text)


def parse_json(text: str) -> ImportPlan:
    try:
        dump = json.loads(text)
    except ValueError as exc:
        raise UnreadableFile(f"not valid JSON: {exc}") from exc
    if not isinstance(dump, dict) or dump.get("format") != DUMP_FORMAT:
        raise UnreadableFile(f"not a {DUMP_FORMAT} dump (no \"format\": \"{DUMP_FORMAT}\")")
    if not isinstance(dump.get("version"), int) or dump["version"] > DUMP_VERSION:
        raise UnreadableFile(f"dump version {dump.get('version')!r}: this app reads up to "
                           f"{DUMP_VERSION}")
    plan = ImportPlan(scope=FULL if dump.get("scope") == FULL else "filtered")
    sections = (("official", "officials", ImportedOfficial), ("topic", "topics", ImportedTopic),
                ("period", "periods", PeriodIn), ("article", "articles", ImportedArticle),
                ("event", "events", ImportedEvent), ("revision", "revisions", ImportedRevision))
    for noun, key, model in sections:
        items = dump.get(key, [])
        if not isinstance(items, list):
            raise UnreadableFile(f'"{key}" must be a list')
        for n, item in enumerate(items, start=1):
            valid = _validated(plan, f"{noun} {n}", model, item)
            if valid is None:
                continue
            if noun == "event":
                plan.events.append((f"event {n}", valid))
            else:
                getattr(plan, key).append(valid)
    return plan


def _people_cell(text: str, side: str) -> list[dict]:
    """'Lloyd Austin (Secretary of Defense); Wei Fenghe' -> participants of one side."""
    out = []
    for part in (p.strip() for p in text.split(";")):
        if part:
            match = _PERSON.match(part)
            name, title = (match["name"], match["title"]) if match else (part, "")
            out.append({"name": name or None, "side": side, "title": title})
    return out


def csv_payload(row: dict[str, str]) -> dict:
    """A CSV row (neutralised cells restored) -> the dict ImportedEvent validates."""
    cells = {k: restore(v) for k, v in row.items() if k and v is not None}
    data: dict = {k: cells[k] for k in (*EVENT_SCALARS, "uuid", "created_at", "updated_at",
                                        "version") if cells.get(k, "").strip()}
    if cells.get("participants", "").strip():
        data["participants"] = json.loads(cells["participants"])
    else:
        data["participants"] = (_people_cell(cells.get("us", ""), "US")
                                + _people_cell(cells.get("cn", ""), "CN"))
    if cells.get("sources", "").strip():
        data["sources"] = json.loads(cells["sources"])
    data["topics"] = split_topics(cells.get("topics", ""))
    return data


def parse_csv(text: str) -> ImportPlan:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile("the file is empty") from None
    except csv.Error as exc:
        raise UnreadableFile(f"not valid CSV: {exc}") from exc
    header = [h.strip() for h in header]
    missing = [c for c in ("date", "medium", "title") if c not in header]
    if missing:
        raise UnreadableFile(f"the header lacks the column(s): {', '.join(missing)}")
    plan = ImportPlan()
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            plan.bad.append(BadRow(f"line {line}", f"not valid CSV: {exc}"))
            break
        if not any(c.strip() for c in cells):
            continue
        where = f"line {line}"
        if len(cells) > len(header):
            plan.bad.append(BadRow(where, f"{len(cells)} cells for {len(header)} columns"))
            continue
        try:
            data = csv_payload(dict(zip(header, cells)))
        except ValueError as exc:  # a JSON cell that is not JSON
            plan.bad.append(BadRow(where, f"a participants, topics or sources cell is not valid "
                                          f"JSON: {exc}"))
            continue
        event = _validated(plan, where, ImportedEvent, data)
        if event is not None:
            plan.events.append((where, event))
    return plan


# --- writing ----------------------------------------------------------------------------------


def _existing_uuids(session: Session, uuids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(uuids), BATCH):
        found.update(session.exec(
            select(Event.uuid).where(col(Event.uuid).in_(uuids[i:i + BATCH]))).all())
    return found


def _existing_keys(session: Session, days: Iterable) -> set[str]:
    """The content keys of the events already on these days."""
    days = sorted(set(days))
    keys: set[str] = set()
    for i in range(0, len(days), BATCH):
        ids = session.exec(select(Event.id).where(col(Event.date).in_(days[i:i + BATCH]))).all()
        for j in range(0, len(ids), BATCH):
            keys.update(event_key(e) for e in load_events(session, ids[j:j + BATCH]))
    return keys


def _import_officials(session: Session, officials: list[ImportedOfficial]) -> int:
    created = 0
    for o in officials:
        official = official_by_slug(session, o.slug)
        if official is None:
            official = create_official(session, name=o.name, country=o.country.value,
                                       slug=o.slug)
            created += 1
        for alias in o.aliases:
            add_alias(session, official, alias)
    session.flush()
    return created


def _write_event(session: Session, item: ImportedEvent, articles: dict[int, int]) -> None:
    """A new event through create_event (its history starts here), identity and times kept,
    its sources linked to the articles imported with it (`articles`: file id -> id here)."""
    created = create_event(session=session, data=item.command(), commit=False)
    event = session.get(Event, created.id)
    for key in ("uuid", "created_at", "updated_at", "version"):
        value = getattr(item, key)
        if value is not None:
            setattr(event, key, value)
    rows = session.exec(select(Source).where(Source.event_id == event.id)
                        .order_by(Source.position)).all()
    for row, source in zip(rows, item.sources, strict=True):
        row.article_id = articles.get(source.article_id) if source.article_id else None
    session.flush()


def _add_articles(session: Session, articles: list[ImportedArticle]) -> dict[int, int]:
    """Articles not here yet (by content hash); returns the file's id -> the id here."""
    ids = {}
    for a in articles:
        known = session.exec(select(Article.id).where(Article.content_hash == a.content_hash)
                             ).first()
        if known is None:
            row = Article(**a.model_dump(exclude={"id", "created_at"}))
            if a.created_at:
                row.created_at = a.created_at
            session.add(row)
            session.flush()
            known = row.id
        ids[a.id] = known
    return ids


def is_empty(session: Session) -> bool:
    """No events, revisions or articles: a full dump can be restored with its own ids."""
    return all(session.exec(select(func.count()).select_from(model)).one() == 0
               for model in (Event, Revision, Article))


def _restore_full(session: Session, plan: ImportPlan, report: ImportReport) -> None:
    """The dump's events, articles and revisions as they were: same ids, versions, times and
    deleted state. The officials, topics and periods are written by the caller first."""
    missing = [where for where, e in plan.events if e.id is None or e.uuid is None]
    if missing:
        raise ImportRefused([BadRow(w, "a full dump's event needs its id and uuid")
                             for w in missing])
    for a in plan.articles:
        session.add(Article(**a.model_dump(exclude_none=True)))
    session.flush()
    report.articles = len(plan.articles)
    for i in range(0, len(plan.events), BATCH):
        chunk = [e for _, e in plan.events[i:i + BATCH]]
        for item in chunk:
            event = Event(id=item.id, uuid=item.uuid, deleted_at=item.deleted_at,
                          merged_into_id=item.merged_into, version=item.version or 1,
                          title=item.title, date=item.date, medium=item.medium.value)
            _apply_fields(event, item)
            for key in ("created_at", "updated_at"):
                if getattr(item, key) is not None:
                    setattr(event, key, getattr(item, key))
            session.add(event)
            session.flush()
            links = {source_key(s.model_dump()): s.article_id for s in item.sources
                     if s.article_id}
            _write_children(session, event.id, item.command(), articles=links)
        live = [e.id for e in chunk if e.deleted_at is None]
        search.add_to_index(session, [
            {"id": v.id, "title": v.title, "summary": v.summary,
             "body": search_body(participants=((p.name, p.title) for p in v.participants),
                                 location=v.location, channel=v.channel, topics=v.topics,
                                 sources=((s.publisher, s.headline, s.quote)
                                          for s in v.sources))}
            for v in load_events(session, live)])
        report.created += len(chunk)
        report.deleted += len(chunk) - len(live)
    report.revisions = insert_revisions(
        session, rows=[r.model_dump() for r in plan.revisions])
    counts.rebuild(session)
    _move_sequences_past(session, ("event", "article", "revision"))
    report.restored = True


def _move_sequences_past(session: Session, tables: tuple[str, ...]) -> None:
    """PostgreSQL: rows inserted with their own ids leave the id sequences behind; the next
    row would take an id that exists. (SQLite takes max(id) + 1 by itself.)"""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table}"))


def apply_import(*, session: Session, plan: ImportPlan, skip_bad: bool = False,
                 editor=None) -> ImportReport:
    """Write the plan in one transaction. Raises ImportRefused (writing nothing) when the plan
    has bad rows and `skip_bad` is false."""
    if plan.bad and not skip_bad:
        raise ImportRefused(plan.bad)
    report = ImportReport(bad=list(plan.bad))
    try:
        restoring = plan.scope == FULL and is_empty(session)
        report.officials = _import_officials(session, plan.officials)
        for topic in plan.topics:
            get_or_create_topic(session, topic.name)
        for period in plan.periods:
            if find_period(session=session, name=period.name, start=period.start) is None:
                create_period(session=session, data=period, editor=editor, commit=False)
                report.periods += 1
        if restoring:
            _restore_full(session, plan, report)
            session.commit()
            return report
        articles = _add_articles(session, plan.articles)
        known_uuids = _existing_uuids(session, [e.uuid for _, e in plan.events if e.uuid])
        known_keys = _existing_keys(session, [e.date for _, e in plan.events if not e.uuid])
        for _, item in plan.events:
            if item.deleted_at is not None:
                report.deleted += 1  # not brought back unasked into a record that has one
                continue
            key = item.content_key
            if (item.uuid and item.uuid in known_uuids) or (not item.uuid and key in known_keys):
                report.duplicates += 1
                continue
            _write_event(session, item, articles)
            report.created += 1
            if item.uuid:
                known_uuids.add(item.uuid)
            known_keys.add(key)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report
