"""create_app(): routers, static files, security middleware, error pages."""

import logging
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.api import event_commands as api_event_commands
from app.api import events as api_events
from app.api import extract as api_extract
from app.api import officials as api_officials
from app.api import periods as api_periods
from app.api import stats as api_stats
from app.api import topics as api_topics
from app.concurrency import limit_request_threads
from app.config import ROOT, get_settings
from app.deps import SignInRequired, is_api, is_htmx, protect, visitor_for_error_page
from app.memory import limit_malloc_arenas
from app.services.events import UnknownArticle
from app.validation import error_message
from app.web import (
    api_docs,
    articles,
    auth,
    event_form,
    events,
    merge,
    exports,
    health,
    ingest,
    officials,
    periods,
    stats,
    timeline,
    topics,
)
from app.web.body_limit import JsonBodyLimitMiddleware
from app.web.head_requests import HeadAsGetMiddleware
from app.web.response_cache import ResponseCacheMiddleware
from app.web.security import SecurityMiddleware, apply_security_headers
from app.web.session import login_url
from app.web.templating import templates

log = logging.getLogger(__name__)


def _error_page(request: Request, status: int, title: str, message: str,
                headers: dict | None = None) -> Response:
    visitor_for_error_page(request)
    return templates.TemplateResponse(
        request, "errors/error.html", {"status": status, "title": title, "message": message},
        status_code=status, headers=headers,
    )


def allowed_methods(request: Request) -> str:
    """Every method the app serves at this path: the routes of one path can sit in several
    routers, and Starlette's 405 names only the first route's."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    if is_api(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
    if exc.status_code == 404:
        return _error_page(request, 404, "Page not found",
                           "There is no page at this address. It may have been moved or deleted.")
    return _error_page(request, exc.status_code, "Request refused", str(exc.detail), headers)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    if is_api(request):
        return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
    problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
    return _error_page(request, 400, "Bad request", problems)


def jsonable_errors(exc: RequestValidationError) -> list[dict]:
    return [{"loc": list(e["loc"]), "msg": error_message(e), "type": e["type"]}
            for e in exc.errors()]


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path)
    if is_api(request):
        response = JSONResponse({"detail": "Internal error"}, status_code=500)
    else:
        response = _error_page(request, 500, "Something went wrong", "The error has been logged.")
    # Sent by Starlette's outermost middleware, past SecurityMiddleware.
    apply_security_headers(response.headers)
    return response


async def database_error(request: Request, exc: OperationalError) -> Response:
    """SQLite still locked by other writers after busy_timeout: nothing was written, so say
    "busy, try again" (503, Retry-After) rather than 500. Any other database error is a 500."""
    if "database is locked" not in str(exc.orig):
        return await server_error(request, exc)
    log.warning("database busy on %s %s", request.method, request.url.path)
    message = "The database is busy with other changes; nothing was saved. Try again."
    headers = {"Retry-After": "1"}
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=503, headers=headers)
    response = _error_page(request, 503, "Busy", message)
    response.headers.update(headers)
    return response


async def unknown_article(request: Request, exc: UnknownArticle) -> Response:
    """A source naming an article id that is not stored: refused, nothing written (the session
    ends without a commit)."""
    if is_api(request):
        return JSONResponse({"detail": [{"loc": ["body", "sources"], "msg": str(exc),
                                         "type": "unknown_article"}]}, status_code=422)
    return _error_page(request, 422, "Unknown article",
                       f"{exc} Nothing was saved: go back, reload the form and try again.")


async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
    """An anonymous visitor on a write page: to the sign-in form, coming back afterwards."""
    url = login_url(exc.next_path)
    if is_htmx(request.headers.get("HX-Request")):
        return Response(status_code=401, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def create_app() -> FastAPI:
    # `protect` runs on every route: the visitor is resolved once and state-changing requests
    # are CSRF-checked. /docs has its own route (its own CSP); ReDoc is not served.
    settings = get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        limit_request_threads(settings.threads)
        yield

    app = FastAPI(title="US–China Military Contacts Timeline", version="0.1.0",
                  dependencies=[Depends(protect)], docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.add_middleware(JsonBodyLimitMiddleware)  # innermost: its 413 gets the security headers
    app.add_middleware(SecurityMiddleware)
    if settings.response_cache:  # outside SecurityMiddleware: it sees the headers and cookies sent
        app.add_middleware(ResponseCacheMiddleware, max_bytes=settings.response_cache_mb << 20)
    app.add_middleware(HeadAsGetMiddleware)
    app.mount("/static", StaticFiles(directory=str(ROOT / "static")), name="static")
    # event_form before events: its /events/new must win over /events/{event_id}.
    # The OpenAPI description (/docs, /openapi.json) is the JSON API's; pages stay out of it.
    for router in (health.router, auth.router, api_docs.router, timeline.router,
                   event_form.router, events.router, merge.router, officials.router,
                   topics.router, periods.router, stats.router, exports.router, ingest.router,
                   articles.router):
        app.include_router(router, include_in_schema=False)
    for router in (api_events.router, api_event_commands.router, api_officials.router,
                   api_topics.router, api_extract.router, api_periods.router, api_stats.router):
        app.include_router(router)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(UnknownArticle, unknown_article)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(OperationalError, database_error)
    app.add_exception_handler(Exception, server_error)
    return app


# uvicorn imports this module before its thread pool starts, as app.memory needs.
limit_malloc_arenas()
app = create_app()
