"""/api/events writes: POST (create), PUT (update with `version`), DELETE. Reads: events.py."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.deps import EditorDep, SessionDep
from app.schemas import EventCreate, EventPublic, EventUpdate
from app.services.events import (
    EventNotFound,
    VersionConflict,
    create_event,
    delete_event,
    update_event,
)


class Problem(BaseModel):
    detail: str


router = APIRouter(prefix="/api", tags=["events"], responses={
    401: {"model": Problem, "description": "No editor: send `Authorization: Bearer <token>`"},
    403: {"model": Problem, "description": "Signed in by cookie without the X-CSRF-Token header"},
})

# SQLite integers are 64-bit: a larger id would overflow in the driver, not just miss.
EventId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class VersionConflictProblem(BaseModel):
    detail: str
    current: EventPublic


@router.post("/events", status_code=201, response_model=EventPublic,
             responses={422: {"description": "Invalid payload"}})
def create_event_api(data: EventCreate, session: SessionDep, editor: EditorDep,
                     response: Response) -> EventPublic:
    """Create an event. Participant names that match an official or an alias link to that
    official; unknown names create one."""
    event = create_event(session=session, data=data)
    response.headers["Location"] = f"/api/events/{event.id}"
    return event


@router.put("/events/{event_id}", response_model=EventPublic, responses={
    404: {"model": Problem, "description": "No such event"},
    409: {"model": VersionConflictProblem,
          "description": "The event changed since `version`; the body holds the current event"},
})
def update_event_api(event_id: EventId, data: EventUpdate, session: SessionDep, editor: EditorDep):
    """Replace an event's fields, participants, topics and sources. `version` must be the
    event's current version, or nothing is written and 409 returns the current event."""
    try:
        return update_event(session=session, event_id=event_id, data=data)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    except VersionConflict as conflict:
        return JSONResponse(status_code=409, content=VersionConflictProblem(
            detail=f"Version conflict: the event is at version {conflict.current.version}, "
                   f"not {data.version}. Nothing was written.",
            current=conflict.current,
        ).model_dump(mode="json"))


@router.delete("/events/{event_id}", status_code=204,
               responses={404: {"model": Problem, "description": "No such event"}})
def delete_event_api(event_id: EventId, session: SessionDep, editor: EditorDep) -> Response:
    try:
        delete_event(session=session, event_id=event_id)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    return Response(status_code=204)
