"""/topics/{slug}: the events on one topic, as a timeline."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep, SettingsDep
from app.services.filters import parse_filters
from app.services.topics import get_topic_by_slug
from app.web.officials import ALL_STATUSES
from app.web.rendering import render
from app.web.timeline import canonical_url, pinned, timeline_context

router = APIRouter()


@router.get("/topics/{slug}", response_class=HTMLResponse)
def topic(request: Request, session: SessionDep, settings: SettingsDep, slug: str):
    found = get_topic_by_slug(session, slug)
    if found is None:
        raise HTTPException(404, "No such topic")
    base = f"/topics/{found.slug}"
    parsed = pinned(
        parse_filters(request.query_params.multi_items()),
        topics=(found.slug,),
        statuses=ALL_STATUSES,
    )
    page, view = timeline_context(request, session, settings, parsed, base=base)
    context = {
        "topic": found,
        **view,
        "timeline_url": f"/?topic={found.slug}",
    }
    context["chips"] = []
    return render(
        request,
        "topics/show.html",
        context,
        block="view",
        status=400 if parsed.errors else 200,
        push_url=canonical_url(page, base),
    )
