"""The timeline page `/`, the official suggestions fragment, and the view other pages share."""

import weakref
from dataclasses import replace
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlmodel import Session

from app.config import Settings
from app.deps import SessionDep, SettingsDep
from app.domain import Category, Status
from app.lru import LRU
from app.services.filters import ParsedFilter, TimelineFilter, chips, clear_url, parse_filters
from app.services.officials import search_officials
from app.services.overview import Overview, overview
from app.services.timeline import TimelinePage, list_events
from app.web.chart import build_chart
from app.web.grouping import month_rows
from app.web.rendering import is_load_more, render
from app.web.templating import templates

router = APIRouter()


EXPORTS = (
    ("CSV", "/export/events.csv", "text/csv"),
    ("JSON", "/export/events.json", "application/json"),
    ("iCal", "/export/events.ics", "text/calendar"),
    ("TimelineJS", "/export/timelinejs.json", "application/json"),
    ("Atom", "/feed.atom", "application/atom+xml"),
)


def export_links(f: TimelineFilter) -> list[tuple[str, str, str]]:
    """(label, URL, media type) of every export of the events `f` selects."""
    return [(name, f.export_url(path), kind) for name, path, kind in EXPORTS]


CHARTS_KEPT = 64
_charts: LRU[tuple[weakref.ref, Markup]] = LRU(CHARTS_KEPT)


def rendered_chart(extras: Overview, f: TimelineFilter, base: str) -> Markup | None:
    """The rhythm chart as HTML, drawn once per rhythm and filter. The rhythm comes from
    app.services.cache, the same object until the record (or a period) changes, so a chart
    is kept only as long as its rhythm object lives. Drawing it took a sixth of the first
    page's CPU time."""
    rhythm = extras.rhythm
    if rhythm is None:
        return None
    key = (id(rhythm), replace(f, cursor=None), base, date.today())  # periods drawn end today
    entry = _charts.get(key)
    if entry is not None and entry[0]() is rhythm:
        return entry[1]
    chart = build_chart(rhythm, extras.periods,
                        url_for=lambda b: f.url(base, date_from=b.start, date_to=b.end))
    html = Markup(templates.get_template("timeline/_chart.html").render(chart=chart))
    _charts.put(key, (weakref.ref(rhythm), html))
    return html


def timeline_view(
    page: TimelinePage, parsed: ParsedFilter, *, base: str, extras: Overview | None = None
) -> dict:
    """What the timeline templates need: results, headings, chips and every URL, computed here."""
    f = page.filters
    extras = extras or Overview(None, [])
    topic_names = {t.value: t.label for t in page.topics}
    after = parsed.filter.cursor.date if parsed.filter.cursor else None
    chart = rendered_chart(extras, f, base)
    rows = month_rows(page.events, after=after, periods=extras.periods,
                      newest_first=f.order == "newest", gap_months=f.gap,
                      last_page=page.next_cursor is None)
    return {
        "filters": f,
        "typed_who": parsed.filter.who if "who" in page.errors else "",
        "page": page,
        "rows": rows,
        "chart": chart,
        "exports": export_links(f),
        "errors": {**parsed.errors, **page.errors},
        "chips": chips(f, names=page.official_names, topic_names=topic_names, base=base),
        "clear_url": clear_url(f, base),
        "next_url": f.url(base, cursor=page.next_cursor) if page.next_cursor else None,
        "order_urls": {o: f.url(base, order=o) for o in ("newest", "oldest")},
        "first_page_url": f.url(base) if f.cursor else None,
        "statuses": [s.value for s in Status],
        "categories": [c.value for c in Category],
        "base": base,
    }


def timeline_context(
    request: Request, session: Session, settings: Settings, parsed: ParsedFilter, *, base: str
) -> tuple[TimelinePage, dict]:
    """One page of the timeline with its chart and bands: what `/`, an official's and a topic's
    pages show. A "Load more" request gets no chart (it keeps only the cards)."""
    page = list_events(session=session, filters=parsed.filter, limit=settings.page_size)
    extras = overview(session=session, filters=page.filters, today=date.today(),
                      with_chart=not is_load_more(request))
    return page, timeline_view(page, parsed, base=base, extras=extras)


def canonical_url(page: TimelinePage, base: str) -> str:
    f = page.filters
    return f.url(base, cursor=f.cursor)


@router.get("/", response_class=HTMLResponse)
def timeline(request: Request, session: SessionDep, settings: SettingsDep):
    parsed = parse_filters(request.query_params.multi_items())
    page, view = timeline_context(request, session, settings, parsed, base="/")
    context = {"nav": "timeline", **view}
    return render(
        request,
        "timeline/index.html",
        context,
        block="view",
        status=400 if parsed.errors else 200,
        push_url=canonical_url(page, "/"),
    )


@router.get("/suggest/officials", response_class=HTMLResponse)
def suggest_officials(request: Request, session: SessionDep, who: str = ""):
    """Suggestions for the official filter, as buttons that submit the filter form (htmx)."""
    matches = search_officials(session, who[:200], limit=8)
    response = templates.TemplateResponse(
        request, "timeline/_suggestions.html", {"matches": matches, "who": who}
    )
    response.headers["Vary"] = "HX-Request"
    return response


def pinned(parsed: ParsedFilter, **fixed) -> ParsedFilter:
    """The filter of a page that pins a topic or an official, keeping order and cursor."""
    f = parsed.filter
    kept = {k: v for k, v in parsed.errors.items() if k in ("order", "cursor", "gap")}
    return ParsedFilter(replace(type(f)(order=f.order, cursor=f.cursor, gap=f.gap), **fixed), kept)
