"""Merging two events over HTTP: the picker on the event page, the side-by-side comparison,
the POST with both versions (409 when stale), refusals with a message, the merged event's 410
page pointing at the survivor, undo from the history, and the JSON API."""

import re

import pytest

from app.models import Event
from app.services.events import delete_event, get_event
from tests.factories import make_event
from tests.http.helpers import csrf_from, snapshot
from tests.http.test_event_form import soup

XINHUA = {"url": "https://example.org/xinhua", "publisher": "Xinhua", "kind": "cn_readout",
          "quote": "Wei Fenghe held a phone call with Austin."}


@pytest.fixture
def pair(session):
    survivor = make_event(session, title="Austin and Wei speak by phone")
    other = make_event(session, date="2022-04-21", title="Wei Fenghe holds call with Austin",
                       topics=["Taiwan", "South China Sea"], location="Beijing",
                       sources=[XINHUA])
    return survivor, other


def _form_fields(form) -> dict:
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def _merge(client, survivor, other, **overrides):
    data = {"other": other.id, "version": survivor.version, "other_version": other.version}
    return client.post(f"/events/{survivor.id}/merge", data=data | overrides,
                       follow_redirects=False)


def test_the_event_page_offers_merging_with_likely_duplicates(client, anon_client, pair):
    survivor, other = pair
    page = soup(client.get(f"/events/{survivor.id}"))
    merge = page.find(id="merge")
    assert merge.name == "details" and "Merge with another event" in merge.summary.get_text()
    form = merge.find("form")
    assert (form["method"], form["action"]) == ("get", f"/events/{survivor.id}/merge")
    links = [a["href"] for a in merge.select("[data-testid=merge-candidates] a")]
    assert links == [f"/events/{survivor.id}/merge?other={other.id}"]
    assert soup(anon_client.get(f"/events/{survivor.id}")).find(id="merge") is None


def test_the_comparison_shows_both_and_the_result(client, pair):
    survivor, other = pair
    response = client.get(f"/events/{survivor.id}/merge?other={other.id}")
    assert response.status_code == 200
    page = soup(response)
    assert "Wei Fenghe holds call" in page.find(id="merge-other").get_text()
    assert "Austin and Wei speak" in page.find(id="merge-survivor").get_text()
    changes = [li.get_text(" ", strip=True) for li in page.select("#merge-changes li")]
    assert "Topic added: South China Sea" in changes
    assert "Location set to Beijing" in changes
    assert "Source added: Xinhua, https://example.org/xinhua" in changes
    form = page.find("form", attrs={"method": "post", "action": re.compile("/merge$")})
    assert form["action"] == f"/events/{survivor.id}/merge"
    assert {k: v for k, v in _form_fields(form).items() if k != "csrf_token"} == {
        "other": str(other.id), "version": "1", "other_version": "1"}
    assert page.find("a", string=f"Keep event {other.id} instead")["href"] == \
        f"/events/{other.id}/merge?other={survivor.id}"


def test_merge_then_the_merged_page_is_410_and_points_at_the_survivor(client, session, pair):
    survivor, other = pair
    response = _merge(client, survivor, other)
    assert response.status_code == 303 and response.headers["location"] == f"/events/{survivor.id}"
    session.expire_all()
    merged = get_event(session=session, event_id=survivor.id)
    assert {s.publisher for s in merged.sources} == {"AP", "Xinhua"}
    gone = client.get(f"/events/{other.id}")
    assert gone.status_code == 410
    link = soup(gone).find(id="merged-into")
    assert link["href"] == f"/events/{survivor.id}"
    api = client.get(f"/api/events/{other.id}")
    assert api.status_code == 410
    assert api.json()["merged_into"] == survivor.id and "merged into" in api.json()["detail"]
    assert client.get("/api/events").json()["count"] == 1


