"""What the officials pages show: the directory, and one person's titles and counterparts."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
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
    first_year: int | None = None  # of their contacts on record
    last_year: int | None = None

    @property
    def years(self) -> str:
        if self.first_year is None:
            return ""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


@dataclass(frozen=True, order=True)
class When:
    """A date as precisely as the sources give it (an event's date and date_precision)."""

    date: date
    precision: str = "day"


@dataclass(frozen=True)
class TitleSpan:
    title: str
    first: When
    last: When
    events: int

    @property
    def years(self) -> str:
        """ "2018–2023", or "2021" when the title was seen in one year."""
        a, b = self.first.date.year, self.last.date.year
        return str(a) if a == b else f"{a}–{b}"


@dataclass(frozen=True)
class Counterpart:
    official: Official
    held: int  # contacts that took place
    not_held: int  # declined, planned, requested, postponed or cancelled ones
    media: list[str]
    first: When
    last: When
    by_medium: list[tuple[str, int]] = ()  # (medium, contacts that took place), most first


@dataclass(frozen=True)
class Profile:
    official: Official
    aliases: list[str]
    titles: list[TitleSpan]  # in the order the person held them
    counterparts: list[Counterpart]  # most contacts first
    held: int
    not_held: int
    first: When | None
    last: When | None

    @property
    def current_title(self) -> str | None:
        return self.titles[-1].title if self.titles else None


def _activity(session: Session, ids: list[int]) -> dict[int, tuple[int, date, date]]:
    """official id -> (contacts, first date, last date)."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            Participation.official_id,
            func.count(func.distinct(Participation.event_id)),
            func.min(Event.date),
            func.max(Event.date),
        )
        .join(Event, col(Event.id) == Participation.event_id)
        .where(col(Participation.official_id).in_(ids), live_events())
        .group_by(Participation.official_id)
    ).all()
    return {official_id: (n, first, last) for official_id, n, first, last in rows}


def _entry(official: Official, activity: dict, matched: str | None = None) -> DirectoryEntry:
    n, first, last = activity.get(official.id, (0, None, None))
    return DirectoryEntry(
        official, n, matched, first.year if first else None, last.year if last else None
    )


def directory(*, session: Session, q: str = "", everyone: bool = False) -> list[DirectoryEntry]:
    """Officials with contacts on record (US first, then by name), or every official the
    gazetteer knows (`everyone`), or those whose name or alias matches `q`."""
    if q.strip():
        matches = search_officials(session, q, limit=30)
        activity = _activity(session, [m.official.id for m in matches])
        return [
            _entry(m.official, activity, None if m.matched == m.official.name else m.matched)
            for m in matches
        ]
    officials = list(
        session.execute(
            select(Official).order_by(col(Official.country).desc(), Official.name)
        ).scalars()
    )
    activity = _activity(session, [o.id for o in officials])
    return [_entry(o, activity) for o in officials if everyone or o.id in activity]


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
    mine, other = aliased(Participation), aliased(Participation)
    rows = session.execute(
        select(
            mine.title, Event.id, Event.date, Event.date_precision, Event.medium, Event.status,
            other.official_id,
        )
        .select_from(mine)
        .join(Event, col(Event.id) == mine.event_id)
        .outerjoin(
            other,
            and_(
                other.event_id == mine.event_id,
                other.side != mine.side,
                col(other.official_id).is_not(None),
            ),
        )
        .where(mine.official_id == official.id, live_events())
    ).all()
    # A person has tens of contacts, not thousands: aggregate in Python, with each date's precision.
    events: dict[int, tuple[When, str, str]] = {}  # id -> (when, medium, status)
    by_title: dict[str, set[int]] = defaultdict(set)
    by_counterpart: dict[int, set[int]] = defaultdict(set)
    for title, event_id, day, precision, medium, status, other_id in rows:
        events[event_id] = (When(day, precision), medium, status)
        if title:
            by_title[title].add(event_id)
        if other_id is not None:
            by_counterpart[other_id].add(event_id)

    def span(ids: set[int]) -> tuple[When, When]:
        whens = [events[i][0] for i in ids]
        return min(whens), max(whens)

    titles = sorted(
        (TitleSpan(t, *span(ids), len(ids)) for t, ids in by_title.items()),
        key=lambda t: (t.first, t.last),
    )
    people = {
        o.id: o
        for o in session.execute(
            select(Official).where(col(Official.id).in_(list(by_counterpart)))
        ).scalars()
    }
    counterparts = []
    for other_id, ids in by_counterpart.items():
        held = sum(1 for i in ids if events[i][2] == "held")
        media = sorted({events[i][1] for i in ids})
        per_medium = Counter(events[i][1] for i in ids if events[i][2] == "held")
        counterparts.append(
            Counterpart(people[other_id], held, len(ids) - held, media, *span(ids),
                        by_medium=sorted(per_medium.items(), key=lambda mn: (-mn[1], mn[0])))
        )
    counterparts.sort(key=lambda c: (-c.held, -c.not_held, c.official.name))
    held = sum(1 for _, _, status in events.values() if status == "held")
    first, last = span(set(events)) if events else (None, None)
    return Profile(
        official, aliases, titles, counterparts, held, len(events) - held, first, last
    )


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
