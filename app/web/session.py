"""The session cookie and the sign-in return address.

The cookie holds a random token. Signed in, the token's SHA-256 is in editor_session (so signing
out ends the session on the server); a visitor who only opened a form gets an unsaved token, which
their CSRF token is derived from. Cookies are set by SecurityMiddleware from request.state, so a
template that asks for a CSRF token can still give the visitor a cookie.
"""

import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from fastapi import Request

from app.config import get_settings
from app.services.editors import SESSION_LIFETIME, new_secret

COOKIE = "contacts_session"
SET_COOKIE_STATE = "set_session_cookie"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def cookie_header(value: str, *, max_age: int | None) -> str:
    """The Set-Cookie value: HttpOnly, SameSite=Lax, Secure when CONTACTS_SECURE_COOKIES is on."""
    cookie: SimpleCookie = SimpleCookie()
    cookie[COOKIE] = value
    morsel = cookie[COOKIE]
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if get_settings().secure_cookies:
        morsel["secure"] = True
    if max_age is not None:
        morsel["max-age"] = max_age
    return morsel.OutputString()


def cookie_token(request: Request) -> str | None:
    """The token the browser sent, if it has the shape of one of ours."""
    value = request.cookies.get(COOKIE, "")
    return value if _TOKEN.match(value) else None


def session_token(request: Request) -> str:
    """The visitor's token: the one set during this request, the cookie's, or a new one (which
    the response then sets as a cookie for the browser's session only)."""
    token = getattr(request.state, "session_token", None) or cookie_token(request)
    if token is None:
        token = new_secret()
        setattr(request.state, SET_COOKIE_STATE, cookie_header(token, max_age=None))
    request.state.session_token = token
    return token


def begin_session(request: Request, token: str) -> None:
    """After sign-in: the new token replaces whatever the browser had (no session fixation)."""
    request.state.session_token = token
    setattr(request.state, SET_COOKIE_STATE,
            cookie_header(token, max_age=int(SESSION_LIFETIME.total_seconds())))


def clear_session(request: Request) -> None:
    request.state.session_token = None
    setattr(request.state, SET_COOKIE_STATE, cookie_header("", max_age=0))


def safe_next(value: object) -> str:
    """A return address after sign-in: a path on this site, else "/". Refuses other sites
    ("//evil.example", "https://...", "/\\evil.example") and control characters."""
    if not isinstance(value, str) or not value.startswith("/") or len(value) > 2000:
        return "/"
    if value.startswith(("//", "/\\")) or any(c in value for c in "\\\r\n\t\0"):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def login_url(next_path: str | None) -> str:
    next_path = safe_next(next_path)
    if next_path == "/" or urlsplit(next_path).path in ("/login", "/logout"):
        return "/login"
    return "/login?" + urlencode({"next": next_path})


def current_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")
