"""Revisions: who changed which record, when, and the whole record before and after.

Every write service calls `record_revision` in the same transaction as the change, so a change
and its revision are committed together or not at all. The editor contract of every write
service (create, update, delete, restore, add_sources, merge, ...): `editor` is what
`app.deps.EditorDep` gives, i.e. an object with a `.name` (the signed-in editor), or None for
the system (seeds, CLI commands, requests before sign-in exists). The revision keeps the name as
a string, so the record stays attributable if the editor is removed later.

A snapshot is the event as JSON: its fields, participants (name, side, title), topics and
sources, plus its version. It is also a valid create payload, which is how a restore applies it.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.domain import label
from app.models import Revision, utcnow
from app.schemas import EVENT_FIELDS, ChangeOut, EventPublic, RevisionPublic

SYSTEM = "system"
EVENT = "event"
EXCERPT = 120  # characters of a long text shown in a diff

FIELD_LABELS = {
    "date": "Date",
    "date_precision": "Date precision",
    "end_date": "End date",
    "medium": "Medium",
    "channel": "Channel",
    "status": "Status",
    "category": "Category",
    "title": "Title",
    "summary": "Summary",
    "location": "Location",
    "duration_minutes": "Duration (minutes)",
    "initiated_by": "Who initiated",
    "uncertain_reason": "Why the record is uncertain",
    "participants": "Participants",
    "topics": "Topics",
    "sources": "Sources",
}
# Fields whose stored value is a code that app.domain.LABELS spells out.
_LABEL_KINDS = {"medium": "medium", "status": "status", "category": "category",
                "date_precision": "precision", "initiated_by": "initiator"}
_SOURCE_FIELDS = ("url", "publisher", "published", "headline", "quote", "kind")
SOURCE_LABELS = {"url": "Web address", "publisher": "Publisher", "published": "Published",
                 "headline": "Headline", "quote": "Quote", "kind": "Kind"}


class Editor(Protocol):
    name: str


def editor_name(editor: Editor | None) -> str:
    """The name a revision records: the editor's, or "system"."""
    if editor is None:
        return SYSTEM
    return str(editor.name)[:200] or SYSTEM


# --- snapshots -----------------------------------------------------------------------------


def snapshot(view: EventPublic) -> dict[str, Any]:
    """The whole event as JSON (a create payload plus `version`)."""
    data = view.model_dump(mode="json", include=set(EVENT_FIELDS))
    data["participants"] = [{"name": p.name, "side": p.side.value, "title": p.title}
                            for p in view.participants]
    data["topics"] = list(view.topics)
    data["sources"] = [s.model_dump(mode="json", include=set(_SOURCE_FIELDS))
                       for s in view.sources]
    data["version"] = view.version
    return data


