"""/api/events writes: POST (create), PUT (update with `version`), DELETE (soft),
POST /api/events/{id}/restore, /merge and /undo-merge. Reads: events.py. Every write records a
revision by the editor."""

from fastapi import APIRouter, HTTPException, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app.db import batched_write
from app.deps import EditorDep, EventId, SessionDep
from app.group_commit import run_batched
from app.limits import MAX_ID
from app.schemas import ChangeOut, EventCreate, EventPublic, EventUpdate
from app.services.events import (
    EventDeleted,
    EventNotFound,
    RestoreRefused,
    VersionConflict,
    create_event,
    delete_event,
    restore_event,
    update_event,
)
from app.services.merge import MergeRefused, merge_events, undo_merge


class Problem(BaseModel):
    detail: str


# What every write route may answer before it runs (app.deps.current_editor and protect).
WRITE_REFUSALS = {
    401: {"model": Problem, "description": "No editor: send `Authorization: Bearer <token>`"},
    403: {"model": Problem, "description": "Signed in by cookie without the X-CSRF-Token header"},
}
router = APIRouter(prefix="/api", tags=["events"], responses=WRITE_REFUSALS)


class DeletedProblem(BaseModel):
    detail: str
    event_id: int | None = Field(None, description="The deleted event")
    deleted_at: str | None
    deleted_by: str | None
    merged_into: int | None = Field(
        None, description="The event it was merged into (see /api/events/{merged_into}), when a "
                          "merge deleted it; null for a plain delete")


class VersionConflictProblem(BaseModel):
    detail: str
    current: EventPublic
    changes: list[ChangeOut] | None = Field(
        description="What changed between the version you sent and the current one (null when "
                    "the history does not reach back to that version)")
    changed_by: list[str] = Field(description="The editors who made those changes")


class RestoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=MAX_ID, description="The event's current version, as you read it")
    revision_id: int | None = Field(
        None, ge=1, le=MAX_ID,
        description="The revision whose contents to bring back; null to undelete a deleted event")


NOT_FOUND = {"model": Problem, "description": "No such event"}
# FastAPI answers 400 to a body it cannot read as JSON (bytes that are not UTF-8, ...).
BAD_BODY = {"model": Problem, "description": "The body is not readable JSON"}
INVALID = {"description": "Invalid payload: each problem with its location and a message"}
GONE = {"model": DeletedProblem, "description": "The event was deleted (restore it first)"}
CONFLICT = {"model": VersionConflictProblem,
            "description": "The event changed since `version`: nothing was written; the body "
                           "holds the current event and what changed"}


def gone(exc: EventDeleted) -> JSONResponse:
    detail = (f"Event {exc.event_id} was merged into event {exc.merged_into}. An editor can "
              f"undo the merge." if exc.merged_into else
              f"Event {exc.event_id} was deleted. An editor can restore it.")
    return JSONResponse(status_code=410, content=DeletedProblem(
        detail=detail, event_id=exc.event_id,
        deleted_at=exc.deleted_at.isoformat() if exc.deleted_at else None,
        deleted_by=exc.deleted_by, merged_into=exc.merged_into,
    ).model_dump())


def conflict_response(conflict: VersionConflict) -> JSONResponse:
    return JSONResponse(status_code=409, content=VersionConflictProblem(
        detail=f"Version conflict: event {conflict.current.id} is at version "
               f"{conflict.current.version}, not {conflict.started_from}. Nothing was written.",
        current=conflict.current,
        changes=[c.public() for c in conflict.changes] if conflict.changes is not None else None,
        changed_by=list(conflict.by),
    ).model_dump(mode="json"))


def _refused(exc: Exception):
    """The response for a write that the service refused."""
    if isinstance(exc, EventDeleted):
        return gone(exc)
    if isinstance(exc, EventNotFound):
        raise HTTPException(404, "No such event") from None
    if isinstance(exc, VersionConflict):
        return conflict_response(exc)
    raise exc


@router.post("/events", status_code=201, response_model=EventPublic,
             responses={400: BAD_BODY, 422: INVALID})
@batched_write
async def create_event_api(data: EventCreate, session: SessionDep, editor: EditorDep) -> Response:
    """Create an event. Participant names that match an official or an alias link to that
    official; unknown names create one."""
    # Committed with the other requests' creations of the moment (app.group_commit): the answer
    # comes once the transaction that holds this event is on disk.
    event = await run_batched(session, lambda writer: create_event(
        session=writer, data=data, editor=editor, commit=False))
    return Response(event.model_dump_json(), status_code=201, media_type="application/json",
                    headers={"Location": f"/api/events/{event.id}"})


