"""Event commands (create, update, delete, restore, add sources) and loading events with
everything a page shows.

Every write is one transaction that also keeps the full-text index in step and records a
revision (app.services.revisions): the change and its revision are committed together or not at
all. `editor` in every write is what app.deps.EditorDep gives: an object with a `.name`, or None
for the system (seeds, CLI, no sign-in). Deletes are soft: a deleted event keeps its row and
history, every read leaves it out (app.services.live), and `restore_event` brings it back.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import bindparam, func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, delete, select, update

from app.models import (
    Article,
    Event,
    EventTopic,
    Official,
    Participation,
    Revision,
    Source,
    Topic,
    new_uuid,
    utcnow,
)
from app.schemas import (
    EVENT_FIELDS,
    EventCreate,
    EventIn,
    EventPublic,
    EventUpdate,
    SourceIn,
    SourceOut,
)
from app.services import counts, label_counts, search
from app.services.live import live_events
from app.services.officials import find_official, resolve_officials
from app.services.revisions import (
    EVENT,
    Change,
    Editor,
    HistoryEntry,
    diff,
    history,
    latest_revision,
    payload,
    record_revision,
    revisions_after,
    snapshot,
    source_key,
    version_snapshot,
)
from app.services.topics import topic_ids

__all__ = ["EVENT_FIELDS"]  # re-exported: older imports take the field list from here

_event, _participation, _official = Event.__table__, Participation.__table__, Official.__table__
_event_topic, _topic, _source = EventTopic.__table__, Topic.__table__, Source.__table__


class EventNotFound(LookupError):
    pass


class EventDeleted(EventNotFound):
    """The event exists but was deleted (soft): only its page, history and restore see it.
    `merged_into`: the event it was merged into, when a merge deleted it."""

    def __init__(self, event_id: int, deleted_at: datetime | None, deleted_by: str | None,
                 merged_into: int | None = None):
        super().__init__(event_id)
        self.event_id, self.deleted_at, self.deleted_by = event_id, deleted_at, deleted_by
        self.merged_into = merged_into


class VersionConflict(Exception):
    """The event is no longer at the version the editor started from; nothing was written.

    `changes` is what happened between that version and now (None when the history does not
    reach back to it), `by` the editors who made those changes."""

    def __init__(self, current: EventPublic, *, started_from: int,
                 changes: list[Change] | None = None, by: Sequence[str] = ()):
        super().__init__(f"event {current.id} is at version {current.version}")
        self.current, self.started_from, self.changes, self.by = current, started_from, changes, by


class UnknownArticle(ValueError):
    """A source links an article (`article_id`) that is not stored; nothing was written."""

    def __init__(self, article_ids: list[int]):
        super().__init__(f"No stored article has the id {', '.join(map(str, article_ids))}.")
        self.article_ids = article_ids


class RestoreRefused(ValueError):
    """That revision cannot be brought back (it belongs to another event, or records a delete,
    or its values no longer pass today's validation)."""


def _apply_fields(event: Event, data: EventIn) -> None:
    for field in EVENT_FIELDS:
        value = getattr(data, field)
        setattr(event, field, value.value if hasattr(value, "value") else value)


def _write_children(session: Session, event_id: int, data: EventIn,
                    articles: Mapping[tuple, int] | None = None) -> label_counts.Labels:
    """Participants, topics and sources of the event, inserted in one statement per table;
    returns the event's labels (topics, office pair) for the counts."""
    official_ids = resolve_officials(
        session, [(p.slug, p.name, p.side.value) for p in data.participants])
    if data.participants:
        session.execute(insert(_participation), [
            {"event_id": event_id, "official_id": official_id, "side": p.side.value,
             "title": p.title, "position": position}
            for position, (p, official_id) in enumerate(zip(data.participants, official_ids))
        ])
    topics = topic_ids(session, data.topics) if data.topics else []
    if topics:
        session.execute(insert(_event_topic), [
            {"event_id": event_id, "topic_id": topic_id} for topic_id in topics
        ])
    _add_source_rows(session, event_id, data.sources, articles=articles)
    return label_counts.labels(topics, [(p.side.value, p.title) for p in data.participants])


def _add_source_rows(session: Session, event_id: int, sources: Iterable[SourceIn],
                     start: int = 0, articles: Mapping[tuple, int] | None = None) -> None:
    """Source rows, in one statement. A source's own `article_id` links its stored article
    (UnknownArticle when none has that id); `articles` keeps the links of sources that stay
    (by source_key)."""
    sources = list(sources)
    _check_articles(session, sources)
    if sources:
        session.execute(insert(_source), [
            {"event_id": event_id, "url": s.url, "publisher": s.publisher,
             "published": s.published, "headline": s.headline, "quote": s.quote,
             "kind": s.kind.value, "position": position,
             "article_id": s.article_id or (
                 articles.get(source_key(s.model_dump())) if articles else None)}
            for position, s in enumerate(sources, start=start)
        ])


def _check_articles(session: Session, sources: Sequence[SourceIn]) -> None:
    """UnknownArticle when a source names an article id the database does not have."""
    wanted = {s.article_id for s in sources if s.article_id is not None}
    if not wanted:
        return
    found = set(session.exec(select(Article.id).where(col(Article.id).in_(wanted))).all())
    if wanted - found:
        raise UnknownArticle(sorted(wanted - found))


def article_links(session: Session, event_ids: Sequence[int]) -> dict[tuple, int]:
    """source_key -> article id of the events' sources that link an article: what rewriting
    an event's sources (an edit, a restore, a merge) keeps."""
    rows = session.exec(select(Source).where(col(Source.event_id).in_(list(event_ids)),
                                             col(Source.article_id).is_not(None))).all()
    return {source_key(s.model_dump()): s.article_id for s in rows}


def _clear_children(session: Session, event_id: int) -> None:
    for model in (Participation, EventTopic, Source):
        session.exec(delete(model).where(model.event_id == event_id))


def search_body(
    *,
    participants: Iterable[tuple[str | None, str]],
    location: str | None,
    channel: str | None,
    topics: Iterable[str],
    sources: Iterable[tuple[str, str | None, str]],
) -> str:
    """The indexed text beside title and summary: (name, title) of each participant, place,
    channel, topics, and (publisher, headline, quote) of each source. The benchmark's generator
    builds its index with the same function."""
    names = " ".join(f"{name or ''} {title}" for name, title in participants)
    quotes = " ".join(f"{publisher} {headline or ''} {quote}" for publisher, headline, quote in sources)
    return " ".join(filter(None, [names, location, channel, " ".join(topics), quotes]))


def _replace_contents(session: Session, event: Event, data: EventIn, *,
                      counted: bool = True, articles: Mapping[tuple, int] | None = None
                      ) -> EventPublic:
    """New fields and rows for `event`; the month counts follow (`counted`: the event was in
    them before, i.e. it was not deleted). A source that stays keeps its article link (and
    `articles` adds links by source_key). Returns the event as it now stands."""
    before = counts.key_of(event) if counted else None
    labelled = label_counts.labels_of(session, event.id) if counted else None
    links = {**article_links(session, [event.id]), **(articles or {})}
    _apply_fields(event, data)
    after = counts.key_of(event)
    counts.record_change(session, before=before, after=after)
    _clear_children(session, event.id)
    session.flush()
    found = _write_children(session, event.id, data, articles=links)
    label_counts.record(session, before=(before, labelled) if counted else None,
                        after=(after, found))
    return reindex(session, event.id)


def reindex(session: Session, event_id: int) -> EventPublic:
    """Index the event as it now stands; returns it as read for the index."""
    view = load_events(session, [event_id])[0]
    body = search_body(
        participants=((p.name, p.title) for p in view.participants),
        location=view.location,
        channel=view.channel,
        topics=view.topics,
        sources=((s.publisher, s.headline, s.quote) for s in view.sources),
    )
    search.index_event(session, event_id, title=view.title, summary=view.summary, body=body)
    return view


def _claim(session: Session, event_id: int, *, version: int | None, deleted: bool = False,
           **values) -> int | None:
    """Compare-and-set in one UPDATE: bump the version (and set `values`) only if the event is
    at `version` (any, when None) and deleted or not as `deleted` says. It takes SQLite's write
    lock, so of two editors who read the same version only the first wins, even if a session's
    copy is stale. Returns the new version, or None when nothing matched."""
    conds = [col(Event.id) == event_id,
             col(Event.deleted_at).is_not(None) if deleted else live_events()]
    if version is not None:
        conds.append(col(Event.version) == version)
    claimed = session.execute(
        update(Event).where(*conds)
        .values(version=Event.version + 1, updated_at=utcnow(), **values)
        .returning(Event.version)
        .execution_options(synchronize_session=False)
    ).first()
    # Copies loaded before the claim may be stale: read the row again from here on.
    session.expire_all()
    return claimed[0] if claimed else None


def _refusal(session: Session, event_id: int, *, version: int | None,
             restoring: bool = False) -> Exception:
    """Why a claim matched nothing: no such event, a deleted one (unless `restoring`, which
    expects that), or a newer version."""
    session.rollback()
    session.expire_all()
    event = session.get(Event, event_id)
    if event is None:
        return EventNotFound(event_id)
    if event.deleted_at is not None and not restoring:
        tombstone = deletion(session, event_id=event_id)
        return EventDeleted(event_id, event.deleted_at, tombstone.deleted_by,
                            tombstone.merged_into)
    current = get_event(session=session, event_id=event_id, include_deleted=True)
    started = version_snapshot(session, entity=EVENT, entity_id=event_id, version=version)
    later = revisions_after(session, entity=EVENT, entity_id=event_id, version=version)
    return VersionConflict(
        current, started_from=version,
        changes=diff(started, snapshot(current)) if started is not None else None,
        by=list(dict.fromkeys(r.editor for r in later)),
    )


def create_event(*, session: Session, data: EventCreate, editor: Editor | None = None,
                 commit: bool = True) -> EventPublic:
    now = utcnow()
    session.flush()  # Core statements below: earlier ORM changes of the session go first
    event_id = session.execute(insert(_event), {
        **{field: getattr(value, "value", value) for field, value in
           ((field, getattr(data, field)) for field in EVENT_FIELDS)},
        "uuid": new_uuid(), "created_at": now, "updated_at": now, "version": 1,
    }).inserted_primary_key[0]
    key = counts.key_of(data)
    counts.record_change(session, before=None, after=key)
    label_counts.record(session, before=None, after=(key, _write_children(session, event_id, data)))
    view = reindex(session, event_id)  # as committed: nothing changes it before the commit
    record_revision(session, entity=EVENT, entity_id=event_id, action="create", before=None,
                    after=snapshot(view), editor=editor)
    if commit:
        session.commit()
    return view


def update_event(*, session: Session, event_id: int, data: EventUpdate,
                 editor: Editor | None = None) -> EventPublic:
    """Replace the event's contents if it is still at `data.version`; else VersionConflict
    (with what changed since), EventDeleted or EventNotFound, and nothing is written."""
    version = _claim(session, event_id, version=data.version)
    if version is None:
        raise _refusal(session, event_id, version=data.version)
    before = snapshot(load_events(session, [event_id])[0]) | {"version": data.version}
    event = session.get(Event, event_id)
    session.refresh(event)
    view = _replace_contents(session, event, data)
    record_revision(session, entity=EVENT, entity_id=event_id, action="update", before=before,
                    after=snapshot(view), editor=editor)
    session.commit()
    return view


def delete_event(*, session: Session, event_id: int, editor: Editor | None = None,
                 version: int | None = None) -> None:
    """Soft delete: the event leaves every read, its row and history stay. With `version`, only
    if the event is still at that version (VersionConflict otherwise)."""
    new_version = _claim(session, event_id, version=version, deleted_at=utcnow())
    if new_version is None:
        raise _refusal(session, event_id, version=version)
    before = snapshot(load_events(session, [event_id])[0]) | {"version": new_version - 1}
    search.unindex_event(session, event_id)
    key = counts.key_of(session.get(Event, event_id))
    counts.record_change(session, before=key, after=None)
    label_counts.record(session, before=(key, label_counts.labels_of(session, event_id)),
                        after=None)
    record_revision(session, entity=EVENT, entity_id=event_id, action="delete", before=before,
                    after=None, editor=editor, version=new_version)
    session.commit()


def restore_event(*, session: Session, event_id: int, version: int,
                  revision_id: int | None = None, editor: Editor | None = None) -> EventPublic:
    """Bring back a deleted event, or an earlier version of an event (deleted or not): the
    contents of revision `revision_id` (as they were after that change). `version` is the
    event's version the editor saw; the restore is a new revision with a new version."""
    target = None
    if revision_id is not None:
        target = _restorable(session, event_id, revision_id)
    note = f"Restored version {target[0]}" if target else "Restored the deleted event"
    view = restore_contents(session, event_id, version=version,
                            contents=target[1] if target else None, editor=editor, note=note)
    if revision_id is not None:
        # Back to a version from before a merge: the events merged since come back too.
        from app.services.merge import unmerge_since

        unmerge_since(session, survivor_id=event_id, since_revision=revision_id + 1,
                      editor=editor)
    session.commit()
    return view


def restore_contents(session: Session, event_id: int, *, version: int | None,
                     contents: EventIn | None, editor: Editor | None, note: str,
                     related_id: int | None = None) -> EventPublic:
    """The restore without its commit: undelete the event (which also clears a merge
    pointer) and/or give it `contents`, if it is at `version` (any, when None)."""
    event = session.get(Event, event_id)
    if event is None:
        raise EventNotFound(event_id)
    was_deleted = event.deleted_at is not None
    if contents is None and not was_deleted:
        raise RestoreRefused("The event is not deleted: choose a version to restore.")
    new_version = _claim(session, event_id, version=version, deleted=was_deleted,
                         deleted_at=None, merged_into_id=None)
    if new_version is None:
        raise _refusal(session, event_id, version=version, restoring=was_deleted)
    before = None if was_deleted else \
        snapshot(load_events(session, [event_id])[0]) | {"version": new_version - 1}
    session.refresh(event)
    if contents is not None:
        _replace_contents(session, event, contents, counted=not was_deleted)
    else:
        key = counts.key_of(event)
        counts.record_change(session, before=None, after=key)
        label_counts.record(session, before=None,
                            after=(key, label_counts.labels_of(session, event_id)))
        reindex(session, event_id)
    view = load_events(session, [event_id])[0]
    record_revision(session, entity=EVENT, entity_id=event_id, action="restore", before=before,
                    after=snapshot(view), editor=editor, note=note, related_id=related_id)
    return view


def _restorable(session: Session, event_id: int, revision_id: int) -> tuple[int, EventIn]:
    revision = session.get(Revision, revision_id)
    if revision is None or revision.entity_type != EVENT or revision.entity_id != event_id:
        raise RestoreRefused("That version is not in this event's history.")
    if revision.after is None:
        raise RestoreRefused("That revision records a deletion: there is nothing to restore.")
    try:
        return revision.version, EventIn.model_validate(payload(revision.after))
    except ValidationError as exc:
        raise RestoreRefused(f"That version no longer passes validation: {exc.errors()[0]['msg']}"
                             ) from exc


@dataclass(frozen=True)
class Tombstone:
    """When and by whom a deleted event was deleted; `merged_into`: the event a merge folded
    it into (None for a plain delete)."""

    deleted_at: datetime
    deleted_by: str | None
    merged_into: int | None = None


def deletion(session: Session, *, event_id: int) -> Tombstone | None:
    event = session.get(Event, event_id)
    if event is None or event.deleted_at is None:
        return None
    revision = latest_revision(session, entity=EVENT, entity_id=event_id,
                               action=("delete", "merge"))
    return Tombstone(event.deleted_at, revision.editor if revision else None,
                     event.merged_into_id)


def get_event(*, session: Session, event_id: int, include_deleted: bool = False) -> EventPublic:
    """One event; EventDeleted for a deleted one unless `include_deleted` (its page, history)."""
    views = load_events(session, [event_id])
    if not views:
        raise EventNotFound(event_id)
    if not include_deleted:
        tombstone = deletion(session, event_id=event_id)
        if tombstone is not None:
            raise EventDeleted(event_id, tombstone.deleted_at, tombstone.deleted_by,
                               tombstone.merged_into)
    return views[0]


def _by_ids(table, column: str):
    """The rows of `table` whose `column` is in the :ids list, as a prepared Core statement."""
    return table.c[column].in_(bindparam("ids", expanding=True))


# Built once: each page runs the same four statements with another list of ids.
_LOAD_EVENTS = sa_select(_event).where(_by_ids(_event, "id"))
_LOAD_PARTICIPANTS = (
    sa_select(_participation.c.event_id, _participation.c.side, _participation.c.title,
              _official.c.name, _official.c.slug)
    .select_from(_participation.outerjoin(_official, _participation.c.official_id == _official.c.id))
    .where(_by_ids(_participation, "event_id"))
    .order_by(_participation.c.event_id, _participation.c.position)
)
_LOAD_TOPICS = (
    sa_select(_event_topic.c.event_id, _topic.c.name)
    .select_from(_event_topic.join(_topic, _topic.c.id == _event_topic.c.topic_id))
    .where(_by_ids(_event_topic, "event_id"))
    .order_by(_topic.c.name)
)
_LOAD_SOURCES = (
    sa_select(_source.c.event_id, *(_source.c[name] for name in SourceOut.model_fields))
    .where(_by_ids(_source, "event_id"))
    .order_by(_source.c.event_id, _source.c.position)
)


def load_events(session: Session, ids: Sequence[int]) -> list[EventPublic]:
    """Events with participants, topics and sources, in the order of `ids`: four queries in all.

    Prepared Core statements and plain rows rather than ORM objects (no statement building, no
    identity map), validated once, as dicts, into EventPublic: a page of 50 takes about a
    millisecond, a quarter of what the ORM took."""
    if not ids:
        return []
    session.flush()  # Core statements do not autoflush; pending changes must be read too
    params = {"ids": list(ids)}
    # fetchall and zip with the keys once: iterating a result fetches row by row, and
    # Row._asdict builds its keys again for every row (a fifth of /api/events' CPU time).
    result = session.execute(_LOAD_EVENTS, params)
    keys = list(result.keys())
    events = {row[0]: dict(zip(keys, row)) for row in result.all()}  # id is the first column
    participants: dict[int, list[dict]] = defaultdict(list)
    for event_id, side, title, name, slug in session.execute(_LOAD_PARTICIPANTS, params).all():
        participants[event_id].append({"name": name, "slug": slug, "side": side, "title": title})
    topics: dict[int, list[str]] = defaultdict(list)
    for event_id, name in session.execute(_LOAD_TOPICS, params).all():
        topics[event_id].append(name)
    sources: dict[int, list[dict]] = defaultdict(list)
    result = session.execute(_LOAD_SOURCES, params)
    keys = list(result.keys())[1:]
    for row in result.all():
        sources[row[0]].append(dict(zip(keys, row[1:])))
    return [
        EventPublic.model_validate(
            {**events[i], "participants": participants[i], "topics": topics[i], "sources": sources[i]}
        )
        for i in ids
        if i in events
    ]


SIMILAR_WINDOW = timedelta(days=1)


def find_similar_events(*, session: Session, date: date, names: Iterable[str],
                        end_date: date | None = None, medium: str | None = None,
                        exclude_id: int | None = None, limit: int = 5,
                        window: timedelta = SIMILAR_WINDOW) -> list[EventPublic]:
    """Live events within `window` (a day) of `date` (of `date` to `end_date` for talks over
    several days: an event's own days count too) that share a participant with `names`
    (aliases count), and of that `medium` when one is given.

    Names that match no official cannot be compared and are ignored; so are delegations.
    """
    official_ids = {o.id for o in (find_official(session, n) for n in names if n) if o}
    if not official_ids:
        return []
    last = end_date if end_date is not None and end_date > date else date
    # IN, not JOIN + DISTINCT: PostgreSQL refuses DISTINCT with ORDER BY on unselected columns.
    query = (
        select(Event.id)
        .where(col(Event.id).in_(
            select(Participation.event_id).where(col(Participation.official_id).in_(official_ids))
        ))
        .where(col(Event.date) <= last + window)
        .where(func.coalesce(Event.end_date, Event.date) >= date - window)
        .where(live_events())
        .order_by(Event.date, Event.id)
        .limit(limit)
    )
    if medium is not None:
        query = query.where(Event.medium == medium)
    if exclude_id is not None:
        query = query.where(Event.id != exclude_id)
    return load_events(session, list(session.exec(query).all()))


def add_sources(*, session: Session, event_id: int, sources: Sequence[SourceIn],
                editor: Editor | None = None, commit: bool = True) -> EventPublic:
    """Attach sources to an existing event (one contact, another report); skips the URLs and
    stored articles it already has.

    Bumps the version, so an editor holding the old one cannot overwrite the new sources, and
    records an "add_sources" revision. A deleted event raises EventDeleted. With
    `commit=False` the caller's transaction goes on (and nothing is written when every source
    was already there)."""
    if not _new_sources(session, event_id, sources):  # nothing to write: no lock, no version
        return get_event(session=session, event_id=event_id)
    # Claim: from here this transaction holds the write lock, so the sources read below and
    # the "before" snapshot are those of the version this change replaces.
    version = _claim(session, event_id, version=None)
    if version is None:
        raise _refusal(session, event_id, version=None)
    new = _new_sources(session, event_id, sources)
    if not new and commit:  # another writer added them in between
        session.rollback()
        return get_event(session=session, event_id=event_id)
    before = snapshot(load_events(session, [event_id])[0]) | {"version": version - 1}
    last = session.exec(select(func.max(Source.position)).where(Source.event_id == event_id)).one()
    _add_source_rows(session, event_id, new, start=(last if last is not None else -1) + 1)
    session.flush()
    counts.touch(session)  # no count moves, but cached figures (/stats) are computed again
    reindex(session, event_id)
    view = load_events(session, [event_id])[0]
    record_revision(session, entity=EVENT, entity_id=event_id, action="add_sources",
                    before=before, after=snapshot(view), editor=editor)
    if commit:
        session.commit()
    return view


def _new_sources(session: Session, event_id: int, sources: Sequence[SourceIn]) -> list[SourceIn]:
    """The sources the event does not have yet: not its URLs, not its stored articles."""
    existing = session.exec(select(Source.url, Source.article_id)
                            .where(Source.event_id == event_id)).all()
    known_urls = {url for url, _ in existing if url}
    known_articles = {article for _, article in existing if article}
    new = []
    for source in sources:
        if source.url and source.url in known_urls or source.article_id and \
                source.article_id in known_articles:
            continue
        known_urls.add(source.url)
        known_articles.add(source.article_id)
        new.append(source)
    return new


@dataclass(frozen=True)
class EventHistory:
    """An event (deleted or not) with its revisions, newest first: what its page shows."""

    event: EventPublic
    deleted: Tombstone | None
    entries: list[HistoryEntry]


def event_history(*, session: Session, event_id: int) -> EventHistory:
    view = get_event(session=session, event_id=event_id, include_deleted=True)
    tombstone = deletion(session, event_id=event_id)
    entries = history(session, entity=EVENT, entity_id=event_id, current_version=view.version,
                      deleted=tombstone is not None)
    from app.services.merge import mark_undoable_merges

    return EventHistory(view, tombstone, mark_undoable_merges(session, event_id, entries))
