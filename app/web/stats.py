"""/stats: counts by year and medium, category, topic, pairs, initiative and silences."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.services.filters import chips, clear_url, parse_filters
from app.services.officials import official_names
from app.services.stats import statistics
from app.services.timeline import resolve_filters
from app.web.rendering import render
from app.web.timeline import export_links

router = APIRouter()


@router.get("/stats", response_class=HTMLResponse)
def stats(request: Request, session: SessionDep):
    parsed = parse_filters(request.query_params.multi_items())
    f, errors = resolve_filters(session=session, filters=parsed.filter)
    figures = statistics(session=session, filters=f, today=date.today())
    context = {
        "nav": "stats",
        "stats": figures,
        "filters": f,
        "errors": {**parsed.errors, **errors},
        "chips": chips(f, names=official_names(session, f.officials), base="/stats"),
        "kept_pairs": [(k, v) for k, v in f.pairs() if k != "gap"],
        "clear_url": clear_url(f, "/stats"),
        "timeline_url": f.url("/"),
        "gap_url": lambda g: f.url("/", date_from=g.start, date_to=g.end),
        "exports": export_links(f),
        "api_url": f.url("/api/stats"),
    }
    return render(request, "stats/index.html", context,
                  status=400 if context["errors"] else 200)
