"""/api/periods: named periods (GET is public; POST, PUT and DELETE need an editor)."""

from fastapi import APIRouter, HTTPException, Response

from app.api.event_commands import BAD_BODY, INVALID, WRITE_REFUSALS, Problem
from app.deps import EditorDep, PeriodId, SessionDep
from app.schemas import PeriodIn, PeriodList, PeriodPublic
from app.services.periods import (
    PeriodNotFound,
    create_period,
    delete_period,
    get_period,
    list_periods,
    update_period,
)

router = APIRouter(prefix="/api", tags=["periods"])
NOT_FOUND = {404: {"model": Problem, "description": "No such period"}}


def _found(call):
    try:
        return call()
    except PeriodNotFound:
        raise HTTPException(404, "No such period") from None


@router.get("/periods", response_model=PeriodList)
def periods(session: SessionDep):
    return PeriodList(data=list_periods(session=session))


@router.post("/periods", status_code=201, response_model=PeriodPublic,
             responses={400: BAD_BODY, 422: INVALID, **WRITE_REFUSALS})
def create(data: PeriodIn, session: SessionDep, editor: EditorDep, response: Response):
    period = create_period(session=session, data=data, editor=editor)
    response.headers["Location"] = f"/api/periods/{period.id}"
    return period


@router.get("/periods/{period_id}", response_model=PeriodPublic, responses=NOT_FOUND)
def period(period_id: PeriodId, session: SessionDep):
    return _found(lambda: get_period(session=session, period_id=period_id))


@router.put("/periods/{period_id}", response_model=PeriodPublic,
            responses={400: BAD_BODY, 422: INVALID, **NOT_FOUND, **WRITE_REFUSALS})
def update(period_id: PeriodId, data: PeriodIn, session: SessionDep, editor: EditorDep):
    return _found(lambda: update_period(session=session, period_id=period_id, data=data,
                                        editor=editor))


@router.delete("/periods/{period_id}", status_code=204,
               responses={**NOT_FOUND, **WRITE_REFUSALS})
def delete(period_id: PeriodId, session: SessionDep, editor: EditorDep) -> Response:
    _found(lambda: delete_period(session=session, period_id=period_id, editor=editor))
    return Response(status_code=204)
