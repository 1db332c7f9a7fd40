"""The one condition that leaves deleted events out of every read.

Deletes are soft (Event.deleted_at): the row and its history stay so that an editor can restore
it. Every query that shows, counts, searches or matches events adds `live_events()`; the event
services themselves refuse to read or write a deleted event except to restore it.
"""

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from app.models import Event


def live_events() -> ColumnElement[bool]:
    """WHERE clause: the event is part of the record (not deleted)."""
    return col(Event.deleted_at).is_(None)
