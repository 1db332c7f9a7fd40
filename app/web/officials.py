"""/officials (directory with search) and /officials/{slug} (titles, contacts, counterparts)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep, SettingsDep
from app.domain import Status
from app.services.filters import parse_filters
from app.services.official_profile import directory, get_profile
from app.web.rendering import render
from app.web.timeline import canonical_url, pinned, timeline_context

router = APIRouter()
ALL_STATUSES = tuple(s.value for s in Status)


@router.get("/officials", response_class=HTMLResponse)
def officials(
    request: Request,
    session: SessionDep,
    q: str = "",
    everyone: Annotated[bool, Query(alias="all")] = False,
):
    q = q.strip()[:200]
    entries = directory(session=session, q=q, everyone=everyone)
    return render(
        request,
        "officials/index.html",
        {"nav": "officials", "entries": entries, "q": q, "everyone": everyone},
        block="results",
    )


@router.get("/officials/{slug}", response_class=HTMLResponse)
def official(request: Request, session: SessionDep, settings: SettingsDep, slug: str):
    profile = get_profile(session=session, slug=slug)
    if profile is None:
        raise HTTPException(404, "No such official")
    base = f"/officials/{profile.official.slug}"
    parsed = pinned(
        parse_filters(request.query_params.multi_items()),
        officials=(profile.official.slug,),
        statuses=ALL_STATUSES,
    )
    page, view = timeline_context(request, session, settings, parsed, base=base)
    context = {"nav": "officials", "profile": profile, **view}
    context["chips"] = []
    return render(
        request,
        "officials/show.html",
        context,
        block="view",
        status=400 if parsed.errors else 200,
        push_url=canonical_url(page, base),
    )
