"""Exports: CSV and JSON of the events a filter selects, and the full dump of the database;
streamed in chunks.

The JSON files are dumps that `contacts import` reads back: one object with a format name, a
format version and named sections. Two scopes:
- filtered (version 1; /export/events.json, `contacts export` with a filter): officials with
  aliases, topics, periods, and the live events the filter selects;
- full (version 2, `"scope": "full"`; `contacts export --format json` with no filter): the
  whole record, every event INCLUDING deleted ones (`deleted_at`, and `merged_into` for one a
  merge folded into another), each source's `article_id`, the articles (text and metadata) and
  every revision (the history, with editor names). Never editors' password hashes, sessions or
  tokens. Imported into an empty database it recreates the record with the same ids.
Every event carries its `uuid` (its identity across databases) and a content `key` (date,
medium, status and who took part: what identifies a contact in a file written by hand).
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone

from sqlmodel import Session, col, select

from app.models import Article, Event, Official, OfficialAlias, Source
from app.schemas import EventPublic
from app.services.events import load_events
from app.services.filters import TimelineFilter
from app.services.periods import list_periods
from app.services.revisions import list_revisions
from app.services.timeline import iter_event_chunks
from app.services.topics import list_topics
from app.text import name_key

DUMP_FORMAT = "contacts-timeline"
DUMP_VERSION = 2  # the newest a reader understands: the full dump's
FILTERED_VERSION = 1
FULL = "full"
CHUNK = 500
ARTICLE_FIELDS = ("id", "content_hash", "title", "text", "publisher", "url", "published",
                  "created_at")

EVENT_SCALARS = (
    "date", "date_precision", "end_date", "medium", "channel", "status", "category", "title",
    "summary", "location", "duration_minutes", "initiated_by", "uncertain_reason",
)
CSV_COLUMNS = (
    "uuid", "key", "id", *EVENT_SCALARS, "us", "cn", "topics", "participants", "sources",
    "created_at", "updated_at", "version",
)
SOURCE_FIELDS = ("url", "publisher", "published", "headline", "quote", "kind")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def content_key(*, date, medium: str, status: str, participants: Iterable) -> str:
    """What makes two records the same contact: the day, medium, status and who took part
    (people by name, delegations by title), whatever the wording of title or summary."""
    people = sorted(
        f"{_value(p, 'side')}:{name_key(_value(p, 'name') or _value(p, 'title') or '')}"
        for p in participants
    )
    text = "|".join([str(date), str(medium), str(status), *people])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _value(obj, key: str):
    value = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
    return getattr(value, "value", value)


def event_key(event: EventPublic) -> str:
    return content_key(date=event.date, medium=event.medium.value, status=event.status.value,
                       participants=event.participants)


def event_record(event: EventPublic) -> dict:
    """An event as the dump writes it: every field, participants by name and slug."""
    data = event.model_dump(mode="json", include={"uuid", "id", *EVENT_SCALARS})
    data["key"] = event_key(event)
    data["participants"] = [
        {"name": p.name, "slug": p.slug, "side": p.side.value, "title": p.title}
        for p in event.participants
    ]
    data["topics"] = list(event.topics)
    data["sources"] = [s.model_dump(mode="json", include=set(SOURCE_FIELDS)) for s in event.sources]
    data["created_at"] = event.created_at.isoformat()
    data["updated_at"] = event.updated_at.isoformat()
    data["version"] = event.version
    return data


# --- CSV --------------------------------------------------------------------------------------


def _runs(value: str) -> bool:
    """Whether a spreadsheet would run the cell, or it looks like one neutralised already."""
    return value[:1] in FORMULA_START or (value[:1] == "'" and _runs(value[1:]))


def neutralise(value: str) -> str:
    """A cell a spreadsheet will not run: a "'" before a leading =, +, -, @, tab or CR (and
    before a "'" that would otherwise be read as that mark, so that `restore` is exact)."""
    return "'" + value if _runs(value) else value


def restore(value: str) -> str:
    """The inverse of `neutralise`, for the importer."""
    return value[1:] if value[:1] == "'" and _runs(value[1:]) else value


def _people(event: EventPublic, side: str) -> str:
    return "; ".join(
        f"{p.name} ({p.title})" if p.name and p.title else (p.name or p.title)
        for p in event.participants
        if p.side.value == side
    )


def join_topics(topics: list[str]) -> str:
    """'Taiwan; Ukraine', or a JSON list when a topic itself holds a ';'."""
    if any(";" in t for t in topics):
        return json.dumps(topics, ensure_ascii=False)
    return "; ".join(topics)


def split_topics(text: str) -> list[str]:
    text = text.strip()
    if text.startswith("["):
        return json.loads(text)
    return [t.strip() for t in text.split(";") if t.strip()]


def csv_row(event: EventPublic) -> list[str]:
    record = event_record(event)
    record["us"], record["cn"] = _people(event, "US"), _people(event, "CN")
    record["topics"] = join_topics(event.topics)
    for key in ("participants", "sources"):
        record[key] = json.dumps(record[key], ensure_ascii=False)
    return [neutralise("" if record[c] is None else str(record[c])) for c in CSV_COLUMNS]


def _csv_text(rows: Iterable[Iterable[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_export(*, session: Session, filters: TimelineFilter) -> Iterator[str]:
    """The CSV file, a chunk of rows at a time."""
    yield _csv_text([CSV_COLUMNS])
    for chunk in iter_event_chunks(session=session, filters=filters, chunk=CHUNK):
        yield _csv_text(csv_row(e) for e in chunk)


# --- JSON dump --------------------------------------------------------------------------------


def officials_section(session: Session) -> list[dict]:
    officials = list(session.exec(select(Official).order_by(Official.slug)).all())
    aliases: dict[int, list[str]] = {o.id: [] for o in officials}
    for official_id, alias in session.exec(
        select(OfficialAlias.official_id, OfficialAlias.alias).order_by(OfficialAlias.alias)
    ).all():
        aliases.setdefault(official_id, []).append(alias)
    return [
        {"name": o.name, "slug": o.slug, "country": o.country,
         "aliases": [a for a in aliases[o.id] if a != o.name]}
        for o in officials
    ]


def _head(session: Session, **fields) -> dict:
    return {
        "format": DUMP_FORMAT,
        **fields,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "officials": officials_section(session),
        "topics": [{"name": t.name, "slug": t.slug} for t in list_topics(session)],
        "periods": [p.model_dump(mode="json", exclude={"id"})
                    for p in list_periods(session=session)],
    }


def _stream(head: dict, sections: Iterable[tuple[str, Iterable[list[dict]]]]) -> Iterator[str]:
    """The head object, then each section a list written a chunk of records at a time."""
    text = json.dumps(head, ensure_ascii=False, indent=1)
    yield text[: text.rindex("}")].rstrip()
    for name, chunks in sections:
        yield f',\n "{name}": ['
        first = True
        for chunk in chunks:
            if chunk:
                parts = [json.dumps(record, ensure_ascii=False) for record in chunk]
                yield ("\n  " if first else ",\n  ") + ",\n  ".join(parts)
                first = False
        yield "\n ]"
    yield "\n}\n"


def json_export(*, session: Session, filters: TimelineFilter) -> Iterator[str]:
    """The filtered dump: reference sections first, then the live events the filter selects,
    streamed a chunk at a time."""
    head = _head(session, version=FILTERED_VERSION,
                 filters=[[key, value] for key, value in filters.pairs()])
    chunks = ([event_record(e) for e in chunk]
              for chunk in iter_event_chunks(session=session, filters=filters, chunk=CHUNK))
    return _stream(head, [("events", chunks)])


# --- the full dump ----------------------------------------------------------------------------


def _by_id(session: Session, model, after: int) -> list:
    return list(session.exec(select(model).where(col(model.id) > after)
                             .order_by(col(model.id)).limit(CHUNK)).all())


def _article_chunks(session: Session) -> Iterator[list[dict]]:
    last = 0
    while rows := _by_id(session, Article, last):
        last = rows[-1].id
        yield [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in ((f, getattr(a, f)) for f in ARTICLE_FIELDS)} for a in rows]


def full_event_records(session: Session, rows: list[Event]) -> list[dict]:
    """Events (deleted ones too) as the full dump writes them."""
    ids = [e.id for e in rows]
    links: dict[int, list[int | None]] = {i: [] for i in ids}
    for event_id, article_id in session.exec(
            select(Source.event_id, Source.article_id).where(col(Source.event_id).in_(ids))
            .order_by(Source.event_id, Source.position, Source.id)).all():
        links[event_id].append(article_id)
    records = []
    for row, view in zip(rows, load_events(session, ids), strict=True):
        record = event_record(view)
        record["deleted_at"] = row.deleted_at.isoformat() if row.deleted_at else None
        record["merged_into"] = row.merged_into_id
        for source, article_id in zip(record["sources"], links[row.id], strict=True):
            source["article_id"] = article_id
        records.append(record)
    return records


def _event_chunks(session: Session) -> Iterator[list[dict]]:
    last = 0
    while rows := _by_id(session, Event, last):
        last = rows[-1].id
        yield full_event_records(session, rows)


def _revision_chunks(session: Session) -> Iterator[list[dict]]:
    last = 0
    while rows := list_revisions(session, after_id=last, limit=CHUNK):
        last = rows[-1]["id"]
        yield rows


def full_dump(*, session: Session) -> Iterator[str]:
    """The whole database as `contacts import` restores it (see the module's docstring)."""
    head = _head(session, version=DUMP_VERSION, scope=FULL)
    return _stream(head, [("articles", _article_chunks(session)),
                          ("events", _event_chunks(session)),
                          ("revisions", _revision_chunks(session))])

