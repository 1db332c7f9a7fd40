"""`contacts seed`: the shipped record (app/data) into an empty database, in one transaction.

Loads the gazetteer, the events of the seed articles and every row of the record. Rules (issue 7):
held/declined/planned rows become events; `suspended` rows become periods; a record row that is
also a seed event (same medium, dates within a day, a shared person) merges into it; a row that
cannot be loaded stops everything with its line number.
"""

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlmodel import Session, func, select

from app.config import ROOT
from app.domain import Category, Initiator, Medium, Precision
from app.models import Event, Official, Period
from app.schemas import EventCreate
from app.services.event_titles import TitleParticipant, make_title
from app.services.events import create_event
from app.services.officials import create_official, find_official, import_gazetteer
from app.services.topic_map import map_topics

DATA = ROOT / "app" / "data"
RECORD_PATH = DATA / "record.jsonl"
SEED_EVENTS_PATH = DATA / "seed_events.json"
SEED_ARTICLES_PATH = DATA / "seed_articles"


class SeedError(Exception):
    """A row that cannot be loaded: where it is and why. Nothing was written."""

    def __init__(self, reason: str, *, path: Path | None = None, line: int | None = None):
        self.reason, self.path, self.line = reason, path, line
        where = f"{path.name if path else 'record'}, line {line}: " if line else ""
        super().__init__(f"{where}{reason}")


class DatabaseNotEmpty(SeedError):
    pass


# --- the record's row format (record/README.md) ----------------------------------------------


class RecordPerson(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None
    title: str = Field(min_length=1)


class RecordSource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None
    publisher: str = Field(min_length=1)
    published: date | None


class RecordRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: str = Field(pattern=r"^\d{4}(-\d{2}){0,2}$")
    end_date: dt.date | None  # `date` is a field name here
    medium: Medium
    status: Literal["held", "declined", "planned", "suspended"]
    category: Category
    location: str | None
    us: list[RecordPerson]
    cn: list[RecordPerson]
    topics: list[str]
    summary: str = Field(min_length=1)
    sources: list[RecordSource] = Field(min_length=1)

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        parse_date(value)  # "2019-13" is no month: ValueError becomes a validation error
        return value


def parse_date(text: str) -> tuple[date, Precision]:
    """ "2022-04-20" (day), "2021-03" (month), "2021" (year)."""
    parts = [int(p) for p in text.split("-")]
    precision = [Precision.year, Precision.month, Precision.day][len(parts) - 1]
    return date(parts[0], *(parts[1:] + [1, 1])[:2]), precision


# --- what summaries say ----------------------------------------------------------------------

_DISAGREE = re.compile(r"\bsaid\b.*\bwhile\b.*\b(said|called|says|calls)\b")
_DURATION_MIN = re.compile(r"\b(\d+)[- ]minutes?\b")
_DURATION_HOUR = re.compile(r"\b(an|one|two|three)[- ]hours?\b|\bhour-long\b")
_HOURS = {"an": 1, "one": 1, "two": 2, "three": 3}
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = "|".join(_MONTH_NAMES) + "|Sept"
_FULL_DATE = re.compile(rf"\b({_MONTHS})[a-z]*\.? (\d{{1,2}}), (\d{{4}})\b")
_RESUMED = re.compile(r"\b(resum|restor|first senior military contact)", re.IGNORECASE)


def _clauses(summary: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", summary.strip())
    return [c.strip() for s in sentences for c in s.split(";") if c.strip()]


def uncertain_reason(summary: str) -> str | None:
    """The clause that calls something uncertain or shows sources disagreeing, else None."""
    reasons = []
    for clause in _clauses(summary):
        if "uncertain" in clause.lower() or "disagree" in clause.lower():
            reasons.append(clause)
        elif _DISAGREE.search(clause):
            reasons.append(f"Sources disagree: {clause}")
    if not reasons:
        return None
    text = " ".join(r[:1].upper() + r[1:] for r in reasons)
    return text if text.endswith(".") else text + "."


def duration_minutes(summary: str) -> int | None:
    """ "about 45 minutes", "a roughly 90-minute call", "a two-hour video call", "hour-long"."""
    if m := _DURATION_MIN.search(summary):
        return int(m.group(1))
    if m := _DURATION_HOUR.search(summary):
        return 60 * _HOURS.get((m.group(1) or "an").lower(), 1)
    return None


def resumption_date(summary: str) -> date | None:
    """When a suspension's summary says contact resumed: the latest full date it names."""
    if not _RESUMED.search(summary):
        return None
    months = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)} | {"Sept": 9}
    dates = [date(int(y), months[m], int(d)) for m, d, y in _FULL_DATE.findall(summary)]
    return max(dates) if dates else None


