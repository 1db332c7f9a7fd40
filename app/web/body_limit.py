"""JSON bodies larger than MAX_JSON_BYTES are refused (413): one declared larger by its
Content-Length before a byte is read, one sent without it (chunked) as soon as the bytes read
pass the limit. FastAPI would otherwise read and parse a body of any size before validating it.
Forms have their own limit where they are read (app/web/form_body.py).

FastAPI's own `max_body_size` counts bytes too, but it sits outside our middleware: its plain-text
413 replaces this JSON answer and lacks the security headers."""

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.limits import MAX_JSON_BYTES

TOO_LARGE = (f"The request body is larger than {MAX_JSON_BYTES // 1_000_000} MB and was refused. "
             "An article may be at most 1 MB.")


class JsonBodyLimitMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if not _is_json(headers):
            await self.app(scope, receive, send)
            return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > MAX_JSON_BYTES:
            await JSONResponse({"detail": TOO_LARGE}, status_code=413)(scope, receive, send)
            return
        await self.app(scope, _counting(receive), send)


def _is_json(headers: dict[bytes, bytes]) -> bool:
    return headers.get(b"content-type", b"").split(b";")[0].strip().lower().endswith(b"json")


def _counting(receive: Receive) -> Receive:
    """`receive` that raises a 413 once the body's bytes pass the limit: the route reading the
    body stops there (FastAPI passes an HTTPException from reading on to the error handler)."""
    read = 0

    async def receive_counted() -> Message:
        nonlocal read
        message = await receive()
        if message["type"] == "http.request":
            read += len(message.get("body", b""))
            if read > MAX_JSON_BYTES:
                raise HTTPException(413, TOO_LARGE)
        return message

    return receive_counted
