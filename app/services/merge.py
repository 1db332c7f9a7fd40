"""Merging two events that turn out to be one contact (reported twice, or once by each side).

The survivor keeps its own fields, takes the more precise date and fills its empty fields from
the other; participants, topics and sources are united without duplicates (app.services
.revisions person_key / source_key say which rows are the same), article links kept. The other
event is deleted (soft) with `merged_into_id` pointing at the survivor. Both get a "merge"
revision in the same transaction, each naming the other (`related_id`).

Undoing a merge (`undo_merge`, or restoring the survivor to a version from before it) brings
the survivor back to its version before the merge and undeletes the merged event, which kept
its own rows all along, in one transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select, update

from app.models import Event, Revision, utcnow
from app.schemas import EventIn, EventPublic
from app.services import counts, label_counts, search
from app.services.events import (
    RestoreRefused,
    _claim,
    _refusal,
    _replace_contents,
    article_links,
    find_similar_events,
    get_event,
    load_events,
    restore_contents,
)
from app.services.revisions import (
    EVENT,
    Editor,
    HistoryEntry,
    payload,
    person_key,
    record_revision,
    snapshot,
    source_key,
)

MERGE = "merge"
# Likely duplicates: the same medium, within this many days, a shared participant.
CANDIDATE_WINDOW = timedelta(days=3)
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
# Fields the survivor keeps when it has them and takes from the other when it has not.
FILLED_FIELDS = ("channel", "summary", "location", "duration_minutes", "uncertain_reason")


class MergeRefused(ValueError):
    """These two events cannot be merged (the same event, or together past a limit)."""


def _empty(field: str, value: Any) -> bool:
    return value in (None, "") or (field == "initiated_by" and value == "unknown")


def merged_payload(survivor: EventPublic, other: EventPublic) -> dict[str, Any]:
    """What the survivor becomes: an EventIn payload (participants by slug where linked)."""
    keep = survivor.model_dump(mode="json")
    extra = other.model_dump(mode="json")
    data = {k: keep[k] for k in ("date", "date_precision", "end_date", "medium", "status",
                                 "category", "title", "initiated_by", *FILLED_FIELDS)}
    if PRECISION_RANK[extra["date_precision"]] > PRECISION_RANK[keep["date_precision"]]:
        data.update({k: extra[k] for k in ("date", "date_precision", "end_date")})
    elif (data["end_date"] is None and extra["end_date"] and data["date"] == extra["date"]
          and data["date_precision"] == extra["date_precision"]):
        data["end_date"] = extra["end_date"]
    for field in (*FILLED_FIELDS, "initiated_by"):
        if _empty(field, data[field]) and not _empty(field, extra[field]):
            data[field] = extra[field]
    people: dict[tuple, dict] = {}
    for p in keep["participants"] + extra["participants"]:
        row = {k: p[k] for k in ("name", "slug", "side", "title") if p[k] is not None}
        known = people.setdefault(person_key(p), row)
        if not known.get("title") and row.get("title"):
            known["title"] = row["title"]
    data["participants"] = list(people.values())
    topics: dict[str, str] = {}
    for t in keep["topics"] + extra["topics"]:
        topics.setdefault(t.casefold(), t)
    data["topics"] = list(topics.values())
    sources: dict[tuple, dict] = {}
    for s in keep["sources"] + extra["sources"]:
        sources.setdefault(source_key(s), {k: v for k, v in s.items() if k != "id"})
    data["sources"] = list(sources.values())
    return data


def preview(survivor: EventPublic, other: EventPublic) -> EventIn:
    """The merged event as it would be saved; MergeRefused when it would break a limit."""
    if survivor.id == other.id:
        raise MergeRefused("An event cannot be merged with itself: choose another event.")
    try:
        return EventIn.model_validate(merged_payload(survivor, other))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(x) for x in error["loc"][:1])
        raise MergeRefused(f"Together the two events do not make a valid event "
                           f"({where}: {error['msg']}). Edit one of them first.") from exc


def merge_events(*, session: Session, event_id: int, other_id: int, version: int,
                 other_version: int, editor: Editor | None = None) -> EventPublic:
    """Merge event `other_id` into `event_id`, if both are still at the versions the editor
    saw; else VersionConflict (of the one that moved), EventDeleted or EventNotFound, and
    nothing is written. Returns the survivor as it now stands."""
    if event_id == other_id:
        raise MergeRefused("An event cannot be merged with itself: choose another event.")
    claimed: dict[int, int] = {}
    # In id order, so that two merges of the same pair wait for each other, not deadlock.
    for eid, seen in sorted(((event_id, version), (other_id, other_version))):
        new_version = _claim(session, eid, version=seen)
        if new_version is None:
            raise _refusal(session, eid, version=seen)
        claimed[eid] = new_version
    survivor, other = load_events(session, [event_id, other_id])
    try:
        contents = preview(survivor, other)
    except MergeRefused:
        session.rollback()
        raise
    before = snapshot(survivor) | {"version": version}
    other_before = snapshot(other) | {"version": other_version}
    event = session.get(Event, event_id)
    session.refresh(event)
    view = _replace_contents(session, event, contents,
                             articles=article_links(session, [other_id]))
    record_revision(session, entity=EVENT, entity_id=event_id, action=MERGE, before=before,
                    after=snapshot(view), editor=editor, related_id=other_id,
                    note=f"Merged event {other_id} ({other.title}) into this one")
    merged = session.get(Event, other_id)
    key = counts.key_of(merged)
    counts.record_change(session, before=key, after=None)
    label_counts.record(session, before=(key, label_counts.labels_of(session, other_id)),
                        after=None)
    session.execute(update(Event).where(col(Event.id) == other_id)
                    .values(deleted_at=utcnow(), merged_into_id=event_id)
                    .execution_options(synchronize_session=False))
    search.unindex_event(session, other_id)
    record_revision(session, entity=EVENT, entity_id=other_id, action=MERGE,
                    before=other_before, after=None, editor=editor,
                    version=claimed[other_id], related_id=event_id,
                    note=f"Merged into event {event_id} ({view.title})")
    session.commit()
    session.expire_all()
    return view


def _merge_revision(session: Session, event_id: int, revision_id: int) -> Revision:
    revision = session.get(Revision, revision_id)
    if (revision is None or revision.entity_type != EVENT or revision.entity_id != event_id
            or revision.action != MERGE or revision.before is None or revision.after is None):
        raise RestoreRefused("That revision is no merge into this event: there is nothing to "
                             "undo.")
    return revision


def undo_merge(*, session: Session, event_id: int, revision_id: int, version: int,
               editor: Editor | None = None) -> EventPublic:
    """Undo the merge of revision `revision_id` (a "merge" of survivor `event_id`): the
    survivor goes back to its version before the merge (if it is still at `version`, the one
    the editor saw) and the merged event, and any merged into it since, are undeleted."""
    revision = _merge_revision(session, event_id, revision_id)
    survivor = session.get(Event, event_id)
    if survivor.merged_into_id is not None and survivor.deleted_at is not None:
        raise RestoreRefused(f"This event was itself merged into event "
                             f"{survivor.merged_into_id} since: undo that merge first.")
    try:
        contents = EventIn.model_validate(payload(revision.before))
    except ValidationError as exc:
        raise RestoreRefused(f"The version before the merge no longer passes validation: "
                             f"{exc.errors()[0]['msg']}") from exc
    view = restore_contents(session, event_id, version=version, contents=contents,
                            editor=editor, related_id=revision.related_id,
                            note=f"Undid the merge of event {revision.related_id}")
    unmerge_since(session, survivor_id=event_id, since_revision=revision.id, editor=editor)
    session.commit()
    return view


def unmerge_since(session: Session, *, survivor_id: int, since_revision: int,
                  editor: Editor | None) -> list[int]:
    """Undelete the events merged into the survivor by its merge revisions from
    `since_revision` on (those still merged into it); the caller commits."""
    others = session.exec(
        select(Revision.related_id)
        .where(Revision.entity_type == EVENT, Revision.entity_id == survivor_id,
               Revision.action == MERGE, col(Revision.id) >= since_revision,
               col(Revision.related_id).is_not(None))
        .order_by(col(Revision.id))
    ).all()
    undone = []
    for other_id in dict.fromkeys(others):
        other = session.get(Event, other_id)
        if other is None or other.deleted_at is None or other.merged_into_id != survivor_id:
            continue  # restored on its own, or deleted again since
        restore_contents(session, other_id, version=None, contents=None, editor=editor,
                         related_id=survivor_id,
                         note=f"Undid the merge into event {survivor_id}")
        undone.append(other_id)
    return undone


def mark_undoable_merges(session: Session, event_id: int,
                         entries: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """The history with each merge into this event whose merged event is still merged
    marked undoable."""
    related = {e.revision.related_id for e in entries
               if e.revision.action == MERGE and e.revision.after is not None
               and e.revision.related_id is not None}
    still = set()
    if related:
        still = set(session.exec(
            select(Event.id).where(col(Event.id).in_(related),
                                   col(Event.merged_into_id) == event_id,
                                   col(Event.deleted_at).is_not(None))).all())
    return [replace(e, undoable_merge=True) if e.revision.action == MERGE
            and e.revision.after is not None and e.revision.related_id in still else e
            for e in entries]


@dataclass(frozen=True)
class MergePointer:
    """Where a merged event went: the survivor, and the survivor's merge revision (what
    undoing the merge from the merged event's page posts)."""

    survivor: EventPublic
    revision_id: int | None


