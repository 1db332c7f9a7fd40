"""/docs: FastAPI's Swagger UI, with a Content-Security-Policy of its own.

Swagger UI comes from a CDN and starts with an inline script; the site-wide policy allows
neither, so this page names that script by its hash instead of allowing inline scripts.
"""

import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.web.security import inline_script_policy

router = APIRouter()

SWAGGER_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(openapi_url=request.app.openapi_url,
                               title=f"{request.app.title} – API")
    script = _INLINE_SCRIPT.search(page.body.decode()).group(1)
    page.headers["Content-Security-Policy"] = inline_script_policy(script, cdn=SWAGGER_CDN)
    return page
