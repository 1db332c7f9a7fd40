"""Periods: named stretches of time (a suspension of military exchanges), drawn as bands."""

from datetime import date

from sqlmodel import Session, col, or_, select

from app.models import Period
from app.schemas import PeriodIn, PeriodPublic
from app.services.counts import touch


class PeriodNotFound(LookupError):
    pass


def overlaps(period, start: date, end: date) -> bool:
    """Whether a period (open: still going) and the days start..end share a day."""
    return period.start <= end and (period.end is None or period.end >= start)


def _public(period: Period) -> PeriodPublic:
    return PeriodPublic.model_validate(period, from_attributes=True)


def list_periods(
    *, session: Session, start: date | None = None, end: date | None = None
) -> list[PeriodPublic]:
    """Every period, oldest first; with `start`/`end`, only those that overlap that range."""
    query = select(Period).order_by(Period.start, Period.id)
    if end is not None:
        query = query.where(col(Period.start) <= end)
    if start is not None:
        query = query.where(or_(col(Period.end).is_(None), col(Period.end) >= start))
    return [_public(p) for p in session.exec(query).all()]


def get_period(*, session: Session, period_id: int) -> PeriodPublic:
    period = session.get(Period, period_id)
    if period is None:
        raise PeriodNotFound(period_id)
    return _public(period)


def create_period(*, session: Session, data: PeriodIn, editor=None,
                  commit: bool = True) -> PeriodPublic:
    period = Period(**data.model_dump())
    session.add(period)
    session.flush()
    touch(session)  # /stats names the periods each silence overlaps
    if commit:
        session.commit()
    return _public(period)


def update_period(*, session: Session, period_id: int, data: PeriodIn, editor=None) -> PeriodPublic:
    period = session.get(Period, period_id)
    if period is None:
        raise PeriodNotFound(period_id)
    for key, value in data.model_dump().items():
        setattr(period, key, value)
    touch(session)
    session.commit()
    return _public(period)


def delete_period(*, session: Session, period_id: int, editor=None) -> None:
    period = session.get(Period, period_id)
    if period is None:
        raise PeriodNotFound(period_id)
    session.delete(period)
    touch(session)
    session.commit()


def find_period(*, session: Session, name: str, start: date) -> Period | None:
    """The period with this name and start (an import's identity for a period)."""
    return session.exec(select(Period).where(Period.name == name, Period.start == start)).first()
