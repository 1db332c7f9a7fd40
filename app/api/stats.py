"""/api/stats: the figures of /stats as JSON, for the timeline's filters."""

from datetime import date

from fastapi import APIRouter, Request

from app.api.events import FILTER_PARAMETERS, filter_errors
from app.deps import SessionDep
from app.schemas import StatsPublic
from app.services.filters import parse_filters
from app.services.stats import statistics
from app.services.timeline import resolve_filters

router = APIRouter(prefix="/api", tags=["stats"])

GAP_PARAMETER = {"name": "gap", "in": "query", "required": False, "schema": {"type": "integer"},
                 "description": "List only the silences of at least this many months"}


@router.get("/stats", response_model=StatsPublic,
            responses={422: {"description": "A malformed filter value"}},
            openapi_extra={"parameters": [p for p in FILTER_PARAMETERS if p["name"] != "cursor"]
                           + [GAP_PARAMETER]})
def stats(request: Request, session: SessionDep):
    """Counts by year and medium, category, topic and initiator; the most frequent pairs of
    counterparts by person and by office; the longest silences and the days since the last
    contact. Filters as on the timeline."""
    parsed = parse_filters(request.query_params.multi_items())
    if parsed.errors:
        return filter_errors(parsed.errors)
    f, errors = resolve_filters(session=session, filters=parsed.filter)
    if errors:
        return filter_errors(errors)
    return statistics(session=session, filters=f, today=date.today())
