"""The event form: add, edit and delete events from HTML pages.

Plain POST forms that work without JavaScript; htmx only adds rows in place, validates dates as
you leave them and suggests officials as you type. Errors re-render the form with status 422.
"""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import MAX_ID, EditorDep, EventId, HxRequest, PostedForm, SessionDep
from app.schemas import EventCreate, EventPublic, EventUpdate
from app.services.events import (
    EventDeleted,
    EventNotFound,
    VersionConflict,
    add_sources,
    create_event,
    delete_event,
    find_similar_events,
    get_event,
    update_event,
)
from app.services.officials import find_official, search_officials
from app.services.topics import list_topics
from app.web.event_form_data import (
    DATE_HINT,
    EVENT_DATE_HINT,
    EventForm,
    field_label,
    options,
)
from app.web.templating import templates

router = APIRouter()
INLINE_FIELDS = ("date", "end_date")
ROW_ACTIONS = {"add-participant": "participants", "add-source": "sources"}
SUGGESTION_LIMIT = 8


def _render(request: Request, session, form: EventForm, *, event: EventPublic | None = None,
            status: int = 200, block: str | None = None, **extra) -> Response:
    topic_choices = [t.name for t in list_topics(session)]
    topic_choices += [t for t in form.topics if t not in topic_choices]
    context = {
        "form": form,
        "event": event,
        "action": f"/events/{event.id}/edit" if event else "/events/new",
        "page_title": f"Edit: {event.title}" if event else "Add an event",
        "nav": None if event else "new",
        "topic_choices": topic_choices,
        "options": options,
        "field_label": field_label,
        "date_hint": DATE_HINT,
        "event_date_hint": EVENT_DATE_HINT,
        "similar": [],
        "conflict": None,
        "focus": None,
        **extra,
    }
    response = templates.TemplateResponse(request, "events/form.html", context,
                                          status_code=status, block_name=block)
    response.headers["Vary"] = "HX-Request"
    return response


def render_event_form(request: Request, session, form: EventForm, **extra) -> Response:
    """The add-event form as other pages open it (ingest's review of a candidate): `extra`
    goes to the template (page_title, similar, review, on_record, ...)."""
    return _render(request, session, form, **extra)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _add_row(request, session, form: EventForm, action: str, hx: bool, event=None) -> Response:
    """'Add another participant/source': one more blank row, nothing saved."""
    kind = ROW_ACTIONS[action]
    form.add_row(kind)
    focus = f"{kind}-{len(form.participants if kind == 'participants' else form.sources) - 1}"
    return _render(request, session, form, event=event, block=kind if hx else None, focus=focus)


def live_event(session, event_id: int) -> EventPublic | None:
    """The event; None when it was deleted (its page says so and offers Restore); 404."""
    try:
        return get_event(session=session, event_id=event_id)
    except EventDeleted:
        return None
    except EventNotFound:
        raise HTTPException(404, "No such event") from None


def _confirmed_ids(value: str | None) -> set[int]:
    # isdecimal, not isdigit: int() refuses some "digits" such as "²".
    return {int(part) for part in (value or "").split(",") if part.strip().isdecimal()}


@router.get("/events/new", name="new_event_form")
def new_event_form(request: Request, session: SessionDep, editor: EditorDep) -> Response:
    return _render(request, session, EventForm.blank())


@router.post("/events/new")
def create_event_from_form(request: Request, session: SessionDep, editor: EditorDep,
                           data: PostedForm, hx: HxRequest) -> Response:
    form = EventForm.from_post(data)
    action = data.get("action")
    if action in ROW_ACTIONS:
        return _add_row(request, session, form, action, hx)
    command = form.validate(EventCreate)
    if command is None:
        return _render(request, session, form, status=422)
    if data.get("add_to"):
        return _add_sources_instead(request, session, form, command, data.get("add_to"), editor)
    names = [p.name for p in command.participants if p.name]
    similar = find_similar_events(session=session, date=command.date, end_date=command.end_date,
                                  names=names)
    if similar and not {e.id for e in similar} <= _confirmed_ids(data.get("confirm_duplicate")):
        return _render(request, session, form, status=409, similar=similar,
                       source_count=len(command.sources))
    event = create_event(session=session, data=command, editor=editor)
    return see_other(f"/events/{event.id}")


def _add_sources_instead(request, session, form: EventForm, command: EventCreate,
                         add_to, editor) -> Response:
    target = form_int(add_to)
    if not command.sources:
        form.errors["sources"] = ["Add at least one source to attach it to the existing event."]
        return _render(request, session, form, status=422)
    try:
        if target is None:
            raise EventNotFound(add_to)
        event = add_sources(session=session, event_id=target, sources=command.sources,
                            editor=editor)
    except EventNotFound:
        form.errors["form"] = ["That event no longer exists. Save this one as a new event."]
        return _render(request, session, form, status=422)
    return see_other(f"/events/{event.id}")