def merge_pointer(session: Session, *, event_id: int) -> MergePointer | None:
    event = session.get(Event, event_id)
    if event is None or event.merged_into_id is None or event.deleted_at is None:
        return None
    views = load_events(session, [event.merged_into_id])
    if not views:
        return None
    revision = session.exec(
        select(Revision.id)
        .where(Revision.entity_type == EVENT, Revision.entity_id == event.merged_into_id,
               Revision.action == MERGE, Revision.related_id == event_id)
        .order_by(col(Revision.id).desc()).limit(1)
    ).first()
    return MergePointer(views[0], revision)


def merge_candidates(*, session: Session, event: EventPublic,
                     limit: int = 5) -> list[EventPublic]:
    """Likely duplicates of an event: the same medium, dates within a few days, a shared
    participant."""
    names = [p.name for p in event.participants if p.name]
    return find_similar_events(session=session, date=event.date, names=names,
                               exclude_id=event.id, limit=limit, window=CANDIDATE_WINDOW,
                               medium=event.medium.value)


@dataclass(frozen=True)
class MergePlan:
    """What the confirmation page shows: both events and what the survivor would become."""

    survivor: EventPublic
    other: EventPublic
    result: EventIn | None
    refused: str | None  # why the two cannot be merged as they stand


def plan_merge(*, session: Session, event_id: int, other_id: int) -> MergePlan:
    """Both events (EventNotFound / EventDeleted for either) and the merge's result."""
    survivor = get_event(session=session, event_id=event_id)
    other = get_event(session=session, event_id=other_id)
    try:
        return MergePlan(survivor, other, preview(survivor, other), None)
    except MergeRefused as exc:
        return MergePlan(survivor, other, None, str(exc))
