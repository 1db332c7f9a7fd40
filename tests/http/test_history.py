"""History, soft delete and restore over HTTP: the event page's History section, Restore
buttons, the deleted event's page, the 409 that says what changed (form and API), and that a
deleted event leaves every read."""

import pytest
from bs4 import BeautifulSoup

from app.models import Event
from app.services.editors import create_editor
from app.services.events import delete_event, get_event
from app.services.revisions import revisions_of
from tests.factories import event_payload, make_event
from tests.conftest import TEST_PASSWORD, signed_in_client
from tests.http.test_event_form import count, form_data, soup


@pytest.fixture
def editors(app, session):
    """editors("alice"): a client signed in as a new editor of that name."""
    clients = []

    def signed_in(name: str):
        editor = create_editor(session=session, username=name, password=TEST_PASSWORD)
        clients.append(signed_in_client(app, session, editor).__enter__())
        return clients[-1]

    yield signed_in
    for c in clients:
        c.__exit__(None, None, None)


def history(page: BeautifulSoup) -> list[dict]:
    entries = []
    for li in page.find(id="history").select("li.revision"):
        entries.append({
            "action": li.find(class_="revision-action").get_text(strip=True),
            "editor": li.find(class_="revision-editor").get_text(strip=True),
            "changes": [c.get_text(" ", strip=True) for c in li.select("ul.changes > li")],
            "restore": li.find("button").get_text(strip=True) if li.find("button") else None,
        })
    return entries


def api_put(client, event_id, version, **changes):
    return client.put(f"/api/events/{event_id}", json=event_payload(**changes) | {"version": version})


def test_event_page_lists_the_history_newest_first_with_what_changed(client, session, editors):
    event = make_event(session)
    response = editors("alice").post(f"/events/{event.id}/edit",
                                     data=form_data(version="1", medium="video_conference"),
                                     follow_redirects=False)
    assert response.status_code == 303
    entries = history(soup(client.get(f"/events/{event.id}")))
    assert [(e["action"], e["editor"]) for e in entries] == [("Edited", "alice"),
                                                             ("Created", "system")]
    assert "Medium: Phone call → changed to Video conference" in entries[0]["changes"]
    assert entries[0]["restore"] is None  # the current version
    assert entries[1]["restore"] == "Restore version 1"


