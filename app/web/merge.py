"""Merging two events from the pages: pick the other event (by number or from the likely
duplicates), compare both side by side with the result, confirm (POST, with both versions).

GET /events/{id}/merge picks; GET /events/{id}/merge?other=N compares; POST merges. Undoing a
merge is in the event page's history (app/web/events.py, POST /events/{id}/undo-merge).
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.deps import EditorDep, EventId, PostedForm, SessionDep
from app.schemas import EventPublic
from app.services.events import EventDeleted, EventNotFound, VersionConflict
from app.services.merge import (
    MergeRefused,
    merge_candidates,
    merge_events,
    plan_merge,
)
from app.services.revisions import diff, snapshot
from app.web.event_form import form_int, live_event, see_other
from app.web.rendering import render

router = APIRouter()

NOT_A_NUMBER = "Enter the number of an event: the N in its address /events/N."
INCOMPLETE = "This merge form is incomplete: open the comparison again and confirm there."


def _pick(request: Request, session, event: EventPublic, *, other: str = "",
          error: str | None = None, status: int = 200) -> Response:
    return render(request, "events/merge_pick.html", {
        "event": event, "other": other, "error": error,
        "candidates": merge_candidates(session=session, event=event),
    }, status=status)


def _other_refused(request, session, event: EventPublic, other: str,
                   exc: EventNotFound) -> Response:
    """The picked event is missing or deleted: the picker again, saying so."""
    if getattr(exc, "event_id", exc.args[0] if exc.args else None) == event.id:
        return see_other(f"/events/{event.id}")
    if isinstance(exc, EventDeleted):
        where = (f" (merged into event {exc.merged_into})" if exc.merged_into else "")
        return _pick(request, session, event, other=other, status=410,
                     error=f"Event {other} was deleted{where}: only events on the record can be "
                           f"merged. Restore it first if it belongs there.")
    return _pick(request, session, event, other=other, status=404,
                 error=f"There is no event {other}.")


def _compare(request: Request, session, event_id: int, other_id: int, *, status: int = 200,
             conflict: VersionConflict | None = None) -> Response:
    event = live_event(session, event_id)
    if event is None:
        return see_other(f"/events/{event_id}")
    try:
        plan = plan_merge(session=session, event_id=event_id, other_id=other_id)
    except EventNotFound as exc:  # EventDeleted too
        return _other_refused(request, session, event, str(other_id), exc)
    if plan.refused:
        return _pick(request, session, event, other=str(other_id), error=plan.refused,
                     status=400)
    result = plan.result.model_dump(mode="json")
    return render(request, "events/merge_confirm.html", {
        "event": plan.survivor, "other": plan.other, "result_event": plan.result,
        "changes": diff(snapshot(plan.survivor), result), "conflict": conflict,
    }, status=status)


@router.get("/events/{event_id}/merge", name="merge_event_page")
def merge_page(request: Request, session: SessionDep, editor: EditorDep,
               event_id: EventId) -> Response:
    """Without `other`: pick the event to merge into this one. With it: the comparison."""
    event = live_event(session, event_id)
    if event is None:
        return see_other(f"/events/{event_id}")
    other = request.query_params.get("other")
    if other is None:
        return _pick(request, session, event)
    other = other.strip().lstrip("#")[:30]
    other_id = form_int(other)
    if other_id is None:
        return _pick(request, session, event, other=other, error=NOT_A_NUMBER, status=400)
    return _compare(request, session, event_id, other_id)


@router.post("/events/{event_id}/merge")
def merge_from_form(request: Request, session: SessionDep, editor: EditorDep,
                    event_id: EventId, data: PostedForm) -> Response:
    """Merge event `other` into this one, if both are still at the versions the comparison
    showed (`version`, `other_version`); else the comparison again, up to date, with 409."""
    other_id, version, other_version = (form_int(data.get(k)) for k in
                                        ("other", "version", "other_version"))
    event = live_event(session, event_id)
    if event is None:
        return see_other(f"/events/{event_id}")
    if None in (other_id, version, other_version):
        return _pick(request, session, event, other=str(data.get("other") or "")[:30],
                     error=INCOMPLETE, status=400)
    try:
        merge_events(session=session, event_id=event_id, other_id=other_id, version=version,
                     other_version=other_version, editor=editor)
    except MergeRefused as exc:
        return _pick(request, session, event, other=str(other_id), error=str(exc), status=400)
    except VersionConflict as conflict:
        return _compare(request, session, event_id, other_id, status=409, conflict=conflict)
    except EventNotFound as exc:
        return _other_refused(request, session, event, str(other_id), exc)
    return see_other(f"/events/{event_id}")
