"""/docs: FastAPI's Swagger UI, with a Content-Security-Policy of its own.

Swagger UI comes from CONTACTS_SWAGGER_UI_URL (the jsDelivr CDN, or the npm copy `make vendor`
puts in static/vendor) and starts with an inline script; the site-wide policy allows neither, so
this page names that script by its hash and allows the folder's origin.
"""

import re
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.config import get_settings
from app.web.security import inline_script_policy

router = APIRouter()

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_EMPTY_MOUNT = re.compile(r'<div id="swagger-ui">\s*</div>')


def _until_loaded(folder: str) -> str:
    """What the page says until Swagger UI replaces it, and all it says when the files are out
    of reach (a CDN offline)."""
    return ('<div id="swagger-ui"><p>The API explorer loads Swagger UI from '
            f'{folder}. Without it, the API description is at '
            '<a href="/openapi.json">/openapi.json</a> and in the README.</p></div>')


def _origin(url: str) -> str | None:
    """The origin a CSP must allow for `url`; None for a path on this site."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else None


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    folder = get_settings().swagger_ui_url
    page = get_swagger_ui_html(openapi_url=request.app.openapi_url,
                               title=f"{request.app.title} – API",
                               swagger_js_url=f"{folder}/swagger-ui-bundle.js",
                               swagger_css_url=f"{folder}/swagger-ui.css")
    body = _EMPTY_MOUNT.sub(_until_loaded(folder), page.body.decode(), count=1)
    script = _INLINE_SCRIPT.search(body).group(1)
    response = HTMLResponse(body)
    response.headers["Content-Security-Policy"] = inline_script_policy(script, origin=_origin(folder))
    return response
