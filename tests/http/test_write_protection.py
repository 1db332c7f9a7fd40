"""Every write needs a signed-in editor and, from a browser, the CSRF token.

The write routes are enumerated from the app itself: a new POST/PUT/PATCH/DELETE route without
EditorDep fails these tests unless it is added to PUBLIC_WRITES with a reason.
"""

import re

import pytest
from bs4 import BeautifulSoup
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from sqlmodel import delete

from app.deps import current_editor
from app.main import create_app
from app.models import ApiToken
from app.services.editors import create_api_token
from tests.factories import event_payload, make_event
from tests.http.helpers import csrf_from, snapshot
from tests.http.test_event_form import form_data

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# State-changing methods that need no editor, and why. They still need the CSRF token.
PUBLIC_WRITES = {
    ("POST", "/login"): "signing in",
    ("POST", "/logout"): "signing out (ends the visitor's own session only)",
    ("POST", "/events/form/validate/{field}"): "re-renders one date field; reads only",
}


def _calls(dependant) -> set:
    calls = {dependant.call}
    for sub in dependant.dependencies:
        calls |= _calls(sub)
    return calls


def _routes() -> list:
    """Every API route as the app serves it (with the prefix and dependencies of the router it
    was included through: FastAPI's route contexts)."""
    return [r for r in iter_route_contexts(create_app().routes)
            if isinstance(r.original_route, APIRoute)]


def write_routes() -> list[tuple[str, RouteContext]]:
    return sorted(((m, r) for r in _routes() for m in r.methods & WRITE_METHODS),
                  key=lambda mr: (mr[1].path, mr[0]))


def needs_editor(route: RouteContext) -> bool:
    return current_editor in _calls(route.dependant)


def write_pages() -> list[RouteContext]:
    """GET pages that need an editor (forms): a visitor is sent to sign in."""
    return [r for r in _routes() if "GET" in r.methods and needs_editor(r)]


def _id(mr) -> str:
    return f"{mr[0]} {mr[1].path}"


PROTECTED = [mr for mr in write_routes() if (mr[0], mr[1].path) not in PUBLIC_WRITES]
ALL_WRITES = write_routes()


def test_the_route_lists_are_what_we_expect():
    """A guard on the enumeration itself: it finds the known write routes and pages."""
    found = {(m, r.path) for m, r in PROTECTED}
    assert {("POST", "/events/new"), ("POST", "/events/{event_id}/edit"),
            ("POST", "/events/{event_id}/delete"), ("POST", "/api/events"),
            ("PUT", "/api/events/{event_id}"), ("DELETE", "/api/events/{event_id}"),
            ("POST", "/api/extract")} <= found
    assert set(PUBLIC_WRITES) <= {(m, r.path) for m, r in ALL_WRITES}, "stale PUBLIC_WRITES"
    assert {r.path for r in write_pages()} >= {"/events/new", "/events/{event_id}/edit",
                                                "/events/{event_id}/delete"}


@pytest.mark.parametrize("method, route", PROTECTED, ids=list(map(_id, PROTECTED)))
def test_every_write_route_depends_on_the_editor(method, route):
    assert needs_editor(route), f"{method} {route.path} has no EditorDep"


@pytest.fixture
def event(session):
    return make_event(session, title="Protected event")


def _url(route: RouteContext, event) -> str:
    values = {}
    for param in route.dependant.path_params:
        values[param.name] = event.id if param.field_info.annotation is int else "date"
    return route.path_format.format(**values)


def _send(client, method: str, route: RouteContext, event, *, headers=None,
          csrf: str | None = None):
    url = _url(route, event)
    kwargs = {"headers": headers or {}, "follow_redirects": False}
    if method != "DELETE":
        if route.body_field is not None:
            kwargs["json"] = event_payload(version=event.version)
        else:
            kwargs["data"] = form_data(version=str(event.version))
            if csrf is not None:
                kwargs["data"]["csrf_token"] = [csrf]
    return client.request(method, url, **kwargs)


@pytest.mark.parametrize("method, route", PROTECTED, ids=list(map(_id, PROTECTED)))
def test_anonymous_writes_are_refused_and_change_nothing(anon_client, session, event, method,
                                                         route):
    # The visitor has a valid CSRF token (from the sign-in page): only the editor is missing.
    token = csrf_from(anon_client.get("/login"))
    before = snapshot(session)
    response = _send(anon_client, method, route, event, csrf=token)
    if route.path.startswith("/api/"):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in response.json()["detail"]
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    assert snapshot(session) == before


@pytest.mark.parametrize("method, route", ALL_WRITES, ids=list(map(_id, ALL_WRITES)))
@pytest.mark.parametrize("token", ["", "0" * 64], ids=["missing", "wrong"])
def test_writes_without_the_csrf_token_are_refused_and_change_nothing(client, session, event,
                                                                      method, route, token):
    before = snapshot(session)
    response = _send(client, method, route, event, headers={"X-CSRF-Token": token})
    assert response.status_code == 403, response.text
    assert snapshot(session) == before


