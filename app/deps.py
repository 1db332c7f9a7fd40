"""Dependency aliases shared by the HTML and JSON routers, and who is asking.

Every request resolves its visitor once (`get_visitor`): an API token (`Authorization: Bearer`)
or the session cookie. `protect` runs on every route (create_app adds it to the app) and checks
the CSRF token of state-changing requests; `EditorDep` on a write route refuses anyone who is not
a signed-in editor and hands the route the editor (`.id`, `.name`).
"""

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.datastructures import FormData

from app.config import Settings, get_settings
from app.db import app_engine, get_session
from app.limits import MAX_ID
from app.services.editors import SignedInEditor, editor_for_session, editor_for_token
from app.web.csrf import verify_csrf
from app.web.form_body import read_form
from app.web.session import cookie_token, current_path

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_htmx(hx_request: Annotated[str | None, Header()] = None) -> bool:
    return hx_request == "true"


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def posted_form(request: Request) -> FormData:
    return await read_form(request)


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
HxRequest = Annotated[bool, Depends(is_htmx)]
PostedForm = Annotated[FormData, Depends(posted_form)]

EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="The event's id")]
PeriodId = Annotated[int, Path(ge=1, le=MAX_ID, description="The period's id")]


@dataclass(frozen=True)
class Visitor:
    editor: SignedInEditor | None = None
    via: str | None = None  # "token" | "cookie" | None
    bearer: bool = False  # sent Authorization: Bearer (valid or not)


def bearer_token(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def resolve_visitor(request: Request, session: Session) -> Visitor:
    token = bearer_token(request)
    if token is not None:
        # A request with a token is judged by the token alone, never by a cookie beside it.
        editor = editor_for_token(session=session, token=token) if token else None
        visitor = Visitor(editor, "token" if editor else None, bearer=True)
    elif (cookie := cookie_token(request)) is not None:
        editor = editor_for_session(session=session, token=cookie)
        visitor = Visitor(editor, "cookie" if editor else None)
    else:
        visitor = Visitor()
    request.state.editor = visitor.editor
    return visitor


async def get_visitor(request: Request, session: SessionDep) -> Visitor:
    """An anonymous visitor on the event loop (no query, no trip to the thread pool); a token or
    a cookie in the thread pool: its lookup checks out a pooled connection, which may wait (a
    full pool, an unanswering server) and must never stop the event loop."""
    if bearer_token(request) is None and cookie_token(request) is None:
        return resolve_visitor(request, session)
    return await run_in_threadpool(resolve_visitor, request, session)


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


def visitor_for_error_page(request: Request) -> None:
    """Resolve the visitor for an error page of a URL no route matched (no dependency ran), so
    its header still shows who is signed in. On the database the routes use (or their test
    override's)."""
    if hasattr(request.state, "editor"):
        return
    request.state.editor = None
    if cookie_token(request) is None:
        return
    try:
        with Session(app_engine(request.app)) as session:
            resolve_visitor(request, session)
    except Exception:  # the page reports the first error; the header just shows "Sign in"
        log.exception("could not resolve the visitor for an error page")


async def protect(request: Request, visitor: VisitorDep) -> None:
    """CSRF check for every state-changing request that a browser could be tricked into sending
    with its cookie. Exempt: requests with an API token (another site cannot add that header),
    and API requests that are not signed in by cookie (nothing to abuse; EditorDep answers 401).
    Everything else, sign-in and sign-out included, needs the token: 403 without it."""
    if request.method in SAFE_METHODS or visitor.bearer:
        return
    if is_api(request) and visitor.via != "cookie":
        return
    await verify_csrf(request)


class SignInRequired(Exception):
    """An anonymous visitor on a write page: main.py sends them to /login?next=..."""

    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


# Declares the Bearer scheme in OpenAPI (the "Authorize" button of /docs) for the write routes;
# the token itself is read by resolve_visitor.
bearer_scheme = HTTPBearer(auto_error=False, scheme_name="APIToken",
                           description="A token from `contacts create-token NAME`.")


async def current_editor(  # async: no I/O here, so no trip to the thread pool
    request: Request,
    visitor: VisitorDep,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> SignedInEditor:
    if visitor.editor is not None:
        return visitor.editor
    if is_api(request):
        challenge = 'Bearer realm="contacts"'
        if visitor.bearer:
            challenge += ', error="invalid_token"'
        detail = ("Invalid API token." if visitor.bearer else
                  "Sign in first: send Authorization: Bearer <token> (contacts create-token NAME).")
        raise HTTPException(401, detail, headers={"WWW-Authenticate": challenge})
    raise SignInRequired(current_path(request) if request.method == "GET" else request.url.path)


EditorDep = Annotated[SignedInEditor, Depends(current_editor)]
