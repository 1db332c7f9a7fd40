"""Year and month headings, silence markers and period bands over a page of the timeline.

Pure: a page of events in reading order, the date the previous page ended on (`after`) and the
periods to draw, in; rows out. Everything a row shows is decided from the dates alone, so a page
loaded with "Load more" continues the one above it: no repeated heading or band header, and the
silence between the two pages is marked at the top of the new one.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.schemas import EventPublic, PeriodPublic
from app.services.silences import Gap, gap_between, passes


@dataclass(frozen=True)
class Band:
    """A period as the timeline draws it:
    'China suspends military exchanges, Aug 2022 – Dec 2023'."""

    period: PeriodPublic

    @property
    def dates(self) -> str:
        start, end = self.period.start, self.period.end
        if end is None:
            return f"{start:%b %Y} – ongoing"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%b %Y}"
        return f"{start:%b %Y} – {end:%b %Y}"

    @property
    def label(self) -> str:
        return f"{self.period.name}, {self.dates}"

    def contains(self, day: date) -> bool:
        return self.period.start <= day and (self.period.end is None or day <= self.period.end)


@dataclass(frozen=True)
class Row:
    year: int | None  # set when this event starts a new year
    month: str | None  # set when it starts a new month ("April 2022")
    event: EventPublic | None  # None: a last row with only the bands that close the list
    # What comes before the headings, in this order: the bands the reading leaves, the headers
    # of the bands it enters, the silence (when it passes the threshold), then the ends of the
    # bands entered and left in the same step (a period without a contact in it).
    ends: list[Band] = field(default_factory=list)
    starts: list[Band] = field(default_factory=list)
    gap: Gap | None = None
    passed: list[Band] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)  # the bands this event lies inside


def _month_key(event: EventPublic) -> tuple[int, int]:
    return (event.date.year, 0 if event.date_precision == "year" else event.date.month)


def _month_label(key: tuple[int, int]) -> str:
    year, month = key
    return f"{year}, month unknown" if month == 0 else f"{date(year, month, 1):%B %Y}"


class _BandWalk:
    """Where each band is entered and left while reading dates in order (newest or oldest first)."""

    def __init__(self, periods: Sequence[PeriodPublic], *, newest_first: bool, after: date | None):
        self.bands = [Band(p) for p in periods]
        self.newest_first = newest_first
        self.entered: set[int] = set()
        self.left: set[int] = set()
        if after is not None:
            for i, band in enumerate(self.bands):
                if self._reached(band, after):
                    self.entered.add(i)
                if self._passed(band, after):
                    self.left.add(i)

    def _reached(self, band: Band, day: date) -> bool:
        p = band.period
        return (p.end is None or day <= p.end) if self.newest_first else day >= p.start

    def _passed(self, band: Band, day: date) -> bool:
        p = band.period
        return day < p.start if self.newest_first else (p.end is not None and day > p.end)

    def step(self, day: date | None) -> tuple[list[Band], list[Band], list[Band]]:
        """(left before, entered, entered and left at once) on reaching `day`; None: the end."""
        was_in, entered, through = [], [], []
        for i, band in enumerate(self.bands):
            reached = day is None or self._reached(band, day)
            passed = (band.period.end is not None or self.newest_first) if day is None \
                else self._passed(band, day)
            if i not in self.entered and reached:
                self.entered.add(i)
                (through if passed else entered).append(band)
                if passed:
                    self.left.add(i)
            elif i in self.entered and i not in self.left and passed:
                self.left.add(i)
                was_in.append(band)
        return was_in, entered, through


def month_rows(
    events: Sequence[EventPublic],
    *,
    after: date | None = None,
    periods: Sequence[PeriodPublic] = (),
    newest_first: bool = True,
    gap_months: int | None = None,
    last_page: bool = False,
) -> list[Row]:
    """Headings only where the year or month changes; `after` is the date the previous page
    ended on, so a loaded page does not repeat the heading it continues. Bands: a header where
    the reading enters a period, a closing marker where it leaves it; silences of at least
    `gap_months` marked before the event that ends them."""
    rows: list[Row] = []
    prev = (after.year, after.month) if after else None
    prev_day = after
    walk = _BandWalk(periods, newest_first=newest_first, after=after)
    for event in events:
        key = _month_key(event)
        new_year = prev is None or key[0] != prev[0]
        new_month = prev is None or key != prev
        was_in, entered, through = walk.step(event.date)
        gap = gap_between(prev_day, event.date) if prev_day else None
        rows.append(
            Row(
                key[0] if new_year else None,
                _month_label(key) if new_month else None,
                event,
                ends=was_in,
                starts=entered + through,
                gap=gap if gap and passes(gap, gap_months) else None,
                passed=through,
                bands=[b for b in walk.bands if b.contains(event.date)],
            )
        )
        prev, prev_day = key, event.date
    if last_page:
        was_in, entered, through = walk.step(None)
        if was_in or entered or through:
            rows.append(Row(None, None, None, ends=was_in, starts=entered + through,
                            passed=through))
    return rows
