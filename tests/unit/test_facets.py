"""Facet counts: exact up to the limit, lower bounds beyond it, and never stale after a write."""

from sqlmodel import Session

from app.schemas import EventUpdate
from app.services import facets
from app.services.events import delete_event, update_event
from app.services.filters import parse_filters
from app.services.timeline import list_events
from tests.factories import event_payload, make_event


def _page(session, params=()):
    return list_events(session=session, filters=parse_filters(list(params)).filter, limit=10)


def test_counts_past_the_limit_are_lower_bounds_and_say_so(session, monkeypatch):
    monkeypatch.setattr(facets, "COUNT_LIMIT", 2)
    facets.forget()
    for day in ("2022-01-01", "2022-01-02", "2022-01-03"):
        make_event(session, date=day)
    page = _page(session)
    assert page.total == 2 and page.total.capped and str(page.total) == "2+"
    media = {f.value: f.count for f in page.media}
    # Counted over limit + 1 matches: at least that many, and said so.
    assert media["phone_call"] == 3 and media["phone_call"].capped and str(media["phone_call"]) == "3+"
    assert media["written"] == 0 and media["written"].capped
    assert {f.value: f.count for f in page.topics}["taiwan"].capped
    assert len(page.events) == 3  # the page itself is not bounded


def test_counts_within_the_limit_are_exact(session):
    facets.forget()
    make_event(session, date="2022-01-01")
    make_event(session, date="2022-01-02", medium="written", topics=["Cyber"])
    page = _page(session)
    assert page.total == 2 and not page.total.capped and str(page.total) == "2"
    topics = {f.value: f.count for f in page.topics}
    assert topics == {"cyber": 1, "taiwan": 1, "ukraine": 1}
    assert not any(f.count.capped for f in [*page.media, *page.topics])


def test_a_write_from_another_session_is_counted_at_once(session, engine):
    facets.forget()
    make_event(session, date="2022-01-01")
    assert _page(session).total == 1
    with Session(engine) as other:  # another connection, as another process would write
        created = make_event(other, date="2022-02-01", medium="written")
    session.expire_all()
    page = _page(session)
    assert page.total == 2
    assert {f.value: f.count for f in page.media}["written"] == 1
    with Session(engine) as other:
        update_event(session=other, event_id=created.id,
                     data=EventUpdate.model_validate({**event_payload(date="2022-02-01"), "version": 1}))
    assert {f.value: f.count for f in _page(session).media}["written"] == 0


def test_a_delete_is_counted_at_once(session):
    facets.forget()
    first = make_event(session, date="2022-01-01")
    make_event(session, date="2022-01-02")
    assert _page(session).total == 2
    delete_event(session=session, event_id=first.id)
    assert _page(session).total == 1


def test_a_delete_from_another_session_is_counted_at_once(session, engine):
    """Another process's delete moves the record's generation: no count outlives it."""
    facets.forget()
    first = make_event(session, date="2022-01-01")
    make_event(session, date="2022-01-02")
    assert _page(session).total == 2
    with Session(engine) as other:
        delete_event(session=other, event_id=first.id)
    assert _page(session).total == 1


def test_filtered_counts_leave_out_their_own_kind(session):
    facets.forget()
    make_event(session, date="2022-01-01", topics=["Cyber"])
    make_event(session, date="2022-01-02", medium="written", topics=["Taiwan"])
    page = _page(session, [("medium", "written"), ("topic", "taiwan")])
    assert page.total == 1
    # Media counted under the topic filter alone, topics under the medium filter alone.
    assert {f.value: f.count for f in page.media}["phone_call"] == 0
    assert {f.value: f.count for f in page.media}["written"] == 1
    assert {f.value: f.count for f in page.topics} == {"cyber": 0, "taiwan": 1}


def test_the_api_says_when_the_count_is_capped(client, session, monkeypatch):
    monkeypatch.setattr(facets, "COUNT_LIMIT", 1)
    facets.forget()
    make_event(session, date="2022-01-01")
    assert client.get("/api/events").json()["count_capped"] is False
    make_event(session, date="2022-01-02")
    body = client.get("/api/events").json()
    assert body["count"] == 1 and body["count_capped"] is True and len(body["data"]) == 2
