"""Security headers on every response, and the session cookie a request asked for.

A pure ASGI middleware, so static files, error pages and redirects get the headers too. The
500 page is sent by Starlette's outermost error middleware, past this one: main.server_error adds
the same headers with `apply_security_headers`.

The Content-Security-Policy allows scripts from this site and from the one htmx file the pages
load (CONTACTS_HTMX_URL; the exact URL, not its whole origin: a CDN origin such as jsDelivr serves
every npm package, and any of them could be a script gadget). No inline script, no eval (htmx
event filters and hx-on need eval: the templates use neither), no inline styles (htmx's indicator
<style> is turned off in base.html's htmx-config), and no framing.
"""

import base64
import hashlib
from functools import lru_cache
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings
from app.web.session import SET_COOKIE_STATE

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}
BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def script_source(url: str) -> str | None:
    """The CSP source for a script URL: None when 'self' covers it (a path on this site)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"
    return None


@lru_cache
def content_security_policy(htmx_url: str) -> str:
    extra = script_source(htmx_url)
    return _policy(BASE_POLICY | {"script-src": ["'self'", *([extra] if extra else [])]})


def inline_script_policy(script: str, *, origin: str | None) -> str:
    """A policy for a page we do not write (FastAPI's /docs): its one inline script by hash, its
    files from this site and `origin` (a CDN; None: this site only), and the inline styles
    Swagger UI sets."""
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    files = ["'self'", origin] if origin else ["'self'"]
    return _policy(BASE_POLICY | {
        "script-src": [*files, f"'sha256-{digest}'"],
        "style-src": [*files, "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https://fastapi.tiangolo.com"],
    })


def apply_security_headers(headers: MutableHeaders) -> None:
    """Add the headers a response lacks (a page may bring its own Content-Security-Policy)."""
    headers.setdefault("Content-Security-Policy",
                       content_security_policy(get_settings().htmx_url))
    for name, value in STATIC_HEADERS.items():
        headers.setdefault(name, value)


class SecurityMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Routes write request.state into this dict: the cookie a request asked for is here.
        state = scope.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                apply_security_headers(headers)
                cookie = state.get(SET_COOKIE_STATE)
                if cookie:
                    headers.append("Set-Cookie", cookie)
                if cookie or state.get("editor"):
                    # Shows who is signed in or carries their CSRF token: no shared caching.
                    headers.setdefault("Cache-Control", "private, no-cache")
            await send(message)

        await self.app(scope, receive, send_with_headers)
