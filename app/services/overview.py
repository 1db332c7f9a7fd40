"""What the timeline draws around its cards: the rhythm chart and the period bands."""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Event
from app.schemas import PeriodPublic
from app.services.cache import cached
from app.services.filters import TimelineFilter
from app.services.periods import list_periods
from app.services.rhythm import Rhythm, rhythm
from app.services.timeline import where_clause


@dataclass(frozen=True)
class Overview:
    rhythm: Rhythm | None  # None when not asked for, or nothing to chart
    periods: list[PeriodPublic]  # those within the timeline's range: its first contact to today


def first_contact(*, session: Session, filters: TimelineFilter) -> date | None:
    """The earliest date `filters` selects (kept: "Load more" pages of a text search ask it)."""
    f = replace(filters, cursor=None, order="newest", gap=None)
    return cached(session, ("first", f), lambda: session.execute(
        select(func.min(Event.date)).where(where_clause(f))).scalar_one_or_none())


def overview(
    *, session: Session, filters: TimelineFilter, today: date, with_chart: bool = True
) -> Overview:
    """The chart (unless a "Load more" page, which shows none) and the periods to draw as bands
    for `filters` (resolved: no `who`)."""
    chart = rhythm(session=session, filters=filters) if with_chart else None
    start = filters.date_from
    if start is None:
        start = chart.start if chart else first_contact(session=session, filters=filters)
    if start is None:
        return Overview(chart, [])
    end = filters.date_to or max(today, start)
    # Kept like the chart: every change to a period moves the record's generation.
    periods = cached(session, ("periods", start, end),
                     lambda: list_periods(session=session, start=start, end=end))
    return Overview(chart, periods)
