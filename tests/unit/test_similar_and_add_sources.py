"""Duplicate detection (same contact within a day, same person) and attaching more sources."""

from datetime import date

import pytest

from app.schemas import EventUpdate, SourceIn
from app.services.events import (
    EventNotFound,
    VersionConflict,
    add_sources,
    find_similar_events,
    update_event,
)
from app.services.officials import import_gazetteer
from tests.factories import event_payload, make_event, search_hits


@pytest.fixture
def austin_wei(session):
    import_gazetteer(session)
    return make_event(session, date="2022-04-20")


@pytest.mark.parametrize("day, names, found", [
    (date(2022, 4, 20), ["Lloyd Austin"], True),
    (date(2022, 4, 21), ["Wei Fenghe"], True),
    (date(2022, 4, 19), ["Wei Fenge"], True),           # a misspelling in the gazetteer
    (date(2022, 4, 20), ["lloyd  AUSTIN."], True),      # case and punctuation
    (date(2022, 4, 22), ["Lloyd Austin"], False),       # two days later
    (date(2022, 4, 20), ["Antony Blinken"], False),     # someone else
    (date(2022, 4, 20), ["Nobody Known"], False),       # matches no official
    (date(2022, 4, 20), [], False),
])
def test_find_similar_events(session, austin_wei, day, names, found):
    similar = find_similar_events(session=session, date=day, names=names)
    assert [e.id for e in similar] == ([austin_wei.id] if found else [])


def test_find_similar_events_excludes_the_event_being_edited(session, austin_wei):
    assert find_similar_events(session=session, date=date(2022, 4, 20), names=["Lloyd Austin"],
                               exclude_id=austin_wei.id) == []


def test_find_similar_events_ignores_delegations(session):
    make_event(session, participants=[{"name": None, "side": "CN", "title": "PLA delegation"}])
    assert find_similar_events(session=session, date=date(2022, 4, 20), names=[""]) == []


def test_add_sources_appends_and_bumps_version(session, austin_wei):
    event = add_sources(session=session, event_id=austin_wei.id, sources=[
        SourceIn(url="https://example.org/b", publisher="Xinhua", quote="Wei spoke with Austin.",
                 kind="cn_readout"),
    ])
    assert [(s.publisher, s.kind) for s in event.sources] == [
        ("AP", "press"), ("Xinhua", "cn_readout")]
    assert event.version == austin_wei.version + 1
    # An editor who opened the form before the source arrived cannot silently drop it.
    with pytest.raises(VersionConflict):
        update_event(session=session, event_id=event.id,
                     data=EventUpdate.model_validate(event_payload(version=austin_wei.version)))


def test_add_sources_skips_urls_the_event_already_cites(session, austin_wei):
    event = add_sources(session=session, event_id=austin_wei.id, sources=[
        SourceIn(url="https://example.org/a", publisher="AP again"),
    ])
    assert [s.publisher for s in event.sources] == ["AP"]
    assert event.version == austin_wei.version


def test_add_sources_keeps_the_search_index_in_step(session, austin_wei):
    add_sources(session=session, event_id=austin_wei.id, sources=[
        SourceIn(publisher="Reuters", quote="A frank exchange about hypersonic tests."),
    ])
    assert search_hits(session, "hypersonic") == [austin_wei.id]


def test_add_sources_to_unknown_event_writes_nothing(session):
    from sqlmodel import func, select

    from app.models import Source

    with pytest.raises(EventNotFound):
        add_sources(session=session, event_id=999, sources=[SourceIn(publisher="AP")])
    assert session.exec(select(func.count()).select_from(Source)).one() == 0


def test_update_refuses_a_version_this_session_has_not_seen_change(session, engine):
    """Two editors read version 1; the second one's copy is stale but still must lose."""
    from sqlmodel import Session

    from app.models import Event

    event = make_event(session)
    stale = session.get(Event, event.id)  # held: the identity map only keeps what is referenced
    with Session(engine) as other:
        update_event(session=other, event_id=event.id,
                     data=EventUpdate.model_validate(event_payload(title="Other", version=1)))
    assert stale.version == 1
    with pytest.raises(VersionConflict) as conflict:
        update_event(session=session, event_id=event.id,
                     data=EventUpdate.model_validate(event_payload(title="Mine", version=1)))
    assert (conflict.value.current.title, conflict.value.current.version) == ("Other", 2)


def test_concurrent_source_additions_each_bump_the_version(session, engine, austin_wei):
    from sqlmodel import Session

    from app.models import Event

    stale = session.get(Event, austin_wei.id)
    with Session(engine) as other:
        add_sources(session=other, event_id=austin_wei.id,
                    sources=[SourceIn(url="https://example.org/1", publisher="One")])
    assert stale.version == austin_wei.version  # this session's copy is behind
    event = add_sources(session=session, event_id=austin_wei.id,
                        sources=[SourceIn(url="https://example.org/2", publisher="Two")])
    assert event.version == austin_wei.version + 2
    assert [s.publisher for s in event.sources] == ["AP", "One", "Two"]