def payload(snap: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot as the fields an EventCreate/EventUpdate validates (without the version)."""
    return {k: v for k, v in snap.items() if k != "version"}


# --- writing and reading -------------------------------------------------------------------


_INSERT_REVISION = insert(Revision.__table__)


def record_revision(session: Session, *, entity: str, entity_id: int, action: str,
                    before: dict | None, after: dict | None, editor: Editor | None,
                    version: int | None = None, note: str | None = None,
                    related_id: int | None = None) -> None:
    """Add a revision to the session's transaction; the caller commits it with the change.
    `related_id`: the other event of a merge. One prepared INSERT (no ORM unit of work: a
    revision is written once, never changed)."""
    session.execute(_INSERT_REVISION, {
        "entity_type": entity, "entity_id": entity_id, "action": action,
        "editor": editor_name(editor), "created_at": utcnow(), "before": before, "after": after,
        "note": note[:500] if note else None, "related_id": related_id,
        "version": version if version is not None else (after or before or {}).get("version"),
    })


def revisions_of(session: Session, *, entity: str, entity_id: int) -> list[Revision]:
    """A record's revisions, newest first."""
    return list(session.exec(
        select(Revision)
        .where(Revision.entity_type == entity, Revision.entity_id == entity_id)
        .order_by(col(Revision.id).desc())
    ).all())


def latest_revision(session: Session, *, entity: str, entity_id: int,
                    action: str | tuple[str, ...] | None = None) -> Revision | None:
    """The newest revision of a record (of that action, or of one of those actions)."""
    query = select(Revision).where(Revision.entity_type == entity,
                                   Revision.entity_id == entity_id)
    if isinstance(action, str):
        query = query.where(Revision.action == action)
    elif action:
        query = query.where(col(Revision.action).in_(action))
    return session.exec(query.order_by(col(Revision.id).desc()).limit(1)).first()


def version_snapshot(session: Session, *, entity: str, entity_id: int,
                     version: int) -> dict | None:
    """The record as it was at `version`, if its history has it."""
    revision = session.exec(
        select(Revision)
        .where(Revision.entity_type == entity, Revision.entity_id == entity_id,
               Revision.version == version, col(Revision.after).is_not(None))
        .order_by(col(Revision.id).desc()).limit(1)
    ).first()
    return revision.after if revision else None


def revisions_after(session: Session, *, entity: str, entity_id: int,
                    version: int) -> list[Revision]:
    """The changes made since `version` (oldest first): who moved the record on."""
    return list(session.exec(
        select(Revision)
        .where(Revision.entity_type == entity, Revision.entity_id == entity_id,
               col(Revision.version) > version)
        .order_by(col(Revision.id))
    ).all())


# --- export and import, "as they were" -----------------------------------------------------

_COLUMNS = ("id", "entity_type", "entity_id", "action", "editor", "created_at", "version",
            "note", "related_id", "before", "after")


def list_revisions(session: Session, *, entity: str | None = None, after_id: int = 0,
                   limit: int | None = None) -> list[dict[str, Any]]:
    """Revisions (oldest first; past `after_id`, at most `limit`) as JSON-ready dicts, for
    `contacts export`."""
    query = select(Revision).where(col(Revision.id) > after_id).order_by(col(Revision.id))
    if entity:
        query = query.where(Revision.entity_type == entity)
    if limit is not None:
        query = query.limit(limit)
    rows = []
    for revision in session.exec(query).all():
        row = {c: getattr(revision, c) for c in _COLUMNS}
        row["created_at"] = revision.created_at.isoformat()
        rows.append(row)
    return rows


def insert_revisions(session: Session, *, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert exported revisions unchanged (ids, editors and times kept), for `contacts import`.
    The caller commits, with the records they belong to."""
    count = 0
    for row in rows:
        values = {c: row.get(c) for c in _COLUMNS}
        created = values["created_at"]
        values["created_at"] = datetime.fromisoformat(created) if isinstance(created, str) \
            else created
        session.add(Revision(**values))
        count += 1
    session.flush()
    return count


# --- diffs in words ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str  # a field name, "participants", "topics" or "sources"
    kind: str  # changed | added | removed
    label: str  # what changed, as a person reads it
    before: str | None = None
    after: str | None = None

    @property
    def text(self) -> str:
        if self.kind == "added":
            return f"{self.label} added: {self.after}"
        if self.kind == "removed":
            return f"{self.label} removed: {self.before}"
        return f"{self.label}: {self.before or '—'} → {self.after or '—'}"

    def public(self) -> ChangeOut:
        return ChangeOut(field=self.field, kind=self.kind, label=self.label, before=self.before,
                         after=self.after, text=self.text)


def _words(field: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field in _LABEL_KINDS:
        return label(_LABEL_KINDS[field], str(value))
    text = " ".join(str(value).split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _source_words(field: str, value: Any) -> str:
    return label("source_kind", value) if field == "kind" and value else _words(field, value)


def _person(p: Mapping[str, Any]) -> str:
    side = label("side", p.get("side"))
    who = p.get("name") or "Delegation"
    title = p.get("title")
    return f"{who} ({side}{', ' + title if title else ''})"


def person_key(p: Mapping[str, Any]) -> tuple:
    """Which participant a row is, across versions (and across the two events of a merge)."""
    # A named person is one row whatever their title; a delegation is known by its title.
    name = p.get("name")
    return (p.get("side"), name.casefold()) if name else (p.get("side"), None,
                                                         (p.get("title") or "").casefold())


def _source_name(s: Mapping[str, Any]) -> str:
    return ", ".join(filter(None, [s.get("publisher"), s.get("headline") or s.get("url")]))


def source_key(s: Mapping[str, Any]) -> tuple:
    """Which source a row is: its URL, or its words when it has none."""
    if s.get("url"):
        return ("url", s["url"])
    return ("text", s.get("publisher"), s.get("headline"), s.get("quote"))


def _keyed(rows: Sequence[Mapping[str, Any]], key) -> dict:
    out: dict = {}
    for row in rows:
        out.setdefault(key(row), row)
    return out


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """What differs between two snapshots, field by field, in words (empty for a create or a
    delete: those say what happened by their action)."""
    if before is None or after is None:
        return []
    changes = [
        Change(f, "changed", FIELD_LABELS[f], _words(f, before.get(f)), _words(f, after.get(f)))
        for f in EVENT_FIELDS
        if (before.get(f) or None) != (after.get(f) or None)
    ]
    old = _keyed(before.get("participants", []), person_key)
    new = _keyed(after.get("participants", []), person_key)
    for key, p in new.items():
        if key not in old:
            changes.append(Change("participants", "added", "Participant", after=_person(p)))
        elif (old[key].get("title") or "") != (p.get("title") or ""):
            changes.append(Change("participants", "changed", f"Title of {p.get('name')}",
                                  old[key].get("title"), p.get("title")))
    changes += [Change("participants", "removed", "Participant", before=_person(p))
                for key, p in old.items() if key not in new]
    old_topics = {t.casefold(): t for t in before.get("topics", [])}
    new_topics = {t.casefold(): t for t in after.get("topics", [])}
    changes += [Change("topics", "added", "Topic", after=t)
                for k, t in new_topics.items() if k not in old_topics]
    changes += [Change("topics", "removed", "Topic", before=t)
                for k, t in old_topics.items() if k not in new_topics]
    old_sources = _keyed(before.get("sources", []), source_key)
    new_sources = _keyed(after.get("sources", []), source_key)
    for key, s in new_sources.items():
        if key not in old_sources:
            changes.append(Change("sources", "added", "Source", after=_source_name(s)))
            continue
        for f in _SOURCE_FIELDS:
            was, now = old_sources[key].get(f), s.get(f)
            if (was or None) != (now or None):
                changes.append(Change("sources", "changed",
                                      f"Source {_source_name(s)}: {SOURCE_LABELS[f]}",
                                      _source_words(f, was), _source_words(f, now)))
    changes += [Change("sources", "removed", "Source", before=_source_name(s))
                for key, s in old_sources.items() if key not in new_sources]
    return changes


# --- history as pages and the API show it ---------------------------------------------------

ACTION_WORDS = {
    "create": "Created",
    "update": "Edited",
    "delete": "Deleted",
    "restore": "Restored",
    "add_sources": "Sources added",
    "merge": "Merged",
}


@dataclass(frozen=True)
class HistoryEntry:
    revision: Revision
    changes: list[Change]
    restorable: bool  # an earlier version that an editor may bring back
    # A merge into this event whose merged event is still merged: an editor may undo it.
    undoable_merge: bool = False

    @property
    def action_words(self) -> str:
        return ACTION_WORDS.get(self.revision.action, self.revision.action.replace("_", " "))


def history(session: Session, *, entity: str = EVENT, entity_id: int,
            current_version: int | None, deleted: bool = False) -> list[HistoryEntry]:
    """A record's revisions, newest first, each with what it changed; every version other than
    the current one can be restored (any version, when the record is deleted)."""
    entries = []
    for revision in revisions_of(session, entity=entity, entity_id=entity_id):
        restorable = revision.after is not None and (deleted or revision.version != current_version)
        entries.append(HistoryEntry(revision, diff(revision.before, revision.after), restorable))
    return entries


def public(entry: HistoryEntry) -> RevisionPublic:
    r = entry.revision
    return RevisionPublic(id=r.id, entity_type=r.entity_type, entity_id=r.entity_id,
                          action=r.action, editor=r.editor, created_at=r.created_at,
                          version=r.version, note=r.note,
                          changes=[c.public() for c in entry.changes], before=r.before,
                          after=r.after)
