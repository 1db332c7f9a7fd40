"""/periods: the list of named periods, and the editor's forms to add, change and delete them."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import EditorDep, PeriodId, PostedForm, SessionDep
from app.schemas import PeriodPublic
from app.services.filters import TimelineFilter
from app.services.periods import (
    PeriodNotFound,
    create_period,
    delete_period,
    get_period,
    list_periods,
    update_period,
)
from app.web.grouping import Band
from app.web.period_form import PeriodForm
from app.web.rendering import render

router = APIRouter()


def _period_or_404(session, period_id: int) -> PeriodPublic:
    try:
        return get_period(session=session, period_id=period_id)
    except PeriodNotFound:
        raise HTTPException(404, "No such period") from None


def _form_page(request: Request, form: PeriodForm, *, period: PeriodPublic | None = None,
               status: int = 200) -> Response:
    context = {
        "nav": "periods",
        "form": form,
        "period": period,
        "action": f"/periods/{period.id}/edit" if period else "/periods/new",
        "page_title": f"Edit period: {period.name}" if period else "Add a period",
    }
    return render(request, "periods/form.html", context, status=status)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/periods", response_class=HTMLResponse)
def periods(request: Request, session: SessionDep):
    items = [
        (Band(p), TimelineFilter(date_from=p.start, date_to=p.end).url("/"))
        for p in list_periods(session=session)
    ]
    return render(request, "periods/index.html", {"nav": "periods", "items": items})


@router.get("/periods/new", response_class=HTMLResponse)
def new_period_form(request: Request, editor: EditorDep):
    return _form_page(request, PeriodForm())


@router.post("/periods/new")
def create_period_from_form(request: Request, session: SessionDep, editor: EditorDep,
                            data: PostedForm) -> Response:
    form = PeriodForm.from_post(data)
    command = form.validate()
    if command is None:
        return _form_page(request, form, status=422)
    period = create_period(session=session, data=command, editor=editor)
    return _see(f"/periods#period-{period.id}")


@router.get("/periods/{period_id}/edit", response_class=HTMLResponse)
def edit_period_form(request: Request, session: SessionDep, editor: EditorDep,
                     period_id: PeriodId):
    period = _period_or_404(session, period_id)
    return _form_page(request, PeriodForm.from_period(period), period=period)


@router.post("/periods/{period_id}/edit")
def update_period_from_form(request: Request, session: SessionDep, editor: EditorDep,
                            period_id: PeriodId, data: PostedForm) -> Response:
    period = _period_or_404(session, period_id)
    form = PeriodForm.from_post(data)
    command = form.validate()
    if command is None:
        return _form_page(request, form, period=period, status=422)
    update_period(session=session, period_id=period_id, data=command, editor=editor)
    return _see(f"/periods#period-{period_id}")


@router.get("/periods/{period_id}/delete", response_class=HTMLResponse)
def confirm_delete_period(request: Request, session: SessionDep, editor: EditorDep,
                          period_id: PeriodId):
    period = _period_or_404(session, period_id)
    return render(request, "periods/delete.html", {"nav": "periods", "band": Band(period)})


@router.post("/periods/{period_id}/delete")
def delete_period_from_form(session: SessionDep, editor: EditorDep,
                            period_id: PeriodId) -> Response:
    try:
        delete_period(session=session, period_id=period_id, editor=editor)
    except PeriodNotFound:
        raise HTTPException(404, "No such period") from None
    return _see("/periods")
