"""JSON bodies declared larger than MAX_JSON_BYTES are refused (413) before a byte is read:
FastAPI would otherwise read and parse a body of any size before validating it. Forms have
their own limit where they are read (app/web/form_body.py)."""

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.limits import MAX_JSON_BYTES

TOO_LARGE = (f"The request body is larger than {MAX_JSON_BYTES // 1_000_000} MB, so nothing was "
             "read. An article may be at most 1 MB.")


class JsonBodyLimitMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _declared_too_large_json(dict(scope["headers"])):
            await JSONResponse({"detail": TOO_LARGE}, status_code=413)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _declared_too_large_json(headers: dict[bytes, bytes]) -> bool:
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    length = headers.get(b"content-length", b"")
    return (content_type.endswith(b"json") and length.isdigit()
            and int(length) > MAX_JSON_BYTES)