# A government's own account: its ministries and embassies, and the news services that carry its
# readouts (DoD News and the American Forces Press Service; Xinhua and China Military Online),
# reposts included. Other state media (China Daily, Global Times) and all other outlets are press.
_US_READOUT = re.compile(
    r"^(US Department of (Defense|State)|Joint Chiefs of Staff|White House readout"
    r"|DVIDS \(INDOPACOM|US Embassy|US Consulate|American Forces Press Service|DoD News"
    r"|DoD press briefing|US DoD transcript)"
    r"|\(DoD (readout text|News|transcript)\)|\(Pentagon transcript\)"
)
_CN_READOUT = re.compile(r"^(PRC Embassy|China Military Online|PRC Ministry|Xinhua)|\(Xinhua\)")


def source_kind(publisher: str) -> str:
    """Official readouts by their publisher; everything else is press."""
    if _US_READOUT.search(publisher):
        return "us_readout"
    if _CN_READOUT.search(publisher):
        return "cn_readout"
    return "press"


# --- building events -------------------------------------------------------------------------


@dataclass
class Pending:
    """An event to write, with what merging needs."""

    data: dict
    line: int | None  # record line, None for a seed event
    official_ids: set[int]
    merged_from: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PeriodLoaded:
    name: str
    start: date
    end: date | None


@dataclass
class SeedReport:
    by_status: Counter = field(default_factory=Counter)
    by_medium: Counter = field(default_factory=Counter)
    periods: list[PeriodLoaded] = field(default_factory=list)
    officials: int = 0  # officials in the database after the load
    officials_added: list[str] = field(default_factory=list)  # names the gazetteer lacked
    merged: list[str] = field(
        default_factory=list
    )  # titles of events with article + record sources
    articles: list = field(default_factory=list)  # IngestReport of each seed article

    @property
    def events(self) -> int:
        return sum(self.by_status.values())


def _resolve(session: Session, report: SeedReport, name: str, side: str) -> Official:
    official = find_official(session, name)
    if official is None:
        official = create_official(session, name=name, country=side)
        report.officials_added.append(name)
    return official


def _finish(data: dict) -> dict:
    """Title and channel/topics from the free-form topics, as the last step before validation."""
    mapped = map_topics(data.pop("raw_topics"), allow_channel=data["category"] != "leader")
    data["channel"] = data.get("channel") or mapped.channel
    data["topics"] = mapped.topics
    data["title"] = make_title(
        participants=[
            TitleParticipant(p["name"], p["side"], p["title"]) for p in data["participants"]
        ],
        medium=data["medium"],
        status=data["status"],
        location=data["location"],
        channel=data["channel"],
        round_label=mapped.round_label,
    )
    return data


def _canonical_participants(
    session: Session, report: SeedReport, people: list[dict]
) -> tuple[list[dict], set[int]]:
    out, ids = [], set()
    for p in people:
        name = p["name"]
        if name:
            official = _resolve(session, report, name, p["side"])
            name = official.name
            ids.add(official.id)
        out.append({"name": name, "side": p["side"], "title": p["title"]})
    return out, ids


