"""Event commands: one transaction each, children and search index kept in step."""

import pytest
from pydantic import ValidationError

from app.schemas import EventCreate, EventUpdate
from app.services.events import VersionConflict, delete_event, get_event, update_event
from app.services.officials import import_gazetteer
from tests.factories import event_payload, make_event, search_hits


def test_create_links_known_officials_by_alias(session):
    import_gazetteer(session)
    event = make_event(session, participants=[
        {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"},
        {"name": "Wei Fenge", "side": "CN", "title": "Minister of National Defense"},
    ])
    assert [(p.name, p.slug, p.title) for p in event.participants] == [
        ("Lloyd Austin", "lloyd-austin", "Secretary of Defense"),
        ("Wei Fenghe", "wei-fenghe", "Minister of National Defense"),
    ]
    assert event.version == 1
    assert event.topics == ["Taiwan", "Ukraine"]
    assert event.sources[0].publisher == "AP"


def test_delegation_participant_keeps_title_without_a_person(session):
    event = make_event(session, participants=[
        {"name": None, "side": "CN", "title": "PLA MMCA delegation"},
    ])
    assert [(p.name, p.slug, p.title) for p in event.participants] == [
        (None, None, "PLA MMCA delegation")
    ]


def test_search_index_follows_writes(session):
    event = make_event(session, title="Hotline call about Taiwan")
    assert search_hits(session, "hotline") == [event.id]
    update_event(session=session, event_id=event.id,
                 data=EventUpdate.model_validate(event_payload(title="Video call", version=1)))
    assert search_hits(session, "hotline") == []
    assert search_hits(session, "video") == [event.id]
    delete_event(session=session, event_id=event.id)
    assert search_hits(session, "video") == []


def test_update_with_stale_version_is_refused_and_changes_nothing(session):
    event = make_event(session)
    update_event(session=session, event_id=event.id,
                 data=EventUpdate.model_validate(event_payload(title="First edit", version=1)))
    with pytest.raises(VersionConflict) as conflict:
        update_event(session=session, event_id=event.id,
                     data=EventUpdate.model_validate(event_payload(title="Second", version=1)))
    assert conflict.value.current.title == "First edit"
    assert get_event(session=session, event_id=event.id).title == "First edit"


@pytest.mark.parametrize("overrides, message", [
    ({"end_date": "2022-04-19"}, "end_date must not be before date"),
    ({"medium": "carrier pigeon"}, "Input should be"),
    ({"title": "   "}, "at least 1 character"),
    ({"participants": [{"side": "US"}]}, "a name or, for a delegation, a title"),
    ({"sources": [{"publisher": "AP", "url": "javascript:alert(1)"}]}, "should match pattern"),
])
def test_invalid_payloads_are_refused(overrides, message):
    with pytest.raises(ValidationError, match=message):
        EventCreate.model_validate(event_payload(**overrides))
