"""Year and month headings over a page of the timeline."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.schemas import EventPublic


@dataclass(frozen=True)
class Row:
    year: int | None  # set when this event starts a new year
    month: str | None  # set when it starts a new month ("April 2022")
    event: EventPublic


def _month_key(event: EventPublic) -> tuple[int, int]:
    return (event.date.year, 0 if event.date_precision == "year" else event.date.month)


def _month_label(key: tuple[int, int]) -> str:
    year, month = key
    return f"{year}, month unknown" if month == 0 else f"{date(year, month, 1):%B %Y}"


def month_rows(events: Sequence[EventPublic], *, after: date | None = None) -> list[Row]:
    """Headings only where the year or month changes; `after` is the date the previous page
    ended on, so a loaded page does not repeat the heading it continues."""
    rows: list[Row] = []
    prev = (after.year, after.month) if after else None
    for event in events:
        key = _month_key(event)
        new_year = prev is None or key[0] != prev[0]
        new_month = prev is None or key != prev
        rows.append(
            Row(key[0] if new_year else None, _month_label(key) if new_month else None, event)
        )
        prev = key
    return rows