def _seed_pending(session: Session, report: SeedReport, path: Path,
                  article_ids: dict[tuple, int] | None = None) -> list[Pending]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["events"]
    except (OSError, ValueError, KeyError) as exc:
        raise SeedError(f"cannot read the seed events: {exc}", path=path) from exc
    pending = []
    for n, entry in enumerate(entries, start=1):
        entry = dict(entry)
        try:
            day, precision = parse_date(entry.pop("date"))
            people, raw_topics = entry.pop("participants"), entry.pop("topics")
        except (KeyError, ValueError) as exc:
            raise SeedError(f"event {n}: bad or missing {exc}", path=path) from exc
        participants, ids = _canonical_participants(session, report, people)
        data = {**entry, "date": day, "date_precision": precision.value,
                "participants": participants, "raw_topics": raw_topics,
                "sources": [_link_article(s, article_ids or {}) for s in entry.get("sources", [])]}
        pending.append(
            Pending(data=data, line=None, official_ids=ids, merged_from=[f"seed event {n}"])
        )
    return pending


def _link_article(source: dict, article_ids: dict[tuple, int]) -> dict:
    """A seed event's source quotes one of the seed articles: link the stored article."""
    try:
        key = (source.get("publisher"), date.fromisoformat(source.get("published") or ""))
    except ValueError:
        return source
    return {**source, "article_id": article_ids[key]} if key in article_ids else source


def _row_data(session: Session, report: SeedReport, row: RecordRow) -> tuple[dict, set[int]]:
    day, precision = parse_date(row.date)
    people = [{"name": p.name, "side": "US", "title": p.title} for p in row.us]
    people += [{"name": p.name, "side": "CN", "title": p.title} for p in row.cn]
    participants, ids = _canonical_participants(session, report, people)
    data = {
        "date": day,
        "date_precision": precision.value,
        "end_date": row.end_date,
        "medium": row.medium.value,
        "status": row.status,
        "category": row.category.value,
        "location": row.location,
        "summary": row.summary,
        "duration_minutes": duration_minutes(row.summary) if row.end_date is None else None,
        "initiated_by": Initiator.unknown.value,
        "uncertain_reason": uncertain_reason(row.summary),
        "participants": participants,
        "raw_topics": list(row.topics),
        "sources": [
            {
                "url": s.url,
                "publisher": s.publisher,
                "published": s.published,
                "kind": source_kind(s.publisher),
            }
            for s in row.sources
        ],
    }
    return data, ids


def _same_contact(a: Pending, data: dict, ids: set[int]) -> bool:
    if a.data["medium"] != data["medium"] or not (a.official_ids & ids):
        return False
    if a.data["date_precision"] == "day" and data["date_precision"] == "day":
        return abs(a.data["date"] - data["date"]) <= timedelta(days=1)
    return False


def _merge(seed: Pending, data: dict, ids: set[int], line: int) -> None:
    """The record's facts and summary, the article's extras (duration, initiator, quotes)."""
    merged = dict(data)
    for key in ("duration_minutes", "channel", "uncertain_reason", "end_date", "location"):
        merged[key] = data.get(key) or seed.data.get(key)
    if seed.data.get("initiated_by", "unknown") != "unknown":
        merged["initiated_by"] = seed.data["initiated_by"]
    merged["participants"] = list(data["participants"]) + [
        p
        for p in seed.data["participants"]
        if p["name"] is None or p["name"] not in {q["name"] for q in data["participants"]}
    ]
    merged["raw_topics"] = data["raw_topics"] + seed.data["raw_topics"]
    merged["sources"] = data["sources"] + seed.data["sources"]
    seed.data = merged
    seed.line = line
    seed.official_ids |= ids
    seed.merged_from.append(f"record line {line}")


