"""The rhythm of contacts: how many per month (or per year over long ranges), by medium.

Events per year, month and medium under the timeline's filters (app.services.counts: a few
hundred rows from the month table, or one GROUP BY over the matching events), bucketed in
Python. Empty months and years are kept: a silence is a run of empty buckets.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlmodel import Session

from app.domain import Medium
from app.schemas import FIRST_DAY, LAST_DAY
from app.services import counts as counts_module
from app.services.cache import cached
from app.services.counts import counts
from app.services.filters import TimelineFilter

# Up to this many months the chart shows months; beyond, years.
MONTHLY_MAX = 36
MEDIA = tuple(m.value for m in Medium)


@dataclass(frozen=True)
class Bucket:
    start: date
    end: date  # the last day
    unit: str  # "month" | "year"
    counts: dict[str, int]  # medium -> events, every medium present

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def label(self) -> str:
        return str(self.start.year) if self.unit == "year" else f"{self.start:%b %Y}"


@dataclass(frozen=True)
class Rhythm:
    unit: str  # "month" | "year"
    buckets: list[Bucket]

    @property
    def start(self) -> date:
        return self.buckets[0].start

    @property
    def end(self) -> date:
        return self.buckets[-1].end

    @property
    def max_total(self) -> int:
        return max((b.total for b in self.buckets), default=0)

    @property
    def total(self) -> int:
        return sum(b.total for b in self.buckets)


def monthly_counts(*, session: Session, filters: TimelineFilter) -> dict[tuple[int, int], dict]:
    """{(year, month): {medium: events}} for the events `filters` selects."""
    out: dict[tuple[int, int], dict[str, int]] = {}
    for (y, m, medium), n in counts(session=session, filters=filters,
                                    dims=("year", "month", "medium")).items():
        out.setdefault((y, m), {})[medium] = n
    return out


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_end(index: int) -> date:
    return _month_start(index + 1) - timedelta(days=1)


def bucket_counts(
    counts: dict[tuple[int, int], dict[str, int]],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Rhythm | None:
    """Months (or years, past MONTHLY_MAX months) from `date_from` (else the first month with
    events) to `date_to` (else the last), with their counts; None when nothing is counted."""
    if not counts and not (date_from and date_to):
        return None
    keys = [y * 12 + m - 1 for y, m in counts]
    first = _month_index(date_from) if date_from else min(keys)
    last = _month_index(date_to) if date_to else max(keys)
    if last < first:
        return None
    unit = "month" if last - first + 1 <= MONTHLY_MAX else "year"
    buckets: list[Bucket] = []
    if unit == "month":
        for index in range(first, last + 1):
            start = _month_start(index)
            found = counts.get((start.year, start.month), {})
            buckets.append(Bucket(start, _month_end(index), unit,
                                  {m: found.get(m, 0) for m in MEDIA}))
    else:
        for year in range(first // 12, last // 12 + 1):
            total = {m: 0 for m in MEDIA}
            for month in range(1, 13):
                for medium, n in counts.get((year, month), {}).items():
                    total[medium] = total.get(medium, 0) + n
            buckets.append(Bucket(date(year, 1, 1), date(year, 12, 31), unit, total))
    return Rhythm(unit, buckets)


def rhythm(*, session: Session, filters: TimelineFilter) -> Rhythm | None:
    """The chart above the timeline for `filters` (resolved: no `who`); kept until the record
    changes, since a text, topic or official filter counts its matching events."""
    f = replace(filters, cursor=None, order="newest", gap=None)
    counts_module.fresh(session)
    # The chart spans the filter's dates, but only where events can lie: "to=9999-12-31"
    # is every event to come, not eight thousand years of empty bars.
    date_from = max(f.date_from, FIRST_DAY) if f.date_from else None
    date_to = min(f.date_to, LAST_DAY) if f.date_to else None
    return cached(session, ("rhythm", f), lambda: bucket_counts(
        monthly_counts(session=session, filters=f), date_from=date_from, date_to=date_to))
