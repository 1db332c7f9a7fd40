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
_EMPTY_MOUNT = re.compile(r'<div id="swagger-ui">\s*</div>')
# Swagger UI replaces this once it loads; offline (no CDN) it is what the page says.
_UNTIL_LOADED = ('<div id="swagger-ui"><p>The API explorer loads Swagger UI from '
                 f'{SWAGGER_CDN}. Without it, the API description is at '
                 '<a href="/openapi.json">/openapi.json</a> and in the README.</p></div>')


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(openapi_url=request.app.openapi_url,
                               title=f"{request.app.title} – API")
    body = _EMPTY_MOUNT.sub(_UNTIL_LOADED, page.body.decode(), count=1)
    script = _INLINE_SCRIPT.search(body).group(1)
    response = HTMLResponse(body)
    response.headers["Content-Security-Policy"] = inline_script_policy(script, cdn=SWAGGER_CDN)
    return response
