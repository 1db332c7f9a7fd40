"""Security headers on every kind of response, and a Content-Security-Policy that follows the
configured htmx URL."""

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import HTMX_CDN_URL, SWAGGER_UI_CDN_URL, Settings, get_settings
from app.web.security import content_security_policy, script_source
from tests.factories import make_event

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


def policy(response) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.fixture
def boom_app(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    return app


@pytest.fixture
def responses(boom_app, client, anon_client, session):
    event = make_event(session)
    token = client.headers["X-CSRF-Token"]
    return {
        "page": client.get("/"),
        "fragment": client.get("/", headers={"HX-Request": "true", "HX-Target": "timeline-view"}),
        "event page": anon_client.get(f"/events/{event.id}"),
        "form": client.get("/events/new"),
        "login": anon_client.get("/login"),
        "json": anon_client.get("/api/events"),
        "openapi": anon_client.get("/openapi.json"),
        "static css": anon_client.get("/static/css/app.css"),
        "404 page": anon_client.get("/no/such/page"),
        "404 json": anon_client.get("/api/nothing"),
        "405": anon_client.put("/events/new"),
        "400 page": client.get("/events/0/edit"),
        "422 json": client.post("/api/events", json={}),
        "422 form": client.post("/events/new", data={"csrf_token": token}),
        "401 json": anon_client.post("/api/events", json={}),
        "403": client.post("/logout", headers={"X-CSRF-Token": ""}),
        "303": anon_client.get("/events/new", follow_redirects=False),
        "500 page": TestClient(boom_app, raise_server_exceptions=False).get("/boom"),
        "500 json": TestClient(boom_app, raise_server_exceptions=False).get("/api/boom"),
        "healthz": anon_client.get("/healthz"),
    }


def test_every_kind_of_response_has_the_headers(responses):
    statuses = {name: r.status_code for name, r in responses.items()}
    assert statuses["500 page"] == statuses["500 json"] == 500 and statuses["405"] == 405
    assert statuses["303"] == 303 and statuses["403"] == 403 and statuses["401 json"] == 401
    assert statuses["400 page"] == 400 and statuses["422 form"] == 422
    for name, response in responses.items():
        for header, value in EXPECTED.items():
            assert response.headers.get(header) == value, (name, header)
        csp = policy(response)
        assert csp["script-src"] == ["'self'", HTMX_CDN_URL], name
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], name
        assert csp["style-src"] == ["'self'"] and csp["default-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], name
        assert "'unsafe-eval'" not in response.headers["content-security-policy"], name


def test_signed_in_pages_are_not_cached_by_shared_caches(client, anon_client):
    assert client.get("/").headers["cache-control"] == "private, no-cache"
    assert "cache-control" not in anon_client.get("/").headers
    assert "set-cookie" not in anon_client.get("/").headers  # readers get no cookie


@pytest.mark.parametrize("url, source", [
    (HTMX_CDN_URL, HTMX_CDN_URL),
    ("/static/vendor/htmx.min.js", None),  # 'self' covers it
    ("https://unpkg.com/htmx.org@2.0.11/dist/htmx.min.js?v=1",
     "https://unpkg.com/htmx.org@2.0.11/dist/htmx.min.js"),
    ("http://127.0.0.1:9000/htmx.js", "http://127.0.0.1:9000/htmx.js"),
])
def test_the_policy_names_the_configured_htmx_file(url, source):
    assert script_source(url) == source
    expected = ["'self'"] + ([source] if source else [])
    assert content_security_policy(url).split("; ")[1] == "script-src " + " ".join(expected)


def get_with_setting(app, monkeypatch, variable: str, value: str, path: str):
    """GET `path` from an app that reads CONTACTS_* settings with `variable` set to `value`."""
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        with TestClient(app) as c:
            return c.get(path)
    finally:
        get_settings.cache_clear()


def test_the_policy_follows_the_setting(app, monkeypatch):
    response = get_with_setting(app, monkeypatch, "CONTACTS_HTMX_URL",
                                "/static/vendor/htmx.min.js", "/")
    assert policy(response)["script-src"] == ["'self'"]
    script = BeautifulSoup(response.text, "html.parser").find("script")
    assert script["src"] == "/static/vendor/htmx.min.js"


def test_the_pages_have_no_inline_script(anon_client):
    page = BeautifulSoup(anon_client.get("/login").text, "html.parser")
    scripts = page.find_all("script")
    assert [s.get("src") for s in scripts] == [HTMX_CDN_URL]
    assert all(not s.string for s in scripts)
    config = page.find("meta", attrs={"name": "htmx-config"})["content"]
    assert '"includeIndicatorStyles":false' in config


def test_the_api_docs_page_allows_only_its_own_inline_script(anon_client):
    response = anon_client.get("/docs")
    assert response.status_code == 200
    script = re.search(r"<script>(.*?)</script>", response.text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = policy(response)
    assert csp["script-src"] == ["'self'", "https://cdn.jsdelivr.net", f"'sha256-{digest}'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert anon_client.get("/redoc").status_code == 404


def test_the_api_docs_page_loads_swagger_ui_from_the_configured_folder(app, monkeypatch):
    # Offline installs point it at the npm copy `make vendor` puts in static/vendor.
    response = get_with_setting(app, monkeypatch, "CONTACTS_SWAGGER_UI_URL",
                                "/static/vendor/swagger-ui", "/docs")
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("script", src=True)["src"] == "/static/vendor/swagger-ui/swagger-ui-bundle.js"
    assert page.find("link", rel="stylesheet")["href"] == "/static/vendor/swagger-ui/swagger-ui.css"
    csp = policy(response)
    assert csp["script-src"][0] == "'self'" and len(csp["script-src"]) == 2  # self + the hash
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.parametrize("value", ["", "swagger-ui", "/static/vendor/swagger-ui/", "ftp://x/y"])
def test_a_swagger_ui_folder_that_is_not_a_url_is_refused_at_start(monkeypatch, value):
    monkeypatch.setenv("CONTACTS_SWAGGER_UI_URL", value)
    with pytest.raises(ValidationError, match="swagger_ui_url"):
        Settings()


def test_the_api_docs_page_says_where_the_api_is_until_swagger_loads(anon_client):
    # Offline (no CDN) the page was blank.
    mount = BeautifulSoup(anon_client.get("/docs").text, "html.parser").find(id="swagger-ui")
    assert "/openapi.json" in mount.get_text()
    assert SWAGGER_UI_CDN_URL in mount.get_text()
    assert mount.find("a")["href"] == "/openapi.json"
