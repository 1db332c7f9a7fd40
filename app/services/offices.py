"""Offices: which titles are the same office across the people who held it, and office pairs.

Pure functions over app/data/offices.json; a contact is counted by the pair of offices that
met (Secretary of Defense – Minister of National Defense), whoever held them at the time.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from app.config import ROOT

OFFICES_PATH = ROOT / "app" / "data" / "offices.json"


@dataclass(frozen=True)
class Office:
    key: str
    name: str
    country: str  # "US" | "CN"
    group: str  # counterparts share a group ("defense-chief", "policy-talks", ...)
    rank: int  # precedence within the country: lower is higher
    patterns: tuple[re.Pattern, ...] = field(repr=False, compare=False, default=())

    def matches(self, title: str) -> bool:
        return any(p.search(title) for p in self.patterns)


class HasSideAndTitle(Protocol):
    side: str
    title: str


@lru_cache
def all_offices() -> tuple[Office, ...]:
    entries = json.loads(OFFICES_PATH.read_text(encoding="utf-8"))["offices"]
    ranks: dict[str, int] = {}
    offices = []
    for entry in entries:
        rank = ranks[entry["country"]] = ranks.get(entry["country"], -1) + 1
        offices.append(
            Office(
                key=entry["key"],
                name=entry["name"],
                country=entry["country"],
                group=entry["group"],
                rank=rank,
                patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
            )
        )
    return tuple(offices)


def office_of(title: str | None, side: str | None = None) -> Office | None:
    """The highest-ranking office a title names ("Minister of National Defense, CMC Vice
    Chairman" is the minister). `side` ("US"/"CN") settles titles both countries use
    ("President")."""
    if not title:
        return None
    for office in all_offices():
        if (side is None or office.country == side) and office.matches(title):
            return office
    return None


def _side(p) -> str:
    side = p["side"] if isinstance(p, dict) else p.side
    return getattr(side, "value", side)


def _title(p) -> str:
    return (p["title"] if isinstance(p, dict) else p.title) or ""


def office_pair(participations: Iterable[HasSideAndTitle | dict]) -> tuple[Office, Office] | None:
    """The (US office, Chinese office) pair a contact counts as, or None when a side has no office.

    Counterparts (offices of the same group) are preferred: Mullen and Gates hosting Chen Bingde is
    Chairman – Chief of the General Staff; otherwise each side's highest-ranking office."""
    sides: dict[str, list[Office]] = {"US": [], "CN": []}
    for p in participations:
        side = _side(p)
        office = office_of(_title(p), side)
        if office is not None and side in sides:
            sides[side].append(office)
    if not sides["US"] or not sides["CN"]:
        return None
    counterparts = [(u, c) for u in sides["US"] for c in sides["CN"] if u.group == c.group]
    if counterparts:
        return min(counterparts, key=lambda pair: (pair[0].rank + pair[1].rank, pair[0].rank))
    return min(sides["US"], key=lambda o: o.rank), min(sides["CN"], key=lambda o: o.rank)
