"""Merging two events into one: union without duplicates, revisions for both, undo."""

import pytest
from sqlmodel import select

from app.models import Article, Event, Revision, Source
from app.services.events import (
    EventDeleted,
    VersionConflict,
    delete_event,
    get_event,
    restore_event,
)
from app.services.merge import (
    MergeRefused,
    merge_candidates,
    merge_events,
    merge_pointer,
    undo_merge,
)
from app.services.revisions import snapshot
from tests.factories import make_event, search_hits

AUSTIN = {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"}
WEI = {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"}
AP = {"url": "https://example.org/ap", "publisher": "AP", "quote": "Austin spoke with Wei."}
XINHUA = {"url": "https://example.org/xinhua", "publisher": "Xinhua", "kind": "cn_readout",
          "quote": "Wei Fenghe held a phone call with Austin."}


def _pair(session):
    """The same call recorded twice: from the US side (month only) and the Chinese side."""
    survivor = make_event(session, title="Austin and Wei speak", date="2022-04-01",
                          date_precision="month", summary="", location=None,
                          participants=[AUSTIN, WEI | {"title": ""}], topics=["Taiwan"],
                          sources=[AP])
    other = make_event(session, title="Wei Fenghe holds call with Austin", date="2022-04-20",
                       date_precision="day", summary="Talks on Taiwan and Ukraine.",
                       duration_minutes=45, initiated_by="US",
                       participants=[WEI, AUSTIN | {"name": "lloyd austin"},
                                     {"name": None, "side": "CN", "title": "PLA delegation"}],
                       topics=["taiwan", "Ukraine"], sources=[AP, XINHUA])
    return survivor, other


def _merge(session, survivor, other, **kwargs):
    return merge_events(session=session, event_id=survivor.id, other_id=other.id,
                        version=survivor.version, other_version=other.version, **kwargs)


class Who:
    name = "alice"


def test_merge_unites_participants_topics_and_sources_without_duplicates(session):
    survivor, other = _pair(session)
    merged = _merge(session, survivor, other)
    assert [(p.side.value, p.name, p.title) for p in merged.participants] == [
        ("US", "Lloyd Austin", "Secretary of Defense"),
        ("CN", "Wei Fenghe", "Minister of National Defense"),  # the title it lacked, filled
        ("CN", None, "PLA delegation"),
    ]
    assert merged.topics == ["Taiwan", "Ukraine"]
    assert [s.url for s in merged.sources] == [AP["url"], XINHUA["url"]]
    assert search_hits(session, "Xinhua") == [survivor.id]


def test_merge_keeps_the_survivors_fields_and_fills_the_empty_ones(session):
    survivor, other = _pair(session)
    merged = _merge(session, survivor, other)
    assert merged.title == "Austin and Wei speak"  # the survivor's
    # The other's date is more precise; empty fields are filled from it.
    assert (str(merged.date), merged.date_precision.value) == ("2022-04-20", "day")
    assert merged.summary == "Talks on Taiwan and Ukraine."
    assert (merged.duration_minutes, merged.initiated_by.value) == (45, "US")
    assert merged.version == survivor.version + 1


def test_a_precise_survivor_keeps_its_date(session):
    survivor = make_event(session, date="2022-04-21", location="Beijing")
    other = make_event(session, date="2022-04-20", location="Washington", title="Other")
    merged = _merge(session, survivor, other)
    assert (str(merged.date), merged.location) == ("2022-04-21", "Beijing")


def test_the_merged_event_is_deleted_with_a_pointer_and_both_have_revisions(session):
    survivor, other = _pair(session)
    _merge(session, survivor, other, editor=Who())
    with pytest.raises(EventDeleted) as gone:
        get_event(session=session, event_id=other.id)
    assert gone.value.merged_into == survivor.id and gone.value.deleted_by == "alice"
    row = session.get(Event, other.id)
    assert row.merged_into_id == survivor.id and row.deleted_at is not None
    revisions = session.exec(select(Revision).where(Revision.action == "merge")
                             .order_by(Revision.id)).all()
    assert [(r.entity_id, r.related_id, r.editor) for r in revisions] == [
        (survivor.id, other.id, "alice"), (other.id, survivor.id, "alice")]
    assert revisions[0].before["version"] == survivor.version
    assert revisions[0].after == snapshot(get_event(session=session, event_id=survivor.id))
    assert revisions[1].after is None and revisions[1].before["title"] == other.title
    assert search_hits(session, "Fenghe") == [survivor.id]
    pointer = merge_pointer(session, event_id=other.id)
    assert (pointer.survivor.id, pointer.revision_id) == (survivor.id, revisions[0].id)


def test_undo_brings_back_both(session):
    survivor, other = _pair(session)
    before = snapshot(survivor)
    merged = _merge(session, survivor, other)
    revision = session.exec(select(Revision).where(Revision.action == "merge",
                                                   Revision.entity_id == survivor.id)).one()
    restored = undo_merge(session=session, event_id=survivor.id, revision_id=revision.id,
                          version=merged.version, editor=Who())
    assert snapshot(restored) | {"version": 0} == before | {"version": 0}
    back = get_event(session=session, event_id=other.id)
    assert snapshot(back) | {"version": 0} == snapshot(other) | {"version": 0}
    assert session.get(Event, other.id).merged_into_id is None
    notes = session.exec(select(Revision.entity_id, Revision.note)
                         .where(Revision.action == "restore").order_by(Revision.id)).all()
    assert notes == [(survivor.id, f"Undid the merge of event {other.id}"),
                     (other.id, f"Undid the merge into event {survivor.id}")]
    assert sorted(search_hits(session, "Xinhua")) == [other.id]


def test_restoring_the_survivor_to_a_version_before_the_merge_brings_the_other_back(session):
    survivor, other = _pair(session)
    merged = _merge(session, survivor, other)
    create = session.exec(select(Revision).where(Revision.entity_id == survivor.id,
                                                 Revision.action == "create")).one()
    restore_event(session=session, event_id=survivor.id, version=merged.version,
                  revision_id=create.id)
    assert get_event(session=session, event_id=other.id).title == other.title
    assert [s.url for s in get_event(session=session, event_id=survivor.id).sources] == [AP["url"]]


def test_an_other_restored_on_its_own_is_left_alone_by_the_undo(session):
    survivor, other = _pair(session)
    merged = _merge(session, survivor, other)
    gone = session.get(Event, other.id)
    restore_event(session=session, event_id=other.id, version=gone.version)
    assert session.get(Event, other.id).merged_into_id is None
    revision = session.exec(select(Revision).where(Revision.action == "merge",
                                                   Revision.entity_id == survivor.id)).one()
    undo_merge(session=session, event_id=survivor.id, revision_id=revision.id,
               version=merged.version)
    restores = session.exec(select(Revision).where(Revision.entity_id == other.id,
                                                   Revision.action == "restore")).all()
    assert len(restores) == 1  # its own restore only


def test_merge_keeps_article_links(session):
    survivor, other = _pair(session)
    article = Article(content_hash="h" * 64, title="Xinhua", text="Wei Fenghe held a call.")
    session.add(article)
    session.flush()
    row = session.exec(select(Source).where(Source.event_id == other.id,
                                            Source.url == XINHUA["url"])).one()
    row.article_id = article.id
    session.commit()
    _merge(session, survivor, other)
    linked = session.exec(select(Source.event_id).where(Source.article_id == article.id)
                          .order_by(Source.event_id)).all()
    assert linked == [survivor.id, other.id]  # the merged event keeps its own rows


def test_merging_an_event_with_itself_is_refused(session):
    event = make_event(session)
    with pytest.raises(MergeRefused, match="itself"):
        merge_events(session=session, event_id=event.id, other_id=event.id,
                     version=1, other_version=1)


def test_merging_with_a_deleted_event_is_refused_and_changes_nothing(session):
    survivor, other = _pair(session)
    delete_event(session=session, event_id=other.id)
    with pytest.raises(EventDeleted):
        _merge(session, survivor, other)
    assert get_event(session=session, event_id=survivor.id).version == survivor.version


@pytest.mark.parametrize("stale", ["survivor", "other"])
def test_a_stale_version_of_either_event_is_refused_and_nothing_is_written(session, stale):
    survivor, other = _pair(session)
    count = len(session.exec(select(Revision)).all())
    kwargs = {"version": survivor.version, "other_version": other.version}
    kwargs["version" if stale == "survivor" else "other_version"] += 5
    with pytest.raises(VersionConflict) as conflict:
        merge_events(session=session, event_id=survivor.id, other_id=other.id, **kwargs)
    assert conflict.value.current.id == (survivor.id if stale == "survivor" else other.id)
    assert len(session.exec(select(Revision)).all()) == count
    assert get_event(session=session, event_id=survivor.id).version == survivor.version
    assert get_event(session=session, event_id=other.id).version == other.version


def test_a_merge_past_a_limit_is_refused(session):
    many = [{"url": f"https://example.org/{i}", "publisher": "AP"} for i in range(30)]
    survivor = make_event(session, sources=many[:26])
    other = make_event(session, sources=many[4:], title="Other")
    assert len(_merge(session, survivor, other).sources) == 30
    third = make_event(session, sources=[{"url": f"https://example.org/x{i}", "publisher": "AP"}
                                         for i in range(21)], title="Third")
    survivor = get_event(session=session, event_id=survivor.id)
    with pytest.raises(MergeRefused, match="sources"):
        _merge(session, survivor, third)
    assert get_event(session=session, event_id=third.id).version == 1


def test_merge_candidates_share_medium_dates_and_a_participant(session):
    event = make_event(session, date="2022-04-20")
    near = make_event(session, date="2022-04-23", title="Near")
    make_event(session, date="2022-04-25", title="Too far")
    make_event(session, date="2022-04-20", medium="video_conference", title="Other medium")
    make_event(session, date="2022-04-20", title="Others",
               participants=[{"name": "Mark Milley", "side": "US", "title": ""}])
    assert [e.id for e in merge_candidates(session=session, event=event)] == [near.id]


def test_an_event_merged_away_since_cannot_undo_its_own_merge_first(session):
    survivor, other = _pair(session)
    merged = _merge(session, survivor, other)
    third = make_event(session, date="2022-04-20", title="Third report")
    merge_events(session=session, event_id=third.id, other_id=survivor.id, version=1,
                 other_version=merged.version)
    revision = session.exec(select(Revision).where(Revision.action == "merge",
                                                   Revision.entity_id == survivor.id,
                                                   Revision.related_id == other.id)).one()
    from app.services.events import RestoreRefused

    with pytest.raises(RestoreRefused, match=f"merged into event {third.id}"):
        undo_merge(session=session, event_id=survivor.id, revision_id=revision.id,
                   version=merged.version + 1)