def _period(row: RecordRow, start: date, held_dates: list[date]) -> Period:
    end = resumption_date(row.summary)
    if end is None:
        end = next((d for d in sorted(held_dates) if d > start), None)
    mapped = map_topics(row.topics, allow_channel=False)
    reason = mapped.topics[0] if mapped.topics else None
    # The row's own topic names the cause ("$6.5 billion Taiwan arms sale"), not the mapped one.
    cause = row.topics[0] if row.topics else reason
    name = "China suspends military exchanges" + (f" over the {cause}" if cause else "")
    first = row.sources[0]
    return Period(
        name=name,
        start=start,
        end=end,
        summary=row.summary,
        source_url=first.url,
        source_publisher=first.publisher,
    )


def read_record(path: Path) -> list[tuple[int, RecordRow]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SeedError(f"cannot read the record: {exc}", path=path) from exc
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            rows.append((number, RecordRow.model_validate_json(text)))
        except ValidationError as exc:
            raise SeedError(_explain(exc), path=path, line=number) from exc
    return rows


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err["loc"]) or "row"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def seed_database(
    *, session: Session, record_path: Path = RECORD_PATH, seed_events_path: Path = SEED_EVENTS_PATH,
    seed_articles_path: Path = SEED_ARTICLES_PATH,
) -> SeedReport:
    """Load everything or nothing.

    Raises DatabaseNotEmpty when events exist and SeedError (with the line) on a bad row."""
    if database_has_events(session):
        raise DatabaseNotEmpty("the database already has events: seed loads only into an empty one")
    # Imported here: ingest reads this module's date and publisher rules.
    from app.services.seed_articles import (
        ingest_seed_articles,
        read_seed_articles,
        store_seed_articles,
    )

    report = SeedReport()
    try:
        rows = read_record(record_path)
        try:
            articles = read_seed_articles(seed_articles_path)
        except (OSError, ValueError, KeyError) as exc:
            raise SeedError(f"cannot read the seed articles: {exc}",
                            path=seed_articles_path) from exc
        import_gazetteer(session)
        article_ids = store_seed_articles(session, articles)
        pending = _seed_pending(session, report, seed_events_path, article_ids)
        seeds = list(pending)
        suspensions: list[tuple[int, RecordRow]] = []
        for line, row in rows:
            if row.status == "suspended":
                suspensions.append((line, row))
                continue
            data, ids = _row_data(session, report, row)
            match = next((s for s in seeds if s.line is None and _same_contact(s, data, ids)), None)
            if match is not None:
                _merge(match, data, ids, line)
            else:
                pending.append(
                    Pending(
                        data=data, line=line, official_ids=ids, merged_from=[f"record line {line}"]
                    )
                )
        for item in pending:
            try:
                payload = EventCreate.model_validate(_finish(item.data))
            except ValidationError as exc:
                if item.line is None:
                    where = item.merged_from[0]
                    raise SeedError(f"{where}: {_explain(exc)}", path=seed_events_path) from exc
                raise SeedError(_explain(exc), path=record_path, line=item.line) from exc
            event = create_event(session=session, data=payload, commit=False)
            report.by_status[event.status.value] += 1
            report.by_medium[event.medium.value] += 1
            if len(item.merged_from) > 1:
                report.merged.append(event.title)
        held = [p.data["date"] for p in pending if p.data["status"] == "held"]
        for line, row in suspensions:
            start, _ = parse_date(row.date)
            period = _period(row, start, held)
            session.add(period)
            report.periods.append(PeriodLoaded(period.name, period.start, period.end))
        # The seed articles through the extractor: what matches the record adds nothing twice.
        report.articles = ingest_seed_articles(session, articles)
        for ingested in report.articles:
            for outcome in ingested.outcomes:
                if outcome.action == "create":
                    report.by_status[outcome.candidate.event.status] += 1
                    report.by_medium[outcome.candidate.event.medium] += 1
        session.flush()
        report.officials = session.exec(select(func.count()).select_from(Official)).one()
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def database_has_events(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Event)).one() > 0
