"""/api/extract: POST an article, get the candidate contact events it reports. Saves nothing."""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.api.event_commands import BAD_BODY, INVALID, WRITE_REFUSALS
from app.deps import EditorDep
from app.extract.pipeline import extract_events
from app.extract.schema import ExtractionResult
from app.limits import MAX_ARTICLE_BYTES, MAX_PUBLISHER, MAX_URL
from app.schemas import RecordDate

router = APIRouter(prefix="/api", tags=["extract"])

MAX_TEXT_BYTES = MAX_ARTICLE_BYTES  # the name older imports use


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text (at most 1 MB of UTF-8).")
    published: RecordDate | None = Field(None, description="Publication date, YYYY-MM-DD "
                                         "(1900 to 2100, as the events it yields).")
    publisher: str | None = Field(None, max_length=MAX_PUBLISHER)
    url: str | None = Field(None, max_length=MAX_URL)

    @field_validator("text")
    @classmethod
    def text_fits(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        if len(value.encode("utf-8")) > MAX_TEXT_BYTES:
            raise ValueError("text is larger than 1 MB")
        return value


@router.post("/extract", response_model=ExtractionResult,
             responses={400: BAD_BODY, 422: INVALID, **WRITE_REFUSALS})
def extract(request: ExtractRequest, editor: EditorDep) -> ExtractionResult:
    """Candidate events of an article. Needs an editor although it saves nothing: it is the
    first step of ingest, and up to 1 MB of text costs seconds of CPU that anyone could spend."""
    return extract_events(request.text, published=request.published,
                          publisher=request.publisher, url=request.url)
