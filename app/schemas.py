"""Pydantic models for what goes in and out of the API and the services (the DESIGN payload)."""

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.domain import Category, Initiator, Medium, Precision, Side, SourceKind, Status
from app.limits import (
    MAX_CHANNEL,
    MAX_DURATION_MINUTES,
    MAX_ID,
    MAX_LONG_TEXT,
    MAX_NAME,
    MAX_PARTICIPANTS,
    MAX_PLACE,
    MAX_PUBLISHER,
    MAX_SHORT_TEXT,
    MAX_SOURCES,
    MAX_TITLE,
    MAX_TOPIC_NAME,
    MAX_TOPICS,
    MAX_UNCERTAIN_REASON,
    MAX_URL,
)

# The event's own fields, in the order forms and diffs show them.
EVENT_FIELDS = (
    "date", "date_precision", "end_date", "medium", "channel", "status", "category", "title",
    "summary", "location", "duration_minutes", "initiated_by", "uncertain_reason",
)


def _text(max_length: int, *, required: bool = False):
    return Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length,
                                            min_length=1 if required else None)]


def _iso_date(value):
    # Pydantic's lax mode reads a number, or text of digits, as a Unix timestamp ("0" ->
    # 1970-01-01): nobody means that. A date is a date, or text as YYYY-MM-DD.
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _at_most(n: int, what: str = "characters") -> str:
    return f"At most {n} {what}."


Name = _text(MAX_NAME, required=True)
ShortText = _text(MAX_SHORT_TEXT)
LongText = _text(MAX_LONG_TEXT)
TopicName = _text(MAX_TOPIC_NAME, required=True)
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_URL,
                                       pattern=r"^https?://\S+$")]


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = Field(default=None, description="A person; null for a delegation or "
                              f"office. {_at_most(MAX_NAME)}")
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,119}$")] | None = Field(
        default=None, description="An official's slug: when it names one, it wins over the name")
    side: Side
    title: ShortText = Field("", description=f"Title at the time. {_at_most(MAX_SHORT_TEXT)}")

    @model_validator(mode="after")
    def _someone(self):
        if not self.name and not self.title:
            raise ValueError("a participant needs a name or, for a delegation, a title")
        return self


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url | None = Field(None, description=f"http(s) URL. {_at_most(MAX_URL)}")
    publisher: _text(MAX_PUBLISHER, required=True) = Field(description=_at_most(MAX_PUBLISHER))
    published: IsoDate | None = None
    headline: ShortText | None = Field(None, description=_at_most(MAX_SHORT_TEXT))
    quote: LongText = Field("", description=f"The sentence that reports the contact. "
                                            f"{_at_most(MAX_LONG_TEXT)}")
    kind: SourceKind = SourceKind.press
    article_id: int | None = Field(
        None, ge=1, le=MAX_ID,
        description="The stored article (/articles/{id}) this source is, when it was ingested.")


class EventIn(BaseModel):
    """The fields an editor sets; shared by create and update."""

    model_config = ConfigDict(extra="forbid")

    date: IsoDate
    date_precision: Precision = Precision.day
    end_date: IsoDate | None = None
    medium: Medium
    channel: _text(MAX_CHANNEL) | None = Field(None, description=_at_most(MAX_CHANNEL))
    status: Status = Status.held
    category: Category = Category.defense
    title: _text(MAX_TITLE, required=True) = Field(description=_at_most(MAX_TITLE))
    summary: LongText = Field("", description=_at_most(MAX_LONG_TEXT))
    location: _text(MAX_PLACE) | None = Field(None, description=_at_most(MAX_PLACE))
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_DURATION_MINUTES)
    initiated_by: Initiator = Initiator.unknown
    uncertain_reason: _text(MAX_UNCERTAIN_REASON) | None = Field(
        None, description=_at_most(MAX_UNCERTAIN_REASON))
    participants: list[ParticipantIn] = Field(
        default_factory=list, max_length=MAX_PARTICIPANTS,
        description=_at_most(MAX_PARTICIPANTS, "participants"))
    topics: list[TopicName] = Field(default_factory=list, max_length=MAX_TOPICS,
                                    description=_at_most(MAX_TOPICS, "topics") + " Each at most "
                                    f"{MAX_TOPIC_NAME} characters.")
    sources: list[SourceIn] = Field(default_factory=list, max_length=MAX_SOURCES,
                                    description=_at_most(MAX_SOURCES, "sources"))

    @model_validator(mode="after")
    def _dates(self):
        if not self.uncertain_reason:
            self.uncertain_reason = None  # a blank reason is no doubt: the firm filter keeps it
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError("end_date must not be before date")
        if self.end_date is not None and self.date_precision != Precision.day:
            raise ValueError("an end date needs day precision")
        return self


