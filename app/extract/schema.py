"""The extraction contract (DESIGN.md, "Extraction contract") as Pydantic models."""

from pydantic import BaseModel


class Evidence(BaseModel):
    start: int
    end: int
    text: str


class CandidateParticipant(BaseModel):
    name: str
    side: str | None
    title: str | None
    mention: str
    known: bool


class CandidateEvent(BaseModel):
    date: str
    end_date: str | None = None
    date_precision: str
    medium: str
    channel: str | None = None
    status: str
    category: str
    participants: list[CandidateParticipant]
    topics: list[str]
    duration_minutes: int | None = None
    initiated_by: str | None = None
    location: str | None = None
    confidence: float
    evidence: list[Evidence]


class ArticleMeta(BaseModel):
    published: str | None
    publisher: str | None
    url: str | None
    title: str | None


class ExtractionResult(BaseModel):
    article: ArticleMeta
    events: list[CandidateEvent]

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)
