"""Silences: the gaps between consecutive contacts, for the timeline's filters.

A gap runs from the date of one contact to the date of the next one (start dates: multi-day talks
last days, silences months). Months are calendar months (relativedelta), so 5 August 2022 to
5 October 2023 is 14 months. The database returns only the distinct dates (a few thousand at
most, read from the (status, date) index); the arithmetic is Python, portable to any database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Event
from app.services.filters import TimelineFilter
from app.services.timeline import where_clause


@dataclass(frozen=True)
class Gap:
    start: date  # the contact before the silence
    end: date  # the contact that broke it

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def months(self) -> int:
        delta = relativedelta(self.end, self.start)
        return delta.years * 12 + delta.months

    @property
    def text(self) -> str:
        """'14 months without a contact', '20 days without a contact'."""
        if self.months >= 1:
            n, unit = self.months, "month"
        else:
            n, unit = self.days, "day"
        return f"{n} {unit}{'' if n == 1 else 's'} without a contact"


def gap_between(a: date, b: date) -> Gap:
    """The silence between two contact dates, in either order."""
    return Gap(min(a, b), max(a, b))


def passes(gap: Gap, threshold_months: int | None) -> bool:
    return bool(threshold_months) and gap.months >= threshold_months


def contact_dates(*, session: Session, filters: TimelineFilter) -> list[date]:
    """The distinct dates with a contact, oldest first."""
    return list(
        session.execute(
            select(Event.date).where(where_clause(filters)).distinct().order_by(Event.date)
        ).scalars()
    )


def gaps(dates: Sequence[date]) -> list[Gap]:
    """The gaps between consecutive dates (sorted, distinct), in date order."""
    return [Gap(a, b) for a, b in zip(dates, dates[1:])]


def longest(found: Iterable[Gap], *, limit: int, min_months: int | None = None) -> list[Gap]:
    """The longest gaps first (the earlier one first on a tie), at least `min_months` if given."""
    kept = [g for g in found if not min_months or g.months >= min_months]
    return sorted(kept, key=lambda g: (-g.days, g.start))[:limit]


def last_contact(*, session: Session, filters: TimelineFilter, today: date) -> date | None:
    """The latest contact on or before `today` (planned contacts can lie ahead)."""
    return session.execute(
        select(func.max(Event.date)).where(where_clause(filters), Event.date <= today)
    ).scalar_one_or_none()
