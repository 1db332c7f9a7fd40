"""Pydantic models for what goes in and out of the API and the services (the DESIGN payload)."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.domain import Category, Initiator, Medium, Precision, Side, SourceKind, Status

MAX_PARTICIPANTS = 30
MAX_TOPICS = 20
MAX_SOURCES = 30

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
TopicName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000,
                                       pattern=r"^https?://\S+$")]


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = Field(default=None, description="A person; null for a delegation or office")
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,119}$")] | None = Field(
        default=None, description="An official's slug: when it names one, it wins over the name")
    side: Side
    title: ShortText = ""

    @model_validator(mode="after")
    def _someone(self):
        if not self.name and not self.title:
            raise ValueError("a participant needs a name or, for a delegation, a title")
        return self


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    publisher: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    published: date | None = None
    headline: ShortText | None = None
    quote: LongText = ""
    kind: SourceKind = SourceKind.press


class EventIn(BaseModel):
    """The fields an editor sets; shared by create and update."""

    model_config = ConfigDict(extra="forbid")

    date: date
    date_precision: Precision = Precision.day
    end_date: date | None = None
    medium: Medium
    channel: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    status: Status = Status.held
    category: Category = Category.defense
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    summary: LongText = ""
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=10080)
    initiated_by: Initiator = Initiator.unknown
    uncertain_reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=MAX_PARTICIPANTS)
    topics: list[TopicName] = Field(default_factory=list, max_length=MAX_TOPICS)
    sources: list[SourceIn] = Field(default_factory=list, max_length=MAX_SOURCES)

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


class PeriodIn(BaseModel):
    """A named stretch of time ("China suspends military exchanges"), drawn as a band."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    start: date
    end: date | None = Field(default=None, description="Null while the period lasts")
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
