"""Render a page, or just the block htmx asked for, with the headers caches need."""

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.web.templating import templates

# The request headers of htmx that a page reads (`wants_fragment`, `is_load_more`, the pushed
# URL): every cache, the browser's and app/web/response_cache.py, keeps their answers apart.
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")
VARY = ", ".join(HTMX_HEADERS)


def wants_fragment(request: Request) -> bool:
    # A history restore after a cache miss needs the whole page, as does a boosted link.
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Boosted") != "true"
    )


def is_load_more(request: Request) -> bool:
    """An htmx "Load more" request: it keeps only the next cards of the page it gets."""
    return wants_fragment(request) and request.headers.get("HX-Target") == "load-more"


def render(
    request: Request,
    template: str,
    context: dict,
    *,
    block: str | None = None,
    status: int = 200,
    push_url: str | None = None,
    push_target: str = "timeline-view",
) -> HTMLResponse:
    """The full page, or `block` of the same template for an htmx request.

    `push_url` (the canonical URL: a typed name resolved, a picked suggestion folded in) replaces
    the pushed address when htmx swaps `push_target`; "Load more" requests push nothing."""
    fragment = block is not None and wants_fragment(request)
    response = templates.TemplateResponse(
        request,
        template,
        context,
        status_code=status,
        block_name=block if fragment else None,
    )
    response.headers["Vary"] = VARY
    if fragment and push_url and request.headers.get("HX-Target") == push_target:
        response.headers["HX-Push-Url"] = push_url
    return response
