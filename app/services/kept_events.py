"""Events as pages show them, kept per process by what identifies their contents.

Every change to an event goes through one compare-and-set (app.services.events._claim) that
moves its version and its updated_at, so (id, uuid, version, updated_at) names one content:
an edit, a delete, a merge or new sources give a new key, and a version claimed in a
transaction that was rolled back never comes back with the same update time. Officials' names
and topics, which a card also shows, are never changed in place. So a timeline page looks up
the 50 events its query listed and loads only those it has not seen (at a million events,
a page's four queries and its 50 validations were a quarter of its CPU time).
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from app.lru import LRU
from app.schemas import EventPublic
from app.services.events import load_events

KEPT = 2048  # events and as many cards: about 20 MB (an event ~9 KB, its card ~1.5 KB)


class Listed(Protocol):  # a row of the timeline's page query
    id: int
    uuid: str
    version: int
    updated_at: datetime


_kept: LRU[EventPublic] = LRU(KEPT)


def contents_key(event: EventPublic | Listed) -> tuple:
    return (event.id, event.uuid, event.version, event.updated_at)


def page_events(session: Session, rows: Sequence[Listed]) -> list[EventPublic]:
    """The events of `rows`, in their order: kept ones as they are, the others loaded (one
    load for all of them) and kept."""
    database = str(session.get_bind().url)
    found: dict[int, EventPublic] = {}
    for row in rows:
        event = _kept.get((database, *contents_key(row)))
        if event is not None:
            found[row.id] = event
    missing = [row.id for row in rows if row.id not in found]
    for event in load_events(session, missing) if missing else ():
        _kept.put((database, *contents_key(event)), event)
        found[event.id] = event
    return [found[row.id] for row in rows if row.id in found]
