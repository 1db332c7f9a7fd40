"""/api/events (GET: the timeline as JSON, with the same filters as `/`) and /api/events/{id}."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from app.api.event_commands import GONE, NOT_FOUND, gone
from app.deps import EventId, SessionDep
from app.limits import MAX_PAGE_SIZE
from app.schemas import EventList, EventPublic, RevisionList
from app.services.events import EventDeleted, EventNotFound, event_history, get_event
from app.services.filters import parse_filters
from app.services.revisions import public
from app.services.timeline import list_events

router = APIRouter(prefix="/api", tags=["events"])

FILTER_DOC = (
    "Filters as on the timeline `/`: `official` (slug), `medium`, `status` (default held), `topic` "
    "(slug), `category` (each repeatable: OR within one kind, AND across kinds), `from`, `to` "
    "(YYYY-MM-DD), `q` (text), `certainty` (all|firm|uncertain; default all, each event's "
    "`uncertain_reason` says why), `who` (a name, resolved to the best-matching official), "
    "`order` (newest|oldest), `cursor` (the `next_cursor` of the previous page). "
    "Malformed values give 422; unknown parameters are ignored."
)


def _param(name: str, description: str, *, repeat: bool = False, fmt: str | None = None) -> dict:
    schema: dict = {"type": "string"} | ({"format": fmt} if fmt else {})
    if fmt:  # an empty value (a cleared form field) means no filter
        schema = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
    if repeat:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        "explode": True,
    }


# Parsed by app.services.filters (shared with the HTML timeline), documented here for /docs.
FILTER_PARAMETERS = [
    _param("official", "Official slug; OR within the kind", repeat=True),
    _param(
        "medium", "phone_call | video_conference | in_person_meeting | written | other", repeat=True
    ),
    _param(
        "status",
        "held (default) | planned | requested | declined | postponed | cancelled",
        repeat=True,
    ),
    _param("topic", "Topic slug", repeat=True),
    _param("category", "defense | leader | diplomatic", repeat=True),
    _param("from", "Earliest date, YYYY-MM-DD", fmt="date"),
    _param("to", "Latest date, YYYY-MM-DD", fmt="date"),
    _param("q", "Words in titles, summaries, names and source quotes"),
    _param(
        "certainty",
        "all (default: uncertain events included, with their uncertain_reason) | firm (only "
        "events without an uncertain_reason) | uncertain (only those with one)",
    ),
    _param("who", "A name (alias or misspelling welcome), resolved to the best-matching official"),
    _param("order", "newest (default) | oldest"),
    _param("cursor", "The next_cursor of the previous page"),
]


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
    openapi_extra={"parameters": FILTER_PARAMETERS},
)
def events(
    request: Request, session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE,
                                description=f"Events per page, 1 to {MAX_PAGE_SIZE}")] = 50,
):
    parsed = parse_filters(request.query_params.multi_items())
    if parsed.errors:
        return filter_errors(parsed.errors)
    page = list_events(session=session, filters=parsed.filter, limit=limit)
    if page.errors:
        return filter_errors(page.errors)
    body = EventList(
        data=page.events,
        count=page.total,
        count_capped=page.total.capped,
        next_cursor=page.next_cursor.encode() if page.next_cursor else None,
    )
    # Serialised by pydantic-core in one step: returning the model would have FastAPI validate
    # it again, turn it into dicts and hand those to json.dumps (response_model stays for /docs).
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("/events/{event_id}", response_model=EventPublic,
            responses={404: NOT_FOUND, 410: GONE})
def event(session: SessionDep, event_id: EventId):
    try:
        return get_event(session=session, event_id=event_id)
    except EventDeleted as exc:
        return gone(exc)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None


@router.get("/events/{event_id}/history", response_model=RevisionList,
            responses={404: NOT_FOUND})
def history(session: SessionDep, event_id: EventId):
    """The event's revisions, newest first: who, when, what (with the changes in words) and the
    whole record before and after. A deleted event's history is here too."""
    try:
        page = event_history(session=session, event_id=event_id)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    return RevisionList(data=[public(entry) for entry in page.entries])
