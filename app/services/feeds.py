"""Calendar, TimelineJS and Atom exports of the events a filter selects.

iCalendar through `icalendar` (one VEVENT per contact: all-day, or the whole month or year the
date's precision claims), Atom through `feedgen` (the newest contacts), TimelineJS as the JSON its
loader reads (https://timeline.knightlab.com/docs/json-format.html). Each library escapes its own
syntax; TimelineJS renders its text as HTML, so user text is HTML-escaped there, and characters
XML cannot hold are dropped before the feed is written.
"""

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from dateutil.relativedelta import relativedelta
from feedgen.feed import FeedGenerator
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from markupsafe import escape
from sqlmodel import Session

from app.domain import label
from app.schemas import EventPublic, PeriodPublic
from app.services.exports import CHUNK
from app.services.filters import TimelineFilter, chips
from app.services.officials import official_names
from app.services.periods import list_periods
from app.services.timeline import iter_event_chunks, list_events
from app.services.topics import get_topic_by_slug

PRODUCT = "US–China Military Contacts Timeline"
PRODID = "-//contacts-timeline//US-China Military Contacts Timeline//EN"
FEED_SIZE = 50
ICAL_STATUS = {"held": "CONFIRMED", "planned": "TENTATIVE", "requested": "TENTATIVE",
               "declined": "CANCELLED", "postponed": "CANCELLED", "cancelled": "CANCELLED"}
# XML 1.0 allows tab, newline, carriage return and everything from U+0020 (less surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def event_url(base_url: str, event: EventPublic) -> str:
    return f"{base_url.rstrip('/')}/events/{event.id}"


def date_span(event: EventPublic) -> tuple[date, date]:
    """(first day, day after the last): a day (or the days of multi-day talks), the month, or
    the year, as the precision of the date allows."""
    if event.date_precision.value == "year":
        start = date(event.date.year, 1, 1)
        return start, start + relativedelta(years=1)
    if event.date_precision.value == "month":
        start = event.date.replace(day=1)
        return start, start + relativedelta(months=1)
    return event.date, (event.end_date or event.date) + timedelta(days=1)


def _who(event: EventPublic) -> str:
    return "; ".join(
        f"{label('side', p.side.value)}: {p.name or 'Delegation'}"
        + (f", {p.title}" if p.title else "")
        for p in event.participants
    )


def _description(event: EventPublic) -> str:
    lines = [event.summary, _who(event)]
    if event.topics:
        lines.append("Topics: " + ", ".join(event.topics))
    lines += [f"Source: {s.publisher}" + (f" {s.url}" if s.url else "") for s in event.sources]
    return "\n".join(line for line in lines if line)


# --- iCalendar --------------------------------------------------------------------------------


def calendar_entry(event: EventPublic, *, base_url: str) -> CalendarEvent:
    start, end = date_span(event)
    entry = CalendarEvent()
    entry.add("uid", f"{event.uuid}@contacts-timeline")
    entry.add("dtstamp", event.updated_at)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", event.title)
    entry.add("description", _description(event))
    if event.location:
        entry.add("location", event.location)
    entry.add("categories", [label("medium", event.medium.value)])
    entry.add("status", ICAL_STATUS[event.status.value])
    entry.add("url", event_url(base_url, event))
    return entry


