"""`contacts import FILE`: CSV or the JSON dump back into the database, all or nothing.

Every row is validated first, with the API's own EventCreate; a file with a bad row imports
nothing (the bad rows are reported by number, with the reason) unless `skip_bad` says to import
the good ones. Importing adds and never overwrites: an event whose `uuid` the database already
has is skipped, and so is a row without a uuid whose content key (day, medium, status, people:
app.services.exports.content_key) matches an event already there or earlier in the file. So the
same file imported twice creates nothing the second time.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlmodel import Session, col, select

from app.domain import Side
from app.models import Event
from app.schemas import EventCreate, PeriodIn
from app.services.events import create_event, load_events
from app.services.exports import (
    DUMP_FORMAT,
    DUMP_VERSION,
    EVENT_SCALARS,
    content_key,
    event_key,
    restore,
    split_topics,
)
from app.services.officials import add_alias, create_official, official_by_slug
from app.services.periods import create_period, find_period
from app.services.topics import get_or_create_topic

UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
BATCH = 500
_PERSON = re.compile(r"^(?P<name>.*?)\s*\((?P<title>[^()]*)\)$")


class ImportedEvent(EventCreate):
    """An event as an export writes it: the payload of POST /api/events, and its identity."""

    uuid: Annotated[str, StringConstraints(pattern=UUID)] | None = None
    id: int | None = Field(default=None,
                           description="The id in the database it came from; not kept")
    key: str | None = Field(default=None, description="Recomputed on import")
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = Field(default=None, ge=1)

    def command(self) -> EventCreate:
        return EventCreate.model_validate(self.model_dump(include=set(EventCreate.model_fields)))

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
    bad: list[BadRow] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    officials: int = 0
    periods: int = 0
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
    plan = ImportPlan()
    sections = (("official", "officials", ImportedOfficial), ("topic", "topics", ImportedTopic),
                ("period", "periods", PeriodIn), ("event", "events", ImportedEvent))
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


def _write_event(session: Session, item: ImportedEvent) -> None:
    created = create_event(session=session, data=item.command(), commit=False)
    event = session.get(Event, created.id)
    for key in ("uuid", "created_at", "updated_at", "version"):
        value = getattr(item, key)
        if value is not None:
            setattr(event, key, value)
    session.flush()


def apply_import(*, session: Session, plan: ImportPlan, skip_bad: bool = False,
                 editor=None) -> ImportReport:
    """Write the plan in one transaction. Raises ImportRefused (writing nothing) when the plan
    has bad rows and `skip_bad` is false."""
    if plan.bad and not skip_bad:
        raise ImportRefused(plan.bad)
    report = ImportReport(bad=list(plan.bad))
    try:
        report.officials = _import_officials(session, plan.officials)
        for topic in plan.topics:
            get_or_create_topic(session, topic.name)
        for period in plan.periods:
            if find_period(session=session, name=period.name, start=period.start) is None:
                create_period(session=session, data=period, editor=editor, commit=False)
                report.periods += 1
        known_uuids = _existing_uuids(session, [e.uuid for _, e in plan.events if e.uuid])
        known_keys = _existing_keys(session, [e.date for _, e in plan.events if not e.uuid])
        for _, item in plan.events:
            key = item.content_key
            if (item.uuid and item.uuid in known_uuids) or (not item.uuid and key in known_keys):
                report.duplicates += 1
                continue
            _write_event(session, item)
            report.created += 1
            if item.uuid:
                known_uuids.add(item.uuid)
            known_keys.add(key)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report
