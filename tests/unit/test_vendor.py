"""The npm copies (htmx, Swagger UI) are the releases the CDN URLs name; htmx matches its SRI hash."""

import base64
import hashlib
import json

from app.config import (HTMX_CDN_URL, HTMX_SRI, HTMX_VERSION, ROOT, SWAGGER_UI_CDN_URL,
                        SWAGGER_UI_VERSION)
from tests.e2e.server import HTMX_LOCAL_FILE


def test_npm_pins_the_htmx_release_the_pages_load():
    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    assert pins["htmx.org"] == HTMX_VERSION
    assert f"htmx.org@{HTMX_VERSION}/" in HTMX_CDN_URL


def test_local_htmx_matches_the_integrity_hash():
    assert HTMX_LOCAL_FILE.is_file(), "run `make vendor`"
    digest = base64.b64encode(hashlib.sha384(HTMX_LOCAL_FILE.read_bytes()).digest()).decode()
    assert f"sha384-{digest}" == HTMX_SRI


def test_npm_pins_the_swagger_ui_release_the_docs_load():
    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    assert pins["swagger-ui-dist"] == SWAGGER_UI_VERSION
    assert SWAGGER_UI_CDN_URL.endswith(f"swagger-ui-dist@{SWAGGER_UI_VERSION}")
    local = ROOT / "static" / "vendor" / "swagger-ui"
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert (local / name).stat().st_size > 1000, f"{name}: run `make vendor`"