def ics_export(*, session: Session, filters: TimelineFilter, base_url: str) -> Iterator[bytes]:
    """The calendar: its header, then the entries a chunk at a time, then its end."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", PRODUCT)
    text = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    yield text[: -len(end)]
    for chunk in iter_event_chunks(session=session, filters=filters, chunk=CHUNK):
        yield b"".join(calendar_entry(e, base_url=base_url).to_ical() for e in chunk)
    yield end


# --- TimelineJS -------------------------------------------------------------------------------


def tl_date(day: date, precision: str = "day") -> dict:
    parts = {"year": day.year}
    if precision in ("month", "day"):
        parts["month"] = day.month
    if precision == "day":
        parts["day"] = day.day
    return parts


def _html(text: str) -> str:
    return str(escape(text))


def timelinejs_event(event: EventPublic, *, base_url: str) -> dict:
    text = "".join(
        f"<p>{_html(part)}</p>" for part in (event.summary, _who(event)) if part
    ) + f'<p><a href="{_html(event_url(base_url, event))}">Sources and details</a></p>'
    out = {
        "unique_id": f"event-{event.uuid}",
        "start_date": tl_date(event.date, event.date_precision.value),
        "text": {"headline": _html(event.title), "text": text},
        "group": label("medium", event.medium.value),
    }
    if event.end_date and event.end_date != event.date:
        out["end_date"] = tl_date(event.end_date)
    return out


def timelinejs_era(period: PeriodPublic, *, today: date) -> dict:
    return {
        "start_date": tl_date(period.start),
        "end_date": tl_date(period.end or max(today, period.start)),
        "text": {"headline": _html(period.name), "text": _html(period.summary)},
    }


def timelinejs_export(*, session: Session, filters: TimelineFilter, base_url: str,
                      today: date) -> Iterator[str]:
    """{"title", "events", "eras"}: the events streamed a chunk at a time, the periods as eras."""
    title = {"text": {"headline": _html(PRODUCT),
                      "text": "<p>Contacts between the US and Chinese defence establishments.</p>"}}
    yield '{"title": ' + json.dumps(title, ensure_ascii=False) + ',\n "events": ['
    first = True
    for chunk in iter_event_chunks(session=session, filters=filters, chunk=CHUNK):
        parts = [json.dumps(timelinejs_event(e, base_url=base_url), ensure_ascii=False)
                 for e in chunk]
        yield ("\n  " if first else ",\n  ") + ",\n  ".join(parts)
        first = False
    eras = [timelinejs_era(p, today=today) for p in list_periods(session=session)]
    yield '\n ],\n "eras": ' + json.dumps(eras, ensure_ascii=False) + "\n}\n"


# --- Atom -------------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def atom_feed(*, events: Sequence[EventPublic], feed_url: str, timeline_url: str,
              base_url: str, view: str = "") -> bytes:
    feed = FeedGenerator()
    feed.id(xml_safe(feed_url))
    feed.title(xml_safe(f"{PRODUCT}: {view}" if view else PRODUCT))
    feed.subtitle("The newest recorded contacts between the US and Chinese defence establishments")
    feed.link(href=xml_safe(feed_url), rel="self", type="application/atom+xml")
    feed.link(href=xml_safe(timeline_url), rel="alternate", type="text/html")
    feed.author({"name": PRODUCT})
    feed.updated(max((_aware(e.updated_at) for e in events),
                     default=datetime(2000, 1, 1, tzinfo=timezone.utc)))
    for event in events:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:uuid:{event.uuid}")
        entry.title(xml_safe(event.title))
        entry.link(href=event_url(base_url, event), rel="alternate", type="text/html")
        entry.published(_aware(event.created_at))
        entry.updated(_aware(event.updated_at))
        entry.summary(xml_safe(_description(event)))
        entry.category(term=event.medium.value, label=label("medium", event.medium.value))
    return feed.atom_str(pretty=True)


def atom_export(*, session: Session, filters: TimelineFilter, base_url: str) -> bytes:
    """The newest FEED_SIZE contacts `filters` selects, newest first, as an Atom feed."""
    newest = replace(filters, order="newest", cursor=None)
    page = list_events(session=session, filters=newest, limit=FEED_SIZE)
    base = base_url.rstrip("/")
    return atom_feed(events=page.events, feed_url=base + newest.export_url("/feed.atom"),
                     timeline_url=base + newest.export_url("/"), base_url=base,
                     view=view_name(session, newest))


def view_name(session: Session, filters: TimelineFilter) -> str:
    """The filters in words ("Official: Wei Fenghe; Medium: Phone call"), so that a reader
    subscribed to several views can tell their feeds apart."""
    topics = {slug: topic.name for slug in filters.topics
              if (topic := get_topic_by_slug(session, slug)) is not None}
    active = chips(filters, names=official_names(session, filters.officials), topic_names=topics)
    return "; ".join(f"{chip.kind}: {chip.label}" for chip in active)