@router.put("/events/{event_id}", response_model=EventPublic,
            responses={400: BAD_BODY, 404: NOT_FOUND, 409: CONFLICT, 410: GONE, 422: INVALID})
def update_event_api(event_id: EventId, data: EventUpdate, session: SessionDep,
                     editor: EditorDep):
    """Replace an event's fields, participants, topics and sources. `version` must be the
    event's current version, or nothing is written and 409 returns the current event and what
    changed since your version."""
    try:
        return update_event(session=session, event_id=event_id, data=data, editor=editor)
    except (EventNotFound, VersionConflict) as exc:
        return _refused(exc)


@router.delete("/events/{event_id}", status_code=204, responses={404: NOT_FOUND, 410: GONE})
def delete_event_api(event_id: EventId, session: SessionDep, editor: EditorDep) -> Response:
    """Delete an event (soft: it leaves the record, its history stays, and it can be restored)."""
    try:
        delete_event(session=session, event_id=event_id, editor=editor)
    except EventNotFound as exc:
        return _refused(exc)
    return Response(status_code=204)


@router.post("/events/{event_id}/restore", response_model=EventPublic,
             responses={400: {"model": Problem, "description": "That revision cannot be restored, "
                                                               "or the body is not readable JSON"},
                        404: NOT_FOUND, 409: CONFLICT, 422: INVALID})
def restore_event_api(event_id: EventId, data: RestoreRequest, session: SessionDep,
                      editor: EditorDep):
    """Undelete a deleted event, or bring back the contents of one of its revisions (see
    `/api/events/{id}/history`). The restore is itself a new revision and a new version."""
    return _answering(restore_event, RestoreRefused, session=session, event_id=event_id,
                      version=data.version, revision_id=data.revision_id, editor=editor)


def _answering(action, refusal: type[Exception], **arguments):
    """A restore, a merge or an undo, with its refusals as responses: 400 for `refusal` (a
    revision it cannot bring back, two events it cannot merge), 404/409/410 as elsewhere."""
    try:
        return action(**arguments)
    except refusal as exc:
        return JSONResponse(status_code=400, content={"detail": str(exc)})
    except (EventNotFound, VersionConflict) as exc:
        return _refused(exc)


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_id: int = Field(ge=1, le=MAX_ID, description="The event to merge into this one (it is "
                                                       "deleted, pointing at this one)")
    version: int = Field(ge=1, le=MAX_ID, description="This event's version, as you read it")
    other_version: int = Field(ge=1, le=MAX_ID,
                               description="The other event's version, as you read it")


class UndoMergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    revision_id: int = Field(ge=1, le=MAX_ID, description="This event's \"merge\" revision "
                                                          "(see /api/events/{id}/history)")
    version: int = Field(ge=1, le=MAX_ID, description="This event's current version")


@router.post("/events/{event_id}/merge", response_model=EventPublic,
             responses={400: {"model": Problem, "description": "The two cannot be merged (the "
                                                               "same event, or together past a "
                                                               "limit), or the body is not JSON"},
                        404: NOT_FOUND, 409: CONFLICT, 410: GONE, 422: INVALID})
def merge_event_api(event_id: EventId, data: MergeRequest, session: SessionDep,
                    editor: EditorDep):
    """Merge event `other_id` into this one (one contact recorded twice): participants, topics
    and sources are united, this event keeps its fields and fills its empty ones (and takes the
    more precise date) from the other, which is deleted with a pointer here. Both versions must
    be current (409 otherwise, for the one that changed). Undo: `/undo-merge`."""
    return _answering(merge_events, MergeRefused, session=session, event_id=event_id,
                      other_id=data.other_id, version=data.version,
                      other_version=data.other_version, editor=editor)


@router.post("/events/{event_id}/undo-merge", response_model=EventPublic,
             responses={400: {"model": Problem, "description": "That revision is no merge into "
                                                               "this event"},
                        404: NOT_FOUND, 409: CONFLICT, 422: INVALID})
def undo_merge_api(event_id: EventId, data: UndoMergeRequest, session: SessionDep,
                   editor: EditorDep):
    """Undo a merge into this event: it goes back to its version before the merge and the
    merged event (and any merged into it since) is undeleted, in one transaction."""
    return _answering(undo_merge, RestoreRefused, session=session, event_id=event_id,
                      revision_id=data.revision_id, version=data.version, editor=editor)
