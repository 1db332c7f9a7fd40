"""Events and their cards kept by what names their contents (app/services/kept_events.py,
app/web/cards.py): loaded and drawn once per version, never shown out of date."""

from datetime import datetime, timezone

from sqlalchemy import text

import app.services.kept_events as kept_events
import app.web.cards as cards
from app.schemas import EventUpdate
from app.services.events import update_event
from app.services.filters import TimelineFilter
from app.services.timeline import list_events
from tests.factories import event_payload, make_event


def _loads(monkeypatch) -> list[list[int]]:
    """The ids each load of events asked for."""
    seen: list[list[int]] = []
    original = kept_events.load_events

    def counting(session, ids):
        seen.append(list(ids))
        return original(session, ids)

    monkeypatch.setattr(kept_events, "load_events", counting)
    return seen


def _titles(session) -> list[str]:
    page = list_events(session=session, filters=TimelineFilter(), limit=10)
    return [e.title for e in page.events]


def test_a_page_read_again_loads_nothing(session, monkeypatch):
    for day in ("2022-01-01", "2022-01-02", "2022-01-03"):
        make_event(session, date=day, title=f"Talk of {day}")
    loads = _loads(monkeypatch)
    first = _titles(session)
    assert _titles(session) == first == ["Talk of 2022-01-03", "Talk of 2022-01-02",
                                         "Talk of 2022-01-01"]
    assert len(loads) == 1 and len(loads[0]) == 3  # the second read loaded nothing


def test_an_edit_loads_only_the_edited_event_and_shows_it(session, monkeypatch):
    old = make_event(session, date="2022-01-01", title="Before")
    other = make_event(session, date="2022-01-02", title="Other")
    _titles(session)
    loads = _loads(monkeypatch)
    update_event(session=session, event_id=old.id, data=EventUpdate.model_validate(
        event_payload(date="2022-01-01", title="After", version=old.version)))
    assert _titles(session) == ["Other", "After"]
    assert loads == [[old.id]] and other.id not in loads[0]


def test_a_version_claimed_then_rolled_back_never_stands_for_the_committed_one(session):
    """A page read inside a transaction that is then rolled back keeps what it saw under that
    version; the version committed later has another update time, so another key."""
    event = make_event(session, date="2022-01-01", title="Committed first")
    session.execute(text("UPDATE event SET title = 'Never committed', version = version + 1, "
                         "updated_at = :at WHERE id = :id"),
                    {"at": datetime(2020, 1, 1, tzinfo=timezone.utc), "id": event.id})
    assert _titles(session) == ["Never committed"]
    session.rollback()
    update_event(session=session, event_id=event.id, data=EventUpdate.model_validate(
        event_payload(date="2022-01-01", title="Committed second", version=event.version)))
    assert _titles(session) == ["Committed second"]


def test_a_card_is_drawn_once_per_version(session, monkeypatch):
    drawn: list[int] = []
    macro = cards._card_macro()

    def counting(event):
        drawn.append(event.version)
        return macro(event)

    monkeypatch.setattr(cards, "_card_macro", lambda: counting)
    event = make_event(session, title="A card")
    first = cards.card_html(event)
    assert cards.card_html(event) == first and "A card" in first
    newer = event.model_copy(update={"version": event.version + 1, "title": "A new title"})
    assert "A new title" in cards.card_html(newer)
    assert drawn == [event.version, event.version + 1]
