"""SQLModel tables. Change them only together with a migration in migrations/versions."""

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_uuid() -> str:
    return str(uuid.uuid4())


def fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable)


def json_column() -> Column:
    return Column(JSON(none_as_null=True), nullable=True)


class Official(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200, index=True)
    country: str = Field(max_length=2)  # "US" | "CN"
    created_at: datetime = Field(default_factory=utcnow)


class OfficialAlias(SQLModel, table=True):
    __tablename__ = "official_alias"
    __table_args__ = (UniqueConstraint("official_id", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    official_id: int = Field(sa_column=fk("official.id"))
    alias: str = Field(max_length=200)
    # Lower-case, accents and punctuation stripped: what lookups compare.
    alias_key: str = Field(max_length=200, index=True)


class Event(SQLModel, table=True):
    __table_args__ = (
        # Keyset pagination walks (date, id) within the status filter, both ways.
        Index("ix_event_date_id", "date", "id"),
        Index("ix_event_status_date_id", "status", "date", "id"),
        Index("ix_event_medium_date_id", "medium", "date", "id"),
        Index("ix_event_category_date_id", "category", "date", "id"),
        # Facet counts (events per medium under the status filter) read only this index;
        # deleted_at is in it so that leaving out deleted events needs no table lookup.
        Index("ix_event_status_medium_category_date", "status", "medium", "category", "date",
              "deleted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # The stable identity an export carries, so an import recognises an event it already has.
    uuid: str = Field(default_factory=new_uuid, max_length=36, unique=True)
    date: date
    end_date: date | None = None
    date_precision: str = Field(default="day", max_length=5)
    medium: str = Field(max_length=20)
    channel: str | None = Field(default=None, max_length=200)
    status: str = Field(default="held", max_length=10)
    category: str = Field(default="defense", max_length=10)
    title: str = Field(max_length=300)
    summary: str = Field(default="", max_length=5000)
    location: str | None = Field(default=None, max_length=200)
    duration_minutes: int | None = None
    initiated_by: str = Field(default="unknown", max_length=7)
    # Set when sources disagree or only one weak source supports the record; says why.
    uncertain_reason: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1)
    # Soft delete: a deleted event stays (with its history) until restored. Every read of the
    # record leaves it out through app.services.live.live_events().
    deleted_at: datetime | None = None
    # Set on an event merged into another (app.services.merge): the survivor's id. The merged
    # event is deleted (soft) at the same time; undoing the merge clears both.
    merged_into_id: int | None = None


class Participation(SQLModel, table=True):
    __table_args__ = (
        Index("ix_participation_event", "event_id"),
        Index("ix_participation_official_event", "official_id", "event_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=fk("event.id"))
    # Null when the sources name only a delegation or an office, not a person.
    official_id: int | None = Field(
        default=None, sa_column=fk("official.id", nullable=True, ondelete="RESTRICT")
    )
    side: str = Field(max_length=2)
    title: str = Field(default="", max_length=300)
    position: int = Field(default=0)


class Topic(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    slug: str = Field(max_length=100, unique=True)


class EventTopic(SQLModel, table=True):
    __tablename__ = "event_topic"
    __table_args__ = (Index("ix_event_topic_topic_event", "topic_id", "event_id"),)

    event_id: int = Field(sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), primary_key=True))
    topic_id: int = Field(sa_column=Column(Integer, ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True))


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64, unique=True)
    title: str = Field(default="", max_length=500)
    text: str
    publisher: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Source(SQLModel, table=True):
    __table_args__ = (Index("ix_source_event", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=fk("event.id"))
    article_id: int | None = Field(
        default=None, sa_column=fk("article.id", nullable=True, ondelete="SET NULL")
    )
    url: str | None = Field(default=None, max_length=2000)
    publisher: str = Field(default="", max_length=200)
    published: date | None = None
    headline: str | None = Field(default=None, max_length=500)
    quote: str = Field(default="", max_length=5000)
    kind: str = Field(default="press", max_length=12)
    position: int = Field(default=0)


class Period(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    start: date
    end: date | None = None
    summary: str = Field(default="", max_length=5000)
    source_url: str | None = Field(default=None, max_length=2000)
    source_publisher: str | None = Field(default=None, max_length=200)


class Revision(SQLModel, table=True):
    """One change of one record: who, when, what, and the whole record before and after.

    Written in the same transaction as the change (app.services.revisions.record_revision).
    `entity_id` is no foreign key: the history of a record outlives the row. `editor` is the
    editor's name as a string, so the record stays attributable if the editor is removed.
    """

    __table_args__ = (Index("ix_revision_entity", "entity_type", "entity_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_type: str = Field(max_length=20)  # "event"
    entity_id: int
    action: str = Field(max_length=20)  # create | update | delete | restore | add_sources | merge
    editor: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    version: int | None = None  # the record's version after the change
    note: str | None = Field(default=None, max_length=500)
    # The other event of a merge: on the survivor's revision the merged event, on the merged
    # event's revision the survivor (None for every other action).
    related_id: int | None = None
    # SQL NULL (not JSON null) for "no record": a create has no before, a delete no after.
    before: dict | None = Field(default=None, sa_column=json_column())
    after: dict | None = Field(default=None, sa_column=json_column())


class EventMonthCount(SQLModel, table=True):
    """Held, declined, ... contacts per month, medium, category, initiator and certainty: what
    the rhythm chart, the timeline's facets and the counts of /stats read instead of scanning
    every event (app.services.counts keeps it in step with every write, in the same
    transaction)."""

    __tablename__ = "event_month_count"
    # The primary key with the count: a sum reads the index alone (the chart and the facets
    # after each write, 2 to 3 times faster at a million events).
    __table_args__ = (Index("ix_event_month_count_covering", "status", "category", "medium",
                            "initiated_by", "uncertain", "year", "month", "events"),)

    status: str = Field(max_length=10, primary_key=True)
    category: str = Field(max_length=10, primary_key=True)
    medium: str = Field(max_length=20, primary_key=True)
    initiated_by: str = Field(max_length=7, primary_key=True)
    uncertain: bool = Field(primary_key=True)  # uncertain_reason set: the certainty facet
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    events: int = 0


class EventMonthTotal(SQLModel, table=True):
    """event_month_count without category and initiator: what the timeline's chart and facets
    read when no category is chosen (a sixth of the rows: at a million events 4,500 held rows
    rather than 29,000, the chart after each write 14 ms -> 2 ms). Kept by the same writes."""

    __tablename__ = "event_month_total"
    # Months before media in the key: the chart's GROUP BY year, month, medium walks it in order.
    __table_args__ = (Index("ix_event_month_total_covering", "status", "year", "month",
                            "medium", "uncertain", "events"),)

    status: str = Field(max_length=10, primary_key=True)
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    medium: str = Field(max_length=20, primary_key=True)
    uncertain: bool = Field(primary_key=True)
    events: int = 0


class _LabelKey(SQLModel):
    """What the two tables of counts per label share: the label and the event's kind of
    contact (status, category, medium, certainty)."""

    kind: str = Field(max_length=10, primary_key=True)
    label: str = Field(max_length=450, primary_key=True)
    status: str = Field(max_length=10, primary_key=True)
    category: str = Field(max_length=10, primary_key=True)
    medium: str = Field(max_length=20, primary_key=True)
    uncertain: bool = Field(primary_key=True)


class EventLabelCount(_LabelKey, table=True):
    """Contacts per topic (kind "topic", label the topic id) and per office pair (kind
    "offices", label "US office\x1fChinese office"), per month, medium, category, status and
    certainty: the /stats figures and the timeline's topic facets read this rather than every
    event (app.services.counts keeps it)."""

    __tablename__ = "event_label_count"
    __table_args__ = (Index("ix_event_label_count_covering", "kind", "label", "status",
                            "category", "medium", "uncertain", "year", "month", "events"),)

    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    events: int = 0


class EventLabelTotal(_LabelKey, table=True):
    """event_label_count over all time (no year, no month): what the facets and /stats read
    when no date is chosen. At a million events a few thousand rows rather than 460,000: the
    topic counts after each write 20 ms -> under 1 ms. Kept by the same writes."""

    __tablename__ = "event_label_total"
    __table_args__ = (Index("ix_event_label_total_covering", "kind", "label", "status",
                            "category", "medium", "uncertain", "events"),)

    events: int = 0


class EventCountState(SQLModel, table=True):
    """One row: the highest event id event_month_count has seen (an event written around the
    services, by a bulk load, moves max(event.id) past it, and the counts are rebuilt), and a
    generation that every write through the services bumps."""

    __tablename__ = "event_count_state"

    id: int = Field(default=1, primary_key=True)
    max_event_id: int = 0
    # Bumped by every write through the services: what cached figures (/stats) are checked on.
    generation: int = 0


class Editor(SQLModel, table=True):
    """Someone who may change the record. Reading needs no account."""

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-case (app.services.editors.normalize_username): sign-in ignores case.
    username: str = Field(max_length=64, unique=True)
    # Argon2id in PHC string format (pwdlib), never the password itself.
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    editor_id: int = Field(sa_column=fk("editor.id"))
    # SHA-256 hex of the token: the token itself is shown once and never stored.
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class EditorSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; this row holds its SHA-256, so
    signing out (deleting the row) ends the session on the server too."""

    __tablename__ = "editor_session"

    id: int | None = Field(default=None, primary_key=True)
    editor_id: int = Field(sa_column=fk("editor.id"))
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, counted per key ("user:NAME" and "ip:ADDRESS"). Kept in the database
    so that every worker process sees the same count."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)
    at: datetime = Field(default_factory=utcnow)
