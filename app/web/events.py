"""The event page GET /events/{id} (the form and delete routes live in event_form.py)."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.services.events import EventNotFound, get_event
from app.services.offices import office_pair
from app.web.rendering import render

router = APIRouter()


@router.get("/events/{event_id:int}", response_class=HTMLResponse)
def show_event(request: Request, session: SessionDep, event_id: int):
    try:
        event = get_event(session=session, event_id=event_id)
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    readouts = {
        kind: [s for s in event.sources if s.kind == kind] for kind in ("us_readout", "cn_readout")
    }
    paired = bool(readouts["us_readout"] and readouts["cn_readout"])
    return render(
        request,
        "events/show.html",
        {
            "event": event,
            "paired": paired,
            "readouts": readouts,
            "offices": office_pair(event.participants),
            "other_sources": [s for s in event.sources if not paired or s.kind == "press"],
        },
    )