def test_restore_an_earlier_version_from_the_page(client, session, editors):
    event = make_event(session)
    api_put(client, event.id, 1, medium="video_conference", title="Edited")
    page = soup(client.get(f"/events/{event.id}"))
    form = page.find("button", string="Restore version 1").find_parent("form")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert form["method"] == "post" and fields["version"] == "2"
    response = editors("bob").post(form["action"], data=fields, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/events/{event.id}#history"
    session.expire_all()
    restored = get_event(session=session, event_id=event.id)
    assert (restored.title, restored.medium, restored.version) == (event.title, "phone_call", 3)
    entries = history(soup(client.get(f"/events/{event.id}")))
    assert (entries[0]["action"], entries[0]["editor"]) == ("Restored", "bob")
    assert "Title: Edited → changed to Austin and Wei speak by phone" in entries[0]["changes"]


def test_a_restore_from_a_stale_page_restores_nothing(client, session):
    event = make_event(session)
    api_put(client, event.id, 1, title="Edited")
    first = revisions_of(session, entity="event", entity_id=event.id)[-1]
    response = client.post(f"/events/{event.id}/restore",
                           data={"version": "1", "revision": str(first.id)})
    assert response.status_code == 409
    assert "nothing was restored" in soup(response).find(id="page-notice").get_text()
    session.expire_all()
    assert get_event(session=session, event_id=event.id).title == "Edited"


@pytest.mark.parametrize("data", [{}, {"version": "x"}, {"version": "1", "revision": "abc"},
                                  {"version": str(2**64)}])
def test_an_incomplete_restore_form_is_a_400(client, session, data):
    event = make_event(session)
    response = client.post(f"/events/{event.id}/restore", data=data)
    assert response.status_code == 400
    assert soup(response).find(id="page-notice") is not None


def test_restoring_what_cannot_be_restored_says_why(client, session):
    event, other = make_event(session), make_event(session, title="Other")
    theirs = revisions_of(session, entity="event", entity_id=other.id)[0]
    response = client.post(f"/events/{event.id}/restore",
                           data={"version": "1", "revision": str(theirs.id)})
    assert response.status_code == 400
    assert "not in this event's history" in soup(response).find(id="page-notice").get_text()


def test_a_deleted_event_says_when_and_by_whom_and_can_be_restored(client, session, editors):
    event = make_event(session)
    editors("alice").post(f"/events/{event.id}/delete", data={"version": "1"})
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 410
    page = soup(response)
    notice = page.find(id="deleted").get_text(" ", strip=True)
    assert "This event was deleted" in notice and "by alice" in notice
    assert page.find("a", string="Edit this event") is None
    assert history(page)[0]["action"] == "Deleted"
    assert client.get("/api/events").json()["count"] == 0
    form = page.find("button", string="Restore this event").find_parent("form")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    response = editors("bob").post(form["action"], data=fields)
    assert response.status_code == 200 and response.url.path == f"/events/{event.id}"
    assert [e["action"] for e in history(soup(response))][:2] == ["Restored", "Deleted"]
    assert client.get("/api/events").json()["count"] == 1
    assert client.get("/", params={"q": "Austin"}).text.count(event.title) >= 1


def test_deleting_from_a_stale_page_is_refused(client, session):
    event = make_event(session)
    api_put(client, event.id, 1, title="Edited meanwhile")
    response = client.post(f"/events/{event.id}/delete", data={"version": "1"})
    assert response.status_code == 409
    conflict = soup(response).find(id="conflict").get_text(" ", strip=True)
    assert "Nothing was deleted" in conflict and "Edited meanwhile" in conflict
    assert client.get(f"/api/events/{event.id}").status_code == 200


def test_forms_of_a_deleted_event_lead_to_its_page(client, session):
    event = make_event(session)
    delete_event(session=session, event_id=event.id)
    for response in (client.get(f"/events/{event.id}/edit", follow_redirects=False),
                     client.post(f"/events/{event.id}/edit", data=form_data(version="2"),
                                 follow_redirects=False)):
        assert response.status_code == 303
        assert response.headers["location"] == f"/events/{event.id}"


def test_a_deleted_event_leaves_every_read(client, session):
    """Timeline, facet counts, search, API, official and topic pages, the official directory's
    counts, counterparts, and the duplicate finder."""
    kept = make_event(session, title="Kept call", date="2021-01-05", topics=["Cyber"],
                      participants=[{"name": "Lloyd Austin", "side": "US", "title": "SecDef"},
                                    {"name": "Li Shangfu", "side": "CN", "title": "Minister"}])
    gone = make_event(session, title="Zebracall gone", medium="video_conference",
                      topics=["Taiwan"])
    delete_event(session=session, event_id=gone.id)

    timeline = soup(client.get("/", params={"status": ["held", "declined"]}))
    assert "Zebracall" not in timeline.get_text()
    assert timeline.find(attrs={"data-testid": "count-medium-video_conference"}).text == "0"
    assert timeline.find(attrs={"data-testid": "count-topic-taiwan"}) is None
    searched = soup(client.get("/", params={"q": "Zebracall"}))
    assert searched.find("a", href=f"/events/{gone.id}") is None
    listing = client.get("/api/events").json()
    assert [e["title"] for e in listing["data"]] == ["Kept call"] and listing["count"] == 1
    assert client.get("/api/events", params={"q": "Zebracall"}).json()["count"] == 0
    assert client.get(f"/api/events/{gone.id}").status_code == 410
    assert client.get("/topics/taiwan").text.count("Zebracall") == 0
    wei = soup(client.get("/officials/wei-fenghe"))
    assert "Zebracall" not in wei.get_text() and "Lloyd Austin" not in wei.get_text()
    directory = soup(client.get("/officials", params={"q": "Wei Fenghe"}))
    row = directory.find("a", string="Wei Fenghe").find_parent("tr")
    assert row("td")[2].get_text(strip=True) == "0"  # Contacts
    austin = soup(client.get("/officials/lloyd-austin")).get_text(" ")
    assert "Kept call" in austin and "Zebracall" not in austin
    # The duplicate finder: the same call again is not "maybe already recorded".
    response = client.post("/events/new", data=form_data(), follow_redirects=False)
    assert response.status_code == 303
    assert count(session, Event) == 3


def test_api_conflict_says_what_changed(client, session, editors):
    event = make_event(session)
    assert api_put(editors("alice"), event.id, 1, medium="video_conference").status_code == 200
    response = api_put(editors("bob"), event.id, 1, title="Bob's title")
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "current", "changes", "changed_by"}
    assert body["current"]["version"] == 2 and body["current"]["medium"] == "video_conference"
    assert body["changes"] == [{"field": "medium", "kind": "changed", "label": "Medium",
                                "before": "Phone call", "after": "Video conference",
                                "text": "Medium: Phone call → Video conference"}]
    assert body["changed_by"] == ["alice"]
    assert client.get(f"/api/events/{event.id}").json()["title"] == event.title


