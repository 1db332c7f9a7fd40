"""The query string of the timeline -> a typed TimelineFilter, and back to URLs.

Pure: no database. Unknown parameters are ignored (a shared link with utm_* still works);
malformed values come back as messages keyed by the parameter they belong to. The server
computes every "remove this filter" URL here (datasette's toggle_url), so templates hold no
URL logic.
"""

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from app.domain import Category, Medium, Status, label
from app.limits import MAX_FILTER_TEXT, MAX_FILTER_VALUES, MAX_ID

DEFAULT_STATUSES: tuple[str, ...] = (Status.held.value,)
ORDERS = ("newest", "oldest")
# Uncertain contacts (sources disagree, or one weak source) are shown and marked by default;
# "firm" leaves them out, "uncertain" shows only them (for reviewing the record).
CERTAINTIES = ("all", "firm", "uncertain")
CERTAINTY_LABELS = {
    "all": "All, uncertain marked",
    "firm": "Firm only",
    "uncertain": "Uncertain only",
}
MAX_VALUES = MAX_FILTER_VALUES  # per repeatable parameter
MAX_TEXT = MAX_FILTER_TEXT
MAX_GAP_MONTHS = 600
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
REPEATABLE = ("official", "medium", "status", "topic", "category")


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the (date, id) of the last event shown."""

    date: date
    id: int

    def encode(self) -> str:
        raw = f"{self.date.isoformat()}.{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            day, _, ident = raw.partition(".")
            cursor = cls(date.fromisoformat(day), int(ident))
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValueError("bad cursor") from exc
        if not 1 <= cursor.id <= MAX_ID or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise ValueError("bad cursor")
        return cursor


@dataclass(frozen=True)
class TimelineFilter:
    officials: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    topics: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    certainty: str = "all"
    order: str = "newest"
    cursor: Cursor | None = None
    who: str = ""  # a typed name, resolved to an official by the timeline service
    gap: int | None = None  # mark silences of at least this many months (display only)

    def pairs(self, *, with_cursor: bool = False) -> list[tuple[str, str]]:
        """The canonical query string, as (key, value) pairs."""
        out: list[tuple[str, str]] = []
        out += [("official", v) for v in self.officials]
        out += [("medium", v) for v in self.media]
        if self.statuses != DEFAULT_STATUSES:
            out += [("status", v) for v in self.statuses]
        out += [("topic", v) for v in self.topics]
        out += [("category", v) for v in self.categories]
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        if self.q:
            out.append(("q", self.q))
        if self.certainty != "all":
            out.append(("certainty", self.certainty))
        if self.who:
            out.append(("who", self.who))
        if self.order != "newest":
            out.append(("order", self.order))
        if self.gap:
            out.append(("gap", str(self.gap)))
        if with_cursor and self.cursor:
            out.append(("cursor", self.cursor.encode()))
        return out

    def url(self, base: str = "/", **changes) -> str:
        """This filter (changed by `changes`, cursor dropped unless given) as a URL."""
        changed = replace(self, **{"cursor": None, **changes})
        query = urlencode(changed.pairs(with_cursor=True))
        return f"{base}?{query}" if query else base

    def export_url(self, base: str) -> str:
        """The events of this filter at another address (an export): no page, no display options."""
        return self.url(base, gap=None)

    @property
    def is_default(self) -> bool:
        return replace(self, cursor=None, order="newest") == TimelineFilter()


@dataclass(frozen=True)
class ParsedFilter:
    filter: TimelineFilter
    errors: dict[str, str] = field(default_factory=dict)


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _parse_date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError
    return date.fromisoformat(value)


def parse_filters(params: Iterable[tuple[str, str]]) -> ParsedFilter:
    """Query-string pairs -> a filter and {parameter: message} for the malformed values."""
    values: dict[str, list[str]] = {}
    for key, value in params:
        value = value.strip()
        if value:
            values.setdefault(key, []).append(value)
    errors: dict[str, str] = {}

    def last(key: str) -> str:
        return values.get(key, [""])[-1]

    def choices(key: str, allowed: Iterable[str], noun: str) -> tuple[str, ...]:
        given = _dedupe(values.get(key, []))
        if len(given) > MAX_VALUES:
            errors[key] = f"Choose at most {MAX_VALUES} values."
            return ()
        allowed = set(allowed)
        bad = [v for v in given if v not in allowed]
        if bad:
            errors[key] = f"Unknown {noun}: {', '.join(repr(v[:40]) for v in bad)}."
        return tuple(v for v in given if v in allowed)

    def slugs(key: str, noun: str) -> tuple[str, ...]:
        given = _dedupe(v.lower() for v in values.get(key, []))
        if len(given) > MAX_VALUES:
            errors[key] = f"Choose at most {MAX_VALUES} values."
            return ()
        bad = [v for v in given if not _SLUG.match(v)]
        if bad:
            errors[key] = f"Not a valid {noun} identifier: {', '.join(repr(v[:40]) for v in bad)}."
        return tuple(v for v in given if _SLUG.match(v))

    def day(key: str) -> date | None:
        if not last(key):
            return None
        try:
            parsed = _parse_date(last(key))
        except ValueError:
            errors[key] = f"{last(key)[:40]!r} is not a date; use YYYY-MM-DD."
            return None
        return parsed

    # `pick` is what a suggestion button submits: it adds an official and replaces the typed name.
    officials = slugs("official", "official")
    picked = slugs("pick", "official")
    errors.pop("pick", None)
    officials = _dedupe([*officials, *picked])
    date_from, date_to = day("from"), day("to")
    if date_from and date_to and date_from > date_to:
        errors["to"] = "The end date is before the start date."
        date_to = None
    order = last("order") or "newest"
    if order not in ORDERS:
        errors["order"] = "Order must be 'newest' or 'oldest'."
        order = "newest"
    gap = None
    if last("gap"):
        text = last("gap")
        if text.isdecimal() and 1 <= int(text) <= MAX_GAP_MONTHS:
            gap = int(text)
        else:
            errors["gap"] = f"Give the silence threshold in whole months, 1 to {MAX_GAP_MONTHS}."


    certainty = last("certainty") or "all"
    if certainty not in CERTAINTIES:
        errors["certainty"] = "Certainty must be 'all', 'firm' or 'uncertain'."
        certainty = "all"
    cursor = None
    if last("cursor"):
        try:
            cursor = Cursor.decode(last("cursor"))
        except ValueError:
            errors["cursor"] = "This page link is broken or out of date; start from the first page."
    statuses = choices("status", [s.value for s in Status], "status")
    return ParsedFilter(
        TimelineFilter(
            officials=officials,
            media=choices("medium", [m.value for m in Medium], "medium"),
            statuses=statuses or DEFAULT_STATUSES,
            topics=slugs("topic", "topic"),
            categories=choices("category", [c.value for c in Category], "category"),
            date_from=date_from,
            date_to=date_to,
            q=" ".join(last("q").split())[:MAX_TEXT],
            certainty=certainty,
            order=order,
            cursor=cursor,
            who="" if picked else " ".join(last("who").split())[:MAX_TEXT],
            gap=gap,
        ),
        errors,
    )


@dataclass(frozen=True)
class Chip:
    """One active filter, with the URL that removes it."""

    kind: str  # what the filter is: "Official", "Medium", ...
    label: str
    remove_url: str


def _without(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value)


def chips(
    f: TimelineFilter,
    *,
    names: Mapping[str, str] = {},
    topic_names: Mapping[str, str] = {},
    base: str = "/",
) -> list[Chip]:
    """The active filters as removable chips; `names` maps official slugs to names."""
    out = [
        Chip("Official", names.get(s, s), f.url(base, officials=_without(f.officials, s)))
        for s in f.officials
    ]
    out += [
        Chip("Medium", label("medium", m), f.url(base, media=_without(f.media, m))) for m in f.media
    ]
    if f.statuses != DEFAULT_STATUSES:
        out += [
            Chip(
                "Status",
                label("status", s),
                f.url(base, statuses=_without(f.statuses, s) or DEFAULT_STATUSES),
            )
            for s in f.statuses
        ]
    out += [
        Chip("Topic", topic_names.get(t, t), f.url(base, topics=_without(f.topics, t)))
        for t in f.topics
    ]
    out += [
        Chip("Category", label("category", c), f.url(base, categories=_without(f.categories, c)))
        for c in f.categories
    ]
    if f.date_from:
        out.append(Chip("From", f.date_from.isoformat(), f.url(base, date_from=None)))
    if f.date_to:
        out.append(Chip("To", f.date_to.isoformat(), f.url(base, date_to=None)))
    if f.q:
        out.append(Chip("Text", f.q, f.url(base, q="")))
    if f.gap:
        months = "month" if f.gap == 1 else "months"
        out.append(Chip("Silences", f"{f.gap}+ {months}", f.url(base, gap=None)))


    if f.certainty != "all":
        out.append(Chip("Certainty", CERTAINTY_LABELS[f.certainty], f.url(base, certainty="all")))
    return out


def clear_url(f: TimelineFilter, base: str = "/") -> str:
    """Every filter removed; the order kept."""
    return TimelineFilter(order=f.order).url(base)