def test_a_token_from_another_session_is_refused(client, anon_client, session, event):
    other = csrf_from(anon_client.get("/login"))
    before = snapshot(session)
    response = client.post(f"/events/{event.id}/delete", data={"csrf_token": other},
                           headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert response.status_code == 403
    assert "expired or did not come from this site" in response.text
    assert snapshot(session) == before


def test_a_form_field_token_works_without_javascript(client, session, event):
    page = client.get(f"/events/{event.id}/delete")
    response = client.post(f"/events/{event.id}/delete", data={"csrf_token": csrf_from(page)},
                           headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get(f"/events/{event.id}").status_code == 410  # deleted (softly)


@pytest.mark.parametrize("route", write_pages(), ids=lambda r: r.path)
def test_a_visitor_opening_a_write_page_is_sent_to_sign_in(anon_client, event, route):
    url = _url(route, event)
    response = anon_client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=" + url.replace("/", "%2F")


def test_htmx_is_told_to_go_to_the_sign_in_page(anon_client, event):
    token = csrf_from(anon_client.get("/login"))
    response = anon_client.post("/events/new", data={"action": "add-source", "csrf_token": token},
                                headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/login?next=%2Fevents%2Fnew"


def test_the_write_api_accepts_an_api_token_without_csrf(anon_client, session, editor):
    token = create_api_token(session=session, username=editor.name)
    response = anon_client.post("/api/events", json=event_payload(),
                                headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    event = response.json()
    assert anon_client.delete(f"/api/events/{event['id']}",
                              headers={"Authorization": f"bearer {token}"}).status_code == 204


def test_a_token_deleted_from_the_database_stops_working_at_once(anon_client, session, editor):
    """Known tokens are remembered only until the next commit (app.commit_version)."""
    token = create_api_token(session=session, username=editor.name)
    headers = {"Authorization": f"Bearer {token}"}
    assert anon_client.post("/api/events", json=event_payload(), headers=headers).status_code == 201
    session.exec(delete(ApiToken))
    session.commit()
    response = anon_client.post("/api/events", json=event_payload(title="After"), headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer ct_not-a-token", "Bearer ", "Basic dXNlcjpwdw=="])
def test_a_wrong_or_foreign_credential_gets_401(anon_client, session, header):
    before = snapshot(session)
    response = anon_client.post("/api/events", json=event_payload(),
                                headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Bearer realm="contacts"')
    if header.startswith("Bearer"):
        assert 'error="invalid_token"' in response.headers["www-authenticate"]
        assert response.json() == {"detail": "Invalid API token."}
    assert snapshot(session) == before


def test_a_bad_token_is_not_rescued_by_a_session_cookie(client):
    response = client.post("/api/events", json=event_payload(),
                           headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_the_api_with_a_session_cookie_needs_the_csrf_header(client, session):
    assert client.post("/api/events", json=event_payload()).status_code == 201
    before = snapshot(session)
    assert client.post("/api/events", json=event_payload(),
                       headers={"X-CSRF-Token": ""}).status_code == 403
    assert snapshot(session) == before


def test_reading_stays_public(anon_client, event):
    assert anon_client.get("/api/events").json()["count"] == 1
    assert anon_client.get(f"/api/events/{event.id}").status_code == 200
    assert anon_client.get(f"/events/{event.id}").status_code == 200


def _write_links(page: BeautifulSoup) -> list[str]:
    patterns = [re.compile("^" + re.sub(r"\{[^}]+\}", "[^/?#]+", r.path) + "(?:[?#].*)?$")
                for r in write_pages()]
    return [a["href"] for a in page.find_all("a", href=True)
            if any(p.match(a["href"]) for p in patterns)]


def _post_forms(page: BeautifulSoup) -> list[str]:
    return [f.get("action") for f in page.find_all("form")
            if (f.get("method") or "get").lower() == "post"]


def test_visitors_see_no_write_buttons_and_editors_do(client, anon_client, event, session):
    official = event.participants[0].slug
    pages = ["/", f"/events/{event.id}", "/officials", f"/officials/{official}",
             "/topics/taiwan", "/no/such/page"]
    for url in pages:
        page = BeautifulSoup(anon_client.get(url).text, "html.parser")
        assert _write_links(page) == [], url
        assert _post_forms(page) == [], url
        assert page.find(attrs={"hx-post": True}) is None, url
    editor_page = BeautifulSoup(client.get(f"/events/{event.id}").text, "html.parser")
    assert set(_write_links(editor_page)) == {"/events/new", "/ingest", f"/events/{event.id}/edit"}
    assert set(_post_forms(editor_page)) == {"/logout", f"/events/{event.id}/delete"}


def test_a_signed_in_visitor_is_looked_up_off_the_event_loop(client, monkeypatch):
    """The lookup checks out a pooled connection, which may wait for a full pool or a silent
    server: in the thread pool, never on the event loop (where it froze every request)."""
    import asyncio

    import app.deps
    on_loop: list[bool] = []
    original = app.deps.resolve_visitor

    def recording(request, session):
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:  # no running loop: a worker thread
            on_loop.append(False)
        return original(request, session)

    monkeypatch.setattr(app.deps, "resolve_visitor", recording)
    assert client.get("/").status_code == 200  # `client` is signed in (a session cookie)
    assert on_loop and not any(on_loop)
