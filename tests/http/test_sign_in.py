"""Sign in and sign out over HTTP: the form, the cookie, failures, throttling, the return
address, and signing out on the server."""

from http.cookies import SimpleCookie

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import func, select

from app.config import get_settings
from app.models import EditorSession, LoginFailure
from app.services.sign_in import USER_LIMIT
from app.web.session import COOKIE
from tests.conftest import TEST_EDITOR
from tests.http.helpers import csrf_from, login


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def session_cookie(response) -> dict:
    """The attributes of the session cookie the response sets."""
    for header in response.headers.get_list("set-cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        if COOKIE in cookie:
            morsel = cookie[COOKIE]
            flags = ("httponly", "secure", "samesite", "max-age", "path")
            return {"value": morsel.value, **{k: morsel[k] for k in flags}}
    return {}


def signed_in_as(client) -> str | None:
    header = soup(client.get("/")).find(class_="account")
    strong = header.find(class_="signed-in")
    return strong.strong.get_text() if strong else None


@pytest.fixture
def no_pause(monkeypatch):
    """Record the waits after failed sign-ins instead of sleeping."""
    waits = []

    async def record(seconds):
        waits.append(seconds)

    monkeypatch.setattr("app.web.auth.pause", record)
    return waits


def test_the_login_form(anon_client):
    response = anon_client.get("/login?next=/events/new")
    assert response.status_code == 200
    page = soup(response)
    form = page.find("form", action="/login")
    assert form["method"] == "post"
    assert page.find("label", attrs={"for": "username"}).get_text(strip=True) == "Username"
    assert page.find("input", id="password")["type"] == "password"
    assert page.find("input", id="password")["autocomplete"] == "current-password"
    assert form.find("input", attrs={"name": "next"})["value"] == "/events/new"
    assert csrf_from(response)
    # The visitor got a cookie for the CSRF token only: no session in the database.
    assert session_cookie(response)["httponly"] and session_cookie(response)["max-age"] == ""


def test_signing_in_sets_a_new_session_cookie_and_returns_to_next(anon_client, editor, session):
    before = anon_client.get("/login")
    anonymous_token = session_cookie(before)["value"]
    response = login(anon_client, next_path="/events/new")
    assert response.status_code == 303 and response.headers["location"] == "/events/new"
    cookie = session_cookie(response)
    assert cookie["value"] != anonymous_token  # a fresh token: no session fixation
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert cookie["secure"] == "" and cookie["max-age"] == str(14 * 24 * 3600)
    assert session.exec(select(func.count()).select_from(EditorSession)).one() == 1
    assert signed_in_as(anon_client) == TEST_EDITOR
    assert anon_client.get("/events/new").status_code == 200


def test_the_cookie_is_secure_when_the_setting_is_on(app, editor, monkeypatch):
    monkeypatch.setenv("CONTACTS_SECURE_COOKIES", "true")
    get_settings.cache_clear()
    try:
        # A Secure cookie comes back over HTTPS only: over plain HTTP the form's token fails.
        with TestClient(app, base_url="http://testserver") as plain:
            assert login(plain).status_code == 403
        with TestClient(app, base_url="https://testserver") as browser:
            response = login(browser)
            assert response.status_code == 303 and session_cookie(response)["secure"] is True
            assert signed_in_as(browser) == TEST_EDITOR
    finally:
        get_settings.cache_clear()


def test_a_wrong_password_is_refused_with_a_message(anon_client, editor, session, no_pause):
    response = login(anon_client, password="not the password")
    assert response.status_code == 401
    page = soup(response)
    assert "do not match" in page.find(id="login-error").get_text()
    assert page.find("input", id="username")["value"] == TEST_EDITOR
    assert page.find("input", id="username")["aria-describedby"] == "login-error"
    assert page.find("input", id="password").get("value") == ""  # never echoed back
    assert session.exec(select(func.count()).select_from(EditorSession)).one() == 0
    assert signed_in_as(anon_client) is None
    assert no_pause == [0.25]


def test_empty_fields_are_asked_for_and_not_counted(anon_client, editor, session, no_pause):
    response = login(anon_client, password="")
    assert response.status_code == 422
    assert "Enter your username and your password" in response.text
    assert session.exec(select(func.count()).select_from(LoginFailure)).one() == 0


def test_repeated_failures_are_slowed_then_refused(anon_client, editor, no_pause):
    for _ in range(USER_LIMIT):
        assert login(anon_client, password="wrong password").status_code == 401
    assert no_pause == [0.25, 0.5, 1, 2, 4]
    refused = login(anon_client)  # the right password, but too late
    assert refused.status_code == 429
    assert soup(refused).find(id="login-error").get_text(strip=True).endswith(
        "Too many attempts, try again in 15 minutes.")
    assert 14 * 60 < int(refused.headers["retry-after"]) <= 15 * 60 + 1
    assert signed_in_as(anon_client) is None


def test_signing_in_needs_the_csrf_token(anon_client, editor, session):
    anon_client.get("/login")
    for token in ("", "0" * 64):
        response = login(anon_client, csrf=token)
        assert response.status_code == 403
    assert session.exec(select(func.count()).select_from(EditorSession)).one() == 0


@pytest.mark.parametrize("next_path", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_next_cannot_leave_the_site(anon_client, editor, next_path):
    response = login(anon_client, next_path=next_path)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_the_header_shows_who_is_signed_in(client, anon_client):
    account = soup(client.get("/")).find(class_="account")
    name = account.find(class_="signed-in").get_text(" ", strip=True)
    assert name == f"Signed in as {TEST_EDITOR}"
    form = account.find("form", action="/logout")
    assert form["method"] == "post" and form.find("input", attrs={"name": "csrf_token"})
    visitor = soup(anon_client.get("/officials?q=wei")).find(class_="account")
    assert visitor.find("a").get_text() == "Sign in"
    assert visitor.find("a")["href"] == "/login?next=%2Fofficials%3Fq%3Dwei"
    # Also on an error page of an address no route serves.
    assert soup(client.get("/no/such/page")).find(class_="signed-in") is not None


def test_logout_asks_on_get_and_signs_out_on_post(client, session):
    confirm = client.get("/logout")
    assert confirm.status_code == 200
    form = soup(confirm).find("main").find("form", action="/logout")
    assert form.find("button").get_text() == "Sign out"
    assert signed_in_as(client) == TEST_EDITOR  # GET changed nothing

    old_cookie = client.cookies.get(COOKIE)
    response = client.post("/logout", data={"csrf_token": csrf_from(confirm)},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert session_cookie(response)["max-age"] == "0"
    assert session.exec(select(func.count()).select_from(EditorSession)).one() == 0
    # The old cookie, replayed, no longer signs anyone in: the session ended on the server.
    client.cookies.set(COOKIE, old_cookie)
    assert signed_in_as(client) is None
    assert client.get("/events/new", follow_redirects=False).status_code == 303


def test_logout_needs_the_csrf_token(client, session):
    response = client.post("/logout", headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert response.status_code == 403
    assert session.exec(select(func.count()).select_from(EditorSession)).one() == 1
    assert signed_in_as(client) == TEST_EDITOR
