"""/ingest: paste or upload an article, see the contacts it reports, review and save them.

POST /ingest stores the article (once: its content hash finds it again) and sends the editor to
/ingest/{article}: the text with each candidate's evidence marked, and a card per candidate.
A card's "Review" opens the event form pre-filled (/ingest/{article}/candidates/{n}), which
saves through the normal create path; a candidate that matches a recorded event offers to add
the article as a source of that event instead. The pages carry only the article id and the
candidate's number: the extractor runs again on the stored text (it is pure and fast).
"""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.deps import EditorDep, PostedForm, SessionDep
from app.limits import MAX_ARTICLE_BYTES, MAX_ID
from app.models import Article
from app.schemas import EventPublic
from app.services.article_files import UnreadableFile, article_from_file
from app.services.articles import get_article, store_article
from app.services.events import EventNotFound
from app.services.ingest import (
    Candidate,
    CandidateRefused,
    add_article_to_event,
    candidate_at,
    candidate_dates,
    candidates,
    event_payload,
)
from app.web.event_form import form_int, render_event_form, see_other
from app.web.event_form_data import EventForm
from app.web.highlight import Span, runs
from app.web.ingest_form import LABELS, IngestForm
from app.web.rendering import render

router = APIRouter()

ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The stored article's id")]
CandidateNumber = Annotated[int, Path(ge=1, le=10_000, description="The candidate's number")]
GONE_EVENT = "That event was deleted or no longer exists: review the candidate as a new event."


@dataclass(frozen=True)
class CandidateView:
    """A candidate as its card shows it."""

    number: int
    candidate: Candidate
    date: date
    precision: str
    end_date: date | None
    title: str  # the title saving would give it
    cited_by: EventPublic | None  # a matching event that already has this article as a source

    @property
    def event(self):
        return self.candidate.event


def _article(session, article_id: int) -> Article:
    article = get_article(session, article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    return article


def _views(article: Article, found: list[Candidate]) -> list[CandidateView]:
    views = []
    for c in found:
        day, precision, end = candidate_dates(c.event)
        cited = next((e for e in c.matches if any(s.article_id == article.id for s in e.sources)),
                     None)
        title = event_payload(article, c)["title"]
        views.append(CandidateView(c.index + 1, c, day, precision, end, title, cited))
    return views


def _form_page(request: Request, form: IngestForm, status: int = 200) -> HTMLResponse:
    return render(request, "ingest/form.html",
                  {"form": form, "labels": LABELS, "nav": "ingest",
                   "max_mb": MAX_ARTICLE_BYTES // 1_000_000}, status=status)


@router.get("/ingest", name="ingest_form")
def ingest_form(request: Request, editor: EditorDep) -> HTMLResponse:
    return _form_page(request, IngestForm())


@router.post("/ingest")
def ingest_article_from_form(request: Request, session: SessionDep, editor: EditorDep,
                             data: PostedForm) -> Response:
    form = IngestForm.from_post(data)
    upload = data.get("file")
    chosen = isinstance(upload, UploadFile) and bool(upload.filename)
    found, problem = None, None
    if chosen:
        try:
            found = article_from_file(upload.filename, upload.file.read(MAX_ARTICLE_BYTES + 1))
        except UnreadableFile as exc:
            problem = str(exc)
    item = form.validate(found, file_chosen=chosen, file_error=problem)
    if item is None:
        return _form_page(request, form, status=422)
    stored = store_article(session, text=item.text, publisher=item.publisher, url=item.url,
                           published=item.published, title=item.title)
    return see_other(f"/ingest/{stored.article.id}" + ("" if stored.created else "?again=1"))


def _result_page(request: Request, session, article: Article, *, again: bool = False,
                 notice: str | None = None, status: int = 200) -> HTMLResponse:
    views = _views(article, candidates(session, article))
    spans = [Span(v.number, j, e.start, e.end) for v in views
             for j, e in enumerate(v.event.evidence)]
    return render(request, "ingest/result.html",
                  {"article": article, "candidates": views, "runs": runs(article.text, spans),
                   "again": again, "notice": notice, "nav": "ingest"}, status=status)


@router.get("/ingest/{article_id}", name="ingest_result")
def ingest_result(request: Request, session: SessionDep, editor: EditorDep,
                  article_id: ArticleId, again: bool = False) -> HTMLResponse:
    return _result_page(request, session, _article(session, article_id), again=again)


def _candidate(session, article: Article, number: int) -> Candidate:
    candidate = candidate_at(session, article, number - 1)
    if candidate is None:
        raise HTTPException(404, "This article has no such candidate")
    return candidate


@router.get("/ingest/{article_id}/candidates/{number}", name="review_candidate")
def review_candidate(request: Request, session: SessionDep, editor: EditorDep,
                     article_id: ArticleId, number: CandidateNumber) -> Response:
    """The event form, filled in from the candidate; saving is the normal create (POST
    /events/new), its source linking the stored article."""
    article = _article(session, article_id)
    candidate = _candidate(session, article, number)
    form = EventForm.from_payload(event_payload(article, candidate))
    form.add_row("participants")
    return render_event_form(
        request, session, form, page_title=f"Review: {form.values['title']}",
        review={"article": article, "number": number, "candidate": candidate}, nav="ingest",
        review_url=f"/ingest/{article.id}#candidate-{number}",
        on_record={i: p.official for i, p in enumerate(candidate.people)},
        similar=candidate.matches, source_count=len(form.sources))


@router.post("/ingest/{article_id}/candidates/{number}/add-to")
def add_candidate_to_event(request: Request, session: SessionDep, editor: EditorDep,
                           article_id: ArticleId, number: CandidateNumber,
                           data: PostedForm) -> Response:
    """Add the article, with this candidate's evidence, as a source of the event `event`."""
    article = _article(session, article_id)
    candidate = _candidate(session, article, number)
    event_id = form_int(data.get("event"))
    if event_id is None:
        return _result_page(request, session, article, status=400,
                            notice="Choose the event to add this article to.")
    try:
        add_article_to_event(session, event_id=event_id, article=article, candidate=candidate,
                             editor=editor)
    except EventNotFound:  # or EventDeleted, its subclass
        return _result_page(request, session, article, status=409, notice=GONE_EVENT)
    except CandidateRefused as exc:
        return _result_page(request, session, article, status=422,
                            notice=f"The source cannot be saved: {exc}")
    return see_other(f"/events/{event_id}#sources")

