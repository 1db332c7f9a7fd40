import pytest
from bs4 import BeautifulSoup


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_is_an_app_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1.get_text() == "Page not found"
    assert soup.find("a", href="/") is not None


def test_unknown_api_path_is_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_healthz_is_503_when_the_database_does_not_answer(app, tmp_path):
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from app.db import get_session, make_engine

    missing = make_engine(f"sqlite:///{tmp_path}")  # a folder: SQLite cannot open it

    def _session():
        with Session(missing) as s:
            yield s

    app.dependency_overrides[get_session] = _session
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "database unreachable"}


def test_an_unexpected_error_is_an_app_page_or_json(app, monkeypatch):
    from fastapi.testclient import TestClient

    def broken(**_):
        raise RuntimeError("boom")

    monkeypatch.setattr("app.web.timeline.list_events", broken)
    monkeypatch.setattr("app.api.events.list_events", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        page = c.get("/")
        api = c.get("/api/events")
    assert page.status_code == 500
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.h1.get_text() == "Something went wrong"
    assert soup.select_one("nav[aria-label=Main]") is not None  # a page of the app
    assert "boom" not in page.text  # nothing internal leaks
    assert api.status_code == 500 and api.json() == {"detail": "Internal error"}


def test_pages_name_an_icon_the_site_serves(anon_client):
    # Without one, every page load asked for /favicon.ico and logged a 404 in the console.
    icon = BeautifulSoup(anon_client.get("/").text, "html.parser").find("link", rel="icon")
    response = anon_client.get(icon["href"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("path", ["/", "/healthz", "/stats", "/export/events.csv", "/feed.atom",
                                  "/api/events", "/events/999999"])
def test_head_answers_as_get_without_a_body(anon_client, path):
    # It was 405 on every page: link checkers and uptime monitors send HEAD.
    get, head = anon_client.get(path), anon_client.head(path)
    assert head.status_code == get.status_code
    assert head.headers["content-type"] == get.headers["content-type"]
    assert "content-security-policy" in head.headers
    assert head.content == b""


def test_head_of_logout_is_its_get_and_signs_no_one_out(client):
    assert client.head("/logout").status_code == 200  # the confirmation page
    assert "Sign out" in client.get("/").text