class EventCreate(EventIn):
    pass


class EventUpdate(EventIn):
    version: int = Field(ge=1, description="The version the editor started from")


class OfficialRef(BaseModel):
    name: str
    slug: str
    country: str


class ParticipantOut(BaseModel):
    name: str | None
    slug: str | None
    side: Side
    title: str


class SourceOut(BaseModel):
    id: int
    url: str | None
    publisher: str
    published: date | None
    headline: str | None
    quote: str
    kind: SourceKind
    article_id: int | None = None


class EventPublic(BaseModel):
    id: int
    uuid: str
    version: int
    date: date
    date_precision: Precision
    end_date: date | None
    medium: Medium
    channel: str | None
    status: Status
    category: Category
    title: str
    summary: str
    location: str | None
    duration_minutes: int | None
    initiated_by: Initiator
    uncertain_reason: str | None
    participants: list[ParticipantOut]
    topics: list[str]
    sources: list[SourceOut]
    created_at: datetime
    updated_at: datetime


class EventList(BaseModel):
    data: list[EventPublic]
    next_cursor: str | None
    count: int = Field(description="Matching events, counted up to 10,000 (then count_capped)")
    count_capped: bool = Field(
        default=False, description="True when more events match than `count` (the count stops)"
    )


class OfficialPublic(BaseModel):
    id: int
    name: str
    slug: str
    country: str
    aliases: list[str]


class OfficialList(BaseModel):
    data: list[OfficialPublic]


class ChangeOut(BaseModel):
    """One difference between two versions of an event, in words."""

    field: str = Field(description="date, medium, ..., participants, topics or sources")
    kind: str = Field(description="changed | added | removed")
    label: str
    before: str | None
    after: str | None
    text: str = Field(description='e.g. "Medium: Phone call → Video conference"')


class RevisionPublic(BaseModel):
    id: int
    entity_type: str
    entity_id: int
    action: str = Field(description="create | update | delete | restore | add_sources | merge")
    editor: str
    created_at: datetime
    version: int | None
    note: str | None
    changes: list[ChangeOut]
    before: dict | None = Field(description="The whole record before the change (null: none)")
    after: dict | None = Field(description="The whole record after the change (null: deleted)")


class RevisionList(BaseModel):
    data: list[RevisionPublic]


class PeriodIn(BaseModel):
    """A named stretch of time ("China suspends military exchanges"), drawn as a band."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    start: IsoDate
    end: IsoDate | None = Field(default=None, description="Null while the period lasts")
    summary: LongText = ""
    source_url: Url | None = None
    source_publisher: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None

    @model_validator(mode="after")
    def _dates(self):
        if self.end is not None and self.end < self.start:
            raise ValueError("the end must not be before the start")
        return self


class PeriodPublic(PeriodIn):
    model_config = ConfigDict(extra="ignore")

    id: int


class PeriodList(BaseModel):
    data: list[PeriodPublic]


class MediumCount(BaseModel):
    medium: Medium
    events: int


class YearCount(BaseModel):
    year: int
    events: int
    by_medium: list[MediumCount]


class ValueCount(BaseModel):
    value: str  # a category, a topic slug, a side
    label: str
    events: int
    share: float = Field(description="Of all the contacts counted, 0 to 1")


class PersonRef(BaseModel):
    name: str
    slug: str


class PersonPair(BaseModel):
    us: PersonRef
    cn: PersonRef
    events: int
    first: date
    last: date


class OfficePair(BaseModel):
    us: str
    cn: str
    events: int


class GapPublic(BaseModel):
    start: date = Field(description="The contact before the silence")
    end: date = Field(description="The contact that broke it")
    days: int
    months: int
    periods: list[str] = Field(description="Names of the periods the silence overlaps")


class StatsPublic(BaseModel):
    total: int
    by_year: list[YearCount]
    by_category: list[ValueCount]
    by_topic: list[ValueCount]
    initiated_by: list[ValueCount]
    person_pairs: list[PersonPair]
    office_pairs: list[OfficePair]
    longest_gaps: list[GapPublic]
    last_contact: date | None
    days_since_last_contact: int | None
