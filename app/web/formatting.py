"""How dates and other values read on a page."""

from datetime import date, datetime, timezone
from urllib.parse import urlsplit


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def event_date(start: date, precision: str = "day", end: date | None = None) -> str:
    """'20 April 2022', 'March 2021', '2008', or a range such as '28–29 September 2021'."""
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return f"{start:%B %Y}"
    if end is None or end == start:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{_day(start)} – {_day(end)}"


def moment(value: datetime) -> str:
    """A stored time as pages show it: '1 December 2026, 07:50 UTC'."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return f"{value.day} {value:%B %Y, %H:%M} UTC"


def short_date(start: date, precision: str = "day") -> str:
    """'20 Apr 2022', 'Mar 2021' or '2008': for tables, where a long month would not fit."""
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return f"{start:%b %Y}"
    return f"{start.day} {start:%b %Y}"


def host(url: str | None) -> str:
    """'defense.gov' for 'https://www.defense.gov/News/...': where a link goes, at a glance."""
    name = urlsplit(url or "").hostname or ""
    return name.removeprefix("www.")
