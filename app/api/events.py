"""/api/events (GET: the timeline as JSON, with the same filters as `/`) and /api/events/{id}."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from app.deps import SessionDep
from app.schemas import EventList, EventPublic
from app.services.events import EventNotFound, get_event
from app.services.filters import parse_filters
from app.services.timeline import MAX_LIMIT, list_events

router = APIRouter(prefix="/api", tags=["events"])

FILTER_DOC = (
    "Filters as on the timeline `/`: `official` (slug), `medium`, `status` (default held), `topic` "
    "(slug), `category` (each repeatable: OR within one kind, AND across kinds), `from`, `to` "
    "(YYYY-MM-DD), `q` (text), `who` (a name, resolved to the best-matching official), "
    "`order` (newest|oldest), `cursor` (the `next_cursor` of the previous page). "
    "Malformed values give 422; unknown parameters are ignored."
)


def filter_errors(errors: dict[str, str]) -> JSONResponse:
    return JSONResponse(
        status_code=422,
        content={
            "detail": [
                {"loc": ["query", key], "msg": msg, "type": "value_error"}
                for key, msg in errors.items()
            ]
        },
    )


@router.get(
    "/events",
    response_model=EventList,
    description=FILTER_DOC,
    responses={422: {"description": "A malformed filter value"}},
)
def events(
    request: Request, session: SessionDep, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50
):
    parsed = parse_filters(request.query_params.multi_items())
    if parsed.errors:
        return filter_errors(parsed.errors)
    page = list_events(session=session, filters=parsed.filter, limit=limit)
    if page.errors:
        return filter_errors(page.errors)
    return EventList(
        data=page.events,
        count=page.total,
        next_cursor=page.next_cursor.encode() if page.next_cursor else None,
    )


@router.get("/events/{event_id}", response_model=EventPublic)
def event(session: SessionDep, event_id: int):
    try:
        return get_event(session=session, event_id=event_id)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