@router.get("/events/{event_id}/edit", name="edit_event_form")
def edit_event_form(request: Request, session: SessionDep, editor: EditorDep,
                    event_id: EventId) -> Response:
    event = live_event(session, event_id)
    if event is None:
        return see_other(f"/events/{event_id}")
    return _render(request, session, EventForm.from_event(event), event=event)


@router.post("/events/{event_id}/edit")
def update_event_from_form(request: Request, session: SessionDep, editor: EditorDep,
                           event_id: EventId, data: PostedForm, hx: HxRequest) -> Response:
    event = live_event(session, event_id)
    if event is None:
        return see_other(f"/events/{event_id}")
    form = EventForm.from_post(data)
    action = data.get("action")
    if action in ROW_ACTIONS:
        return _add_row(request, session, form, action, hx, event=event)
    command = form.validate(EventUpdate)
    if command is None:
        return _render(request, session, form, event=event, status=422)
    try:
        update_event(session=session, event_id=event_id, data=command, editor=editor)
    except EventDeleted:
        return see_other(f"/events/{event_id}")
    except VersionConflict as conflict:
        # Keep the editor's values; the next save knowingly replaces the newer version.
        form.version = str(conflict.current.version)
        return _render(request, session, form, event=conflict.current, status=409,
                       conflict=conflict)
    return see_other(f"/events/{event_id}")


@router.get("/events/{event_id}/delete", name="confirm_delete_event")
def confirm_delete_event(request: Request, session: SessionDep, editor: EditorDep,
                         event_id: EventId) -> Response:
    event = live_event(session, event_id)
    if event is None:
        return see_other(f"/events/{event_id}")
    return templates.TemplateResponse(request, "events/delete.html", {"event": event})


@router.post("/events/{event_id}/delete")
def delete_event_from_form(request: Request, session: SessionDep, editor: EditorDep,
                           event_id: EventId, data: PostedForm) -> Response:
    """Soft delete, if the event is still at the version the page showed; its page then says
    it was deleted and offers Restore."""
    version = form_int(data.get("version"))
    try:
        delete_event(session=session, event_id=event_id, editor=editor, version=version)
    except EventDeleted:
        return see_other(f"/events/{event_id}")
    except EventNotFound:
        raise HTTPException(404, "No such event") from None
    except VersionConflict as conflict:
        return templates.TemplateResponse(
            request, "events/delete.html", {"event": conflict.current, "conflict": conflict},
            status_code=409)
    return see_other(f"/events/{event_id}")


def form_int(value) -> int | None:
    """A posted id or version: a positive integer that SQLite can hold, else None."""
    if isinstance(value, str) and value.strip().isdecimal() and 1 <= int(value) <= MAX_ID:
        return int(value)
    return None


@router.post("/events/form/validate/{field}")
def validate_date_field(request: Request, session: SessionDep, field: str,
                        data: PostedForm) -> Response:
    """One date field re-rendered with its errors, as the editor leaves it (htmx). It only
    reads, so it needs no editor (the CSRF check still applies, as to every POST)."""
    if field not in INLINE_FIELDS:
        raise HTTPException(404, "No inline validation for that field")
    form = EventForm.from_post(data)
    form.validate_dates()
    return _render(request, session, form, block=f"{field}_field",
                   status=422 if form.field_errors(field) else 200)


def _typed_name(request: Request) -> str:
    """`q`, or the participant name field that asked (htmx sends the field under its own name)."""
    params = request.query_params
    q = params.get("q") or next(
        (v for k, v in params.items() if k.startswith("participants-") and k.endswith("-name")), "")
    return q.strip()[:200]


def _officials_page(request: Request, session, hx: bool, block: str) -> Response:
    q = _typed_name(request)
    matches = search_officials(session, q, limit=SUGGESTION_LIMIT) if q else []
    exact = find_official(session, q) if q else None
    response = templates.TemplateResponse(
        request, "events/official_suggestions.html", {"q": q, "matches": matches, "exact": exact},
        block_name=block if hx else None,
    )
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/events/form/officials", name="official_suggestions")
def official_suggestions(request: Request, session: SessionDep, hx: HxRequest) -> Response:
    """Officials whose name or alias matches what is typed: <option>s for the form's datalist
    (htmx), a plain list as a page."""
    return _officials_page(request, session, hx, "options")


@router.get("/events/form/official-match", name="official_match")
def official_match(request: Request, session: SessionDep, hx: HxRequest) -> Response:
    """Whether a typed name is on record or would add a new person (htmx, as the name is left)."""
    return _officials_page(request, session, hx, "match")
