"""/export/events.csv|json|ics, /export/timelinejs.json and /feed.atom: the timeline's filters,
streamed (keyset chunks), each a download of "this view"."""

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from app.config import get_settings
from app.deps import SessionDep
from app.services.exports import csv_export, json_export
from app.services.feeds import atom_export, ics_export, timelinejs_export
from app.services.filters import TimelineFilter, parse_filters
from app.services.timeline import resolve_filters

router = APIRouter(tags=["exports"])


def export_filters(request: Request, session) -> TimelineFilter:
    """The filters of the query string, as the timeline reads them; 400 on a malformed value."""
    parsed = parse_filters(request.query_params.multi_items())
    f, errors = resolve_filters(session=session, filters=parsed.filter)
    problems = {**parsed.errors, **errors}
    if problems:
        raise HTTPException(400, " ".join(f"{k}: {v}" for k, v in problems.items()))
    return f


def _download(body, media_type: str, filename: str) -> StreamingResponse:
    return StreamingResponse(body, media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _base_url(request: Request) -> str:
    """Where the links of feeds and calendars point: CONTACTS_PUBLIC_URL, else the request's
    address (which a client chooses through its Host header)."""
    return (get_settings().public_url or str(request.base_url)).rstrip("/")


@router.get("/export/events.csv")
def export_csv(request: Request, session: SessionDep):
    f = export_filters(request, session)
    return _download(csv_export(session=session, filters=f), "text/csv; charset=utf-8",
                     "contacts.csv")


@router.get("/export/events.json")
def export_json(request: Request, session: SessionDep):
    f = export_filters(request, session)
    return _download(json_export(session=session, filters=f), "application/json",
                     "contacts.json")


@router.get("/export/events.ics")
def export_ics(request: Request, session: SessionDep):
    f = export_filters(request, session)
    return _download(ics_export(session=session, filters=f, base_url=_base_url(request)),
                     "text/calendar; charset=utf-8", "contacts.ics")


@router.get("/export/timelinejs.json")
def export_timelinejs(request: Request, session: SessionDep):
    f = export_filters(request, session)
    body = timelinejs_export(session=session, filters=f, base_url=_base_url(request),
                             today=date.today())
    return _download(body, "application/json", "contacts-timelinejs.json")


@router.get("/feed.atom")
def feed(request: Request, session: SessionDep):
    f = export_filters(request, session)
    return Response(atom_export(session=session, filters=f, base_url=_base_url(request)),
                    media_type="application/atom+xml; charset=utf-8")