def test_two_editors_on_one_event_both_versions_are_in_the_history(client, session, editors):
    """Alice and Bob open version 1; Alice saves first; Bob's save is refused (form and API),
    then Bob saves knowingly over version 2. Every version is in the history."""
    event = make_event(session)
    alice, bob = editors("alice"), editors("bob")
    saved = alice.post(f"/events/{event.id}/edit", data=form_data(version="1",
                                                                  title="Alice's title"),
                       follow_redirects=False)
    assert saved.status_code == 303
    bob_form = bob.post(f"/events/{event.id}/edit",
                        data=form_data(version="1", title="Bob's title"))
    assert bob_form.status_code == 409
    page = soup(bob_form)
    assert "saved by alice" in " ".join(page.find(id="conflict").get_text(" ").split())
    assert page.find(id="title")["value"] == "Bob's title"
    assert api_put(bob, event.id, 1, title="Bob's title").status_code == 409
    assert client.get(f"/api/events/{event.id}").json()["title"] == "Alice's title"
    again = bob.post(f"/events/{event.id}/edit",
                     data=form_data(version=page.find("input", attrs={"name": "version"})
                                    ["value"], title="Bob's title"),
                     follow_redirects=False)
    assert again.status_code == 303
    body = client.get(f"/api/events/{event.id}/history").json()["data"]
    assert [(r["action"], r["editor"], r["version"]) for r in body] == [
        ("update", "bob", 3), ("update", "alice", 2), ("create", "system", 1)]
    assert body[1]["after"]["title"] == "Alice's title"
    assert body[0]["after"]["title"] == "Bob's title"
    assert body[0]["before"]["title"] == "Alice's title"


def test_api_restore_and_history(client, session):
    event = make_event(session)
    assert client.delete(f"/api/events/{event.id}").status_code == 204
    assert api_put(client, event.id, 2, title="x").status_code == 410
    history_body = client.get(f"/api/events/{event.id}/history").json()["data"]
    assert [r["action"] for r in history_body] == ["delete", "create"]
    assert client.post(f"/api/events/{event.id}/restore", json={"version": 1}).status_code == 409
    restored = client.post(f"/api/events/{event.id}/restore", json={"version": 2})
    assert restored.status_code == 200 and restored.json()["version"] == 3
    create = history_body[-1]["id"]
    again = client.post(f"/api/events/{event.id}/restore",
                        json={"version": 3, "revision_id": create})
    assert again.status_code == 200 and again.json()["version"] == 4
    bad = client.post(f"/api/events/{event.id}/restore",
                      json={"version": 4, "revision_id": history_body[0]["id"]})
    assert bad.status_code == 400 and "deletion" in bad.json()["detail"]
    assert client.post("/api/events/999/restore", json={"version": 1}).status_code == 404
    assert client.get("/api/events/999/history").status_code == 404


@pytest.mark.parametrize("path", [f"/api/events/{2**63}", f"/api/events/{2**63}/history",
                                  "/api/events/0", "/api/events/-1"])
def test_out_of_range_ids_are_a_422_not_a_500(client, path):
    response = client.get(path)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][0] == "path"


@pytest.mark.parametrize("limit, message", [("0", "Must be at least 1."),
                                            ("201", "Must be at most 200."),
                                            ("lots", "Enter a whole number.")])
def test_page_size_is_bounded_with_a_clear_message(client, limit, message):
    response = client.get("/api/events", params={"limit": limit})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["query", "limit"], "msg": message,
                                          "type": response.json()["detail"][0]["type"]}]


def test_api_length_errors_say_the_limit(client):
    response = client.post("/api/events", json=event_payload(title="x" * 301))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Too long: 301 characters, at most 300 allowed."


def test_a_shared_link_with_tracking_parameters_works(client, session):
    make_event(session, title="Shared call")
    params = {"medium": "phone_call", "utm_source": "newsletter", "utm_medium": "email",
              "utm_campaign": "x", "fbclid": "abc", "limit": "lots"}
    page = client.get("/", params=params)
    assert page.status_code == 200 and "Shared call" in page.text
    api = client.get("/api/events", params={k: v for k, v in params.items() if k != "limit"})
    assert api.status_code == 200 and api.json()["count"] == 1


def test_visitors_see_the_history_but_cannot_restore(client, anon_client, session):
    event = make_event(session)
    api_put(client, event.id, 1, title="Edited")
    page = soup(anon_client.get(f"/events/{event.id}"))
    assert [e["action"] for e in history(page)] == ["Edited", "Created"]
    assert all(e["restore"] is None for e in history(page))
    first = revisions_of(session, entity="event", entity_id=event.id)[-1]
    response = anon_client.post(f"/events/{event.id}/restore",
                                data={"version": "2", "revision": str(first.id)},
                                follow_redirects=False)
    assert response.status_code in (303, 403)
    assert anon_client.post(f"/api/events/{event.id}/restore",
                            json={"version": 2, "revision_id": first.id}).status_code == 401
    delete_event(session=session, event_id=event.id)
    gone = soup(anon_client.get(f"/events/{event.id}"))
    assert gone.find("button", string="Restore this event") is None
    assert gone.find(id="deleted").find("a", string="Sign in") is not None
    session.expire_all()
    assert get_event(session=session, event_id=event.id, include_deleted=True).title == "Edited"


@pytest.mark.parametrize("path", ["/topics/taiwan", "/officials/lloyd-austin"])
@pytest.mark.parametrize("query, key", [("order=sideways", "order"), ("cursor=%3F%3F", "cursor")])
def test_malformed_paging_on_topic_and_official_pages_is_a_400_beside_it(client, session, path,
                                                                         query, key):
    make_event(session)
    response = client.get(f"{path}?{query}&utm_source=x")
    assert response.status_code == 400
    assert soup(response).select_one(f"#error-{key}") is not None