def test_undo_from_the_survivors_history_brings_both_back(client, session, pair):
    survivor, other = pair
    _merge(client, survivor, other)
    page = soup(client.get(f"/events/{survivor.id}"))
    form = page.find("button", string="Undo this merge").find_parent("form")
    response = client.post(form["action"], data=_form_fields(form), follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/events/{survivor.id}#history"
    session.expire_all()
    assert [s.publisher for s in get_event(session=session, event_id=survivor.id).sources] == ["AP"]
    assert get_event(session=session, event_id=other.id).location == "Beijing"
    assert soup(client.get(f"/events/{survivor.id}")).find("button", string="Undo this merge") is None


def test_undo_from_the_merged_events_page(client, session, pair):
    survivor, other = pair
    _merge(client, survivor, other)
    form = soup(client.get(f"/events/{other.id}")).find("button", string="Undo the merge") \
        .find_parent("form")
    assert form["action"] == f"/events/{survivor.id}/undo-merge"
    response = client.post(form["action"], data=_form_fields(form), follow_redirects=False)
    assert response.status_code == 303
    assert client.get(f"/events/{other.id}").status_code == 200


def test_an_undo_from_a_stale_page_undoes_nothing(client, session, pair):
    survivor, other = pair
    _merge(client, survivor, other)
    form = soup(client.get(f"/events/{survivor.id}")).find("button", string="Undo this merge") \
        .find_parent("form")
    fields = _form_fields(form)
    client.put(f"/api/events/{survivor.id}", json=get_event(
        session=session, event_id=survivor.id).model_dump(
        mode="json", include={"date", "medium", "title", "participants", "topics"})
        | {"version": int(fields["version"]), "title": "Edited after the merge"})
    before = snapshot(session)
    response = client.post(form["action"], data=fields, follow_redirects=False)
    assert response.status_code == 409
    assert "Someone changed this event" in soup(response).find(id="page-notice").get_text()
    assert snapshot(session) == before


def test_a_stale_comparison_merges_nothing_and_shows_it_again(client, session, pair):
    survivor, other = pair
    client.put(f"/api/events/{other.id}", json={
        "date": "2022-04-21", "medium": "phone_call", "title": "Renamed by someone else",
        "version": 1})
    before = snapshot(session)
    response = _merge(client, survivor, other)
    assert response.status_code == 409
    page = soup(response)
    assert f"Event {other.id} changed since you opened the comparison" in \
        page.find(id="conflict").get_text()
    assert "Renamed by someone else" in page.find(id="merge-other").get_text()
    assert _form_fields(page.find("form", attrs={"method": "post", "action": re.compile("/merge$")}))["other_version"] == "2"
    assert snapshot(session) == before


@pytest.mark.parametrize("other, status, message", [
    ("self", 400, "cannot be merged with itself"),
    ("999", 404, "There is no event 999"),
    ("abc", 400, "Enter the number of an event"),
    ("deleted", 410, "was deleted"),
])
def test_what_cannot_be_merged_says_why_beside_the_field(client, session, pair, other, status,
                                                         message):
    survivor, deleted = pair
    if other == "deleted":
        delete_event(session=session, event_id=deleted.id)
    value = {"self": str(survivor.id), "deleted": str(deleted.id)}.get(other, other)
    before = snapshot(session)
    for response in (client.get(f"/events/{survivor.id}/merge?other={value}"),
                     client.post(f"/events/{survivor.id}/merge", follow_redirects=False,
                                 data={"other": value, "version": 1, "other_version": 1})):
        if other == "abc" and response.request.method == "POST":
            message_here = "This merge form is incomplete"
        else:
            message_here = message
        assert response.status_code == status
        error = soup(response).find(id="merge-other-error")
        assert message_here in error.get_text()
    assert snapshot(session) == before


def test_anonymous_and_csrf_less_merges_are_refused(client, anon_client, session, pair):
    survivor, other = pair
    before = snapshot(session)
    token = csrf_from(anon_client.get("/login"))
    anon = anon_client.post(f"/events/{survivor.id}/merge", follow_redirects=False,
                            data={"other": other.id, "version": 1, "other_version": 1,
                                  "csrf_token": token})
    assert anon.status_code == 303 and anon.headers["location"].startswith("/login")
    assert anon_client.get(f"/events/{survivor.id}/merge", follow_redirects=False) \
        .status_code == 303
    assert anon_client.post(f"/api/events/{survivor.id}/merge", json={
        "other_id": other.id, "version": 1, "other_version": 1}).status_code == 401
    no_csrf = client.post(f"/events/{survivor.id}/merge", headers={"X-CSRF-Token": ""},
                          data={"other": other.id, "version": 1, "other_version": 1},
                          follow_redirects=False)
    assert no_csrf.status_code == 403
    assert snapshot(session) == before


def test_api_merge_and_undo(client, session, pair):
    survivor, other = pair
    body = {"other_id": other.id, "version": 1, "other_version": 1}
    response = client.post(f"/api/events/{survivor.id}/merge", json=body)
    assert response.status_code == 200, response.text
    merged = response.json()
    assert merged["version"] == 2 and merged["location"] == "Beijing"
    assert sorted(merged["topics"]) == ["South China Sea", "Taiwan", "Ukraine"]
    again = client.post(f"/api/events/{survivor.id}/merge", json=body | {"version": 2})
    assert again.status_code == 410 and again.json()["merged_into"] == survivor.id
    history = client.get(f"/api/events/{survivor.id}/history").json()["data"]
    assert (history[0]["action"], history[0]["after"]["location"]) == ("merge", "Beijing")
    undo = client.post(f"/api/events/{survivor.id}/undo-merge",
                       json={"revision_id": history[0]["id"], "version": 2})
    assert undo.status_code == 200 and undo.json()["location"] is None
    assert client.get(f"/api/events/{other.id}").status_code == 200
    not_a_merge = client.post(f"/api/events/{survivor.id}/undo-merge",
                              json={"revision_id": history[-1]["id"], "version": 3})
    assert not_a_merge.status_code == 400 and "no merge" in not_a_merge.json()["detail"]


def test_api_merge_refusals(client, session, pair):
    survivor, other = pair
    url = f"/api/events/{survivor.id}/merge"
    itself = client.post(url, json={"other_id": survivor.id, "version": 1, "other_version": 1})
    assert itself.status_code == 400 and "itself" in itself.json()["detail"]
    stale = client.post(url, json={"other_id": other.id, "version": 1, "other_version": 7})
    assert stale.status_code == 409
    assert stale.json()["current"]["id"] == other.id and "Nothing was written" in \
        stale.json()["detail"]
    missing = client.post(url, json={"other_id": 999, "version": 1, "other_version": 1})
    assert missing.status_code == 404
    assert client.post(url, json={"other_id": other.id}).status_code == 422
    assert session.get(Event, other.id).deleted_at is None
