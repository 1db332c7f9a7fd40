"""Build events and officials for tests through the same services the app uses."""

from datetime import date

from sqlmodel import Session, select

from app.models import Event
from app.schemas import EventCreate, EventPublic
from app.services import search

_DEFAULT_PARTICIPANTS = [
    {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"},
    {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"},
]


def event_payload(**overrides) -> dict:
    payload = {
        "date": "2022-04-20",
        "date_precision": "day",
        "medium": "phone_call",
        "category": "defense",
        "title": "Austin and Wei speak by phone",
        "summary": "The two defence chiefs discussed Taiwan and Ukraine.",
        "participants": _DEFAULT_PARTICIPANTS,
        "topics": ["Taiwan", "Ukraine"],
        "sources": [{"url": "https://example.org/a", "publisher": "AP", "published": "2022-04-20",
                     "quote": "Austin spoke with Wei Fenghe.", "kind": "press"}],
    }
    payload.update(overrides)
    return payload


def make_event(session: Session, **overrides) -> EventPublic:
    from app.services.events import create_event

    if isinstance(overrides.get("date"), date):
        overrides["date"] = overrides["date"].isoformat()
    return create_event(session=session, data=EventCreate.model_validate(event_payload(**overrides)))


def search_hits(session: Session, q: str) -> list[int]:
    """Ids of the events the full-text index (FTS5 or PostgreSQL's) finds for `q`."""
    return list(session.exec(
        select(Event.id).where(search.matches(Event.id, q)).order_by(Event.id)).all())
