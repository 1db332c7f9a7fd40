"""What the officials pages show: the directory, and one person's titles and counterparts."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.models import Event, Official, OfficialAlias, Participation
from app.services.live import live_events
from app.services.officials import search_officials


@dataclass(frozen=True)
class DirectoryEntry:
    official: Official
    events: int
    matched: str | None = None  # the alias a search matched, when not the name


@dataclass(frozen=True)
class TitleSpan:
    title: str
    first: date
    last: date
    events: int


@dataclass(frozen=True)
class Counterpart:
    official: Official
    events: int
    media: list[str]
    first: date
    last: date


@dataclass(frozen=True)
class Profile:
    official: Official
    aliases: list[str]
    titles: list[TitleSpan]
    counterparts: list[Counterpart]


def _event_counts(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(
        session.execute(
            select(Participation.official_id, func.count(func.distinct(Participation.event_id)))
            .join(Event, col(Event.id) == Participation.event_id)
            .where(col(Participation.official_id).in_(ids), live_events())
            .group_by(Participation.official_id)
        ).all()
    )


def directory(*, session: Session, q: str = "") -> list[DirectoryEntry]:
    """Every official (US first, then by name), or those whose name or alias matches `q`."""
    if q.strip():
        matches = search_officials(session, q, limit=30)
        counts = _event_counts(session, [m.official.id for m in matches])
        return [
            DirectoryEntry(
                m.official,
                counts.get(m.official.id, 0),
                None if m.matched == m.official.name else m.matched,
            )
            for m in matches
        ]
    officials = list(
        session.execute(
            select(Official).order_by(col(Official.country).desc(), Official.name)
        ).scalars()
    )
    counts = _event_counts(session, [o.id for o in officials])
    return [DirectoryEntry(o, counts.get(o.id, 0)) for o in officials]


def get_profile(*, session: Session, slug: str) -> Profile | None:
    official = session.execute(select(Official).where(Official.slug == slug)).scalar_one_or_none()
    if official is None:
        return None
    aliases = [
        a
        for a in session.execute(
            select(OfficialAlias.alias)
            .where(OfficialAlias.official_id == official.id)
            .order_by(OfficialAlias.alias)
        ).scalars()
        if a != official.name
    ]
    titles = [
        TitleSpan(title, first, last, n)
        for title, first, last, n in session.execute(
            select(Participation.title, func.min(Event.date), func.max(Event.date), func.count())
            .join(Event, col(Event.id) == Participation.event_id)
            .where(Participation.official_id == official.id, Participation.title != "",
                   live_events())
            .group_by(Participation.title)
            .order_by(func.min(Event.date))
        ).all()
    ]
    mine, other = aliased(Participation), aliased(Participation)
    rows = session.execute(
        select(
            other.official_id,
            Event.medium,
            func.count(func.distinct(Event.id)),
            func.min(Event.date),
            func.max(Event.date),
        )
        .select_from(mine)
        .join(Event, col(Event.id) == mine.event_id)
        .join(other, other.event_id == mine.event_id)
        .where(
            mine.official_id == official.id,
            live_events(),
            other.side != mine.side,
            col(other.official_id).is_not(None),
        )
        .group_by(other.official_id, Event.medium)
    ).all()
    per: dict[int, dict] = {}
    for official_id, medium, n, first, last in rows:
        entry = per.setdefault(
            official_id, {"events": 0, "media": [], "first": first, "last": last}
        )
        entry["events"] += n
        entry["media"].append(medium)
        entry["first"], entry["last"] = min(entry["first"], first), max(entry["last"], last)
    people = {
        o.id: o
        for o in session.execute(select(Official).where(col(Official.id).in_(per))).scalars()
    }
    counterparts = sorted(
        (
            Counterpart(people[i], e["events"], sorted(e["media"]), e["first"], e["last"])
            for i, e in per.items()
        ),
        key=lambda c: (-c.events, c.official.name),
    )
    return Profile(official, aliases, titles, counterparts)


def aliases_by_official(*, session: Session, ids: list[int]) -> dict[int, list[str]]:
    """Every alias of these officials (the canonical name included), alphabetically."""
    out: dict[int, list[str]] = {i: [] for i in ids}
    for official_id, alias in session.execute(
        select(OfficialAlias.official_id, OfficialAlias.alias)
        .where(col(OfficialAlias.official_id).in_(ids))
        .order_by(OfficialAlias.alias)
    ).all():
        out[official_id].append(alias)
    return out
