"""The event page GET /events/{id} (with its history), POST /events/{id}/restore and
POST /events/{id}/undo-merge.

A deleted event's page answers 410 and says when and by whom it was deleted, with its history
and a Restore button (a merged event's page links to the event it was merged into, with an
"Undo the merge" button). The form and delete routes live in event_form.py, merging in merge.py.
"""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import EditorDep, EventId, PostedForm, SessionDep
from app.services.events import (
    EventDeleted,
    EventNotFound,
    RestoreRefused,
    VersionConflict,
    event_history,
    restore_event,
)
from app.services.merge import merge_candidates, merge_pointer, undo_merge
from app.services.offices import office_pair
from app.web.event_form import form_int, see_other
from app.web.rendering import render

router = APIRouter()

STALE_PAGE = ("Someone changed this event since you opened this page, so nothing was restored. "
              "The history below is up to date: choose again.")


def _event_page(request: Request, session, event_id: int, *, status: int | None = None,
                notice: str | None = None) -> HTMLResponse:
    try:
        page = event_history(session=session, event_id=event_id)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    event = page.event
    editing = getattr(request.state, "editor", None) is not None
    readouts = {
        kind: [s for s in event.sources if s.kind == kind] for kind in ("us_readout", "cn_readout")
    }
    paired = bool(readouts["us_readout"] and readouts["cn_readout"])
    return render(
        request,
        "events/show.html",
        {
            "event": event,
            "deleted": page.deleted,
            "entries": page.entries,
            "notice": notice,
            "paired": paired,
            "readouts": readouts,
            "offices": office_pair(event.participants),
            "other_sources": [s for s in event.sources if not paired or s.kind == "press"],
            "merged": merge_pointer(session, event_id=event_id) if page.deleted else None,
            "candidates": merge_candidates(session=session, event=event)
            if editing and not page.deleted else [],
        },
        status=status or (410 if page.deleted else 200),
    )


@router.get("/events/{event_id:int}", response_class=HTMLResponse)
def show_event(request: Request, session: SessionDep, event_id: EventId):
    return _event_page(request, session, event_id)


@router.post("/events/{event_id:int}/restore")
def restore_from_history(request: Request, session: SessionDep, editor: EditorDep,
                         event_id: EventId, data: PostedForm) -> Response:
    """Undelete the event, or bring back the version of revision `revision`; `version` is the
    event's version the page showed (a stale page restores nothing)."""
    version = form_int(data.get("version"))
    revision = form_int(data.get("revision")) if data.get("revision") else None
    if version is None or (data.get("revision") and revision is None):
        return _event_page(request, session, event_id, status=400,
                           notice="This restore form is incomplete: reload the page and try again.")
    return _from_history(request, session, event_id, restore_event, version=version,
                         revision_id=revision, editor=editor)


def _from_history(request: Request, session, event_id: int, action, **arguments) -> Response:
    """Run a restore or an undo; back to the history, or the page again saying why not."""
    try:
        action(session=session, event_id=event_id, **arguments)
    except RestoreRefused as exc:
        return _event_page(request, session, event_id, status=400, notice=str(exc))
    except (VersionConflict, EventDeleted):
        return _event_page(request, session, event_id, status=409, notice=STALE_PAGE)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    return see_other(f"/events/{event_id}#history")


@router.post("/events/{event_id:int}/undo-merge")
def undo_merge_from_history(request: Request, session: SessionDep, editor: EditorDep,
                            event_id: EventId, data: PostedForm) -> Response:
    """Undo the merge of revision `revision` into this event: it goes back to its version from
    before the merge and the merged event is undeleted; `version` is the one the page showed."""
    version, revision = form_int(data.get("version")), form_int(data.get("revision"))
    if version is None or revision is None:
        return _event_page(request, session, event_id, status=400,
                           notice="This undo form is incomplete: reload the page and try again.")
    return _from_history(request, session, event_id, undo_merge, revision_id=revision,
                         version=version, editor=editor)
