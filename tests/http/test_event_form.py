"""The event form over HTTP: render, create, errors, rows without JS, inline checks, edit,
version conflicts, duplicate guard, delete."""

import pytest
from bs4 import BeautifulSoup
from sqlmodel import func, select

from app.limits import MAX_PARTICIPANTS
from app.models import Event, Official, Source
from app.services.events import get_event
from app.services.officials import import_gazetteer
from tests.factories import make_event
from tests.unit.test_event_form_data import VALID


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def form_data(**fields) -> dict[str, list[str]]:
    """The valid form of tests.unit, with fields replaced (None leaves a field out)."""
    data: dict[str, list[str]] = {}
    for k, v in [(k, v) for k, v in VALID if k not in fields] + list(fields.items()):
        if v is not None:
            data.setdefault(k, []).append(v)
    return data


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def error_next_to(page: BeautifulSoup, field_id: str) -> str:
    """The error message shown with a control, found through its aria-describedby."""
    control = page.find(id=field_id)
    assert control is not None, field_id
    assert control.get("aria-invalid") == "true"
    ids = control["aria-describedby"].split()
    assert f"{field_id}-error" in ids
    error = page.find(id=f"{field_id}-error")
    assert control.find_parent(class_="field") is error.find_parent(class_="field")
    return error.get_text(" ", strip=True).removeprefix("Error: ")


def test_new_form_labels_every_control(client):
    response = client.get("/events/new")
    assert response.status_code == 200
    page = soup(response)
    form = page.find("form", id="event-form")
    assert form["method"] == "post" and form["action"] == "/events/new"
    controls = form.find_all(["input", "select", "textarea"])
    assert len(controls) > 20
    for control in controls:
        if control.get("type") == "hidden":
            continue
        labelled = (page.find("label", attrs={"for": control.get("id")})
                    or control.find_parent("label"))
        assert labelled is not None and labelled.get_text(strip=True), control
    names = {c.get("name") for c in controls}
    assert {"date", "date_precision", "end_date", "medium", "channel", "status", "category",
            "title", "summary", "location", "duration_minutes", "initiated_by",
            "participants-0-name", "participants-0-side", "participants-0-title",
            "participants-1-name", "sources-0-url", "sources-0-publisher", "sources-0-published",
            "sources-0-quote", "sources-0-kind", "new_topics"} <= names
    buttons = [b.get_text(strip=True) for b in form.find_all("button")]
    assert buttons[0] == "Save event"  # Enter in a field presses the first button: Save
    assert "Add another participant" in buttons and "Add another source" in buttons


def test_create_redirects_to_the_new_event(client, session):
    response = client.post("/events/new", data=form_data(topics="Taiwan", new_topics="Ukraine"),
                           follow_redirects=False)
    assert response.status_code == 303
    event_id = int(response.headers["location"].removeprefix("/events/"))
    event = get_event(session=session, event_id=event_id)
    assert event.title == "Austin and Wei speak by phone"
    assert [p.name for p in event.participants] == ["Lloyd Austin", "Wei Fenghe"]
    assert event.topics == ["Taiwan", "Ukraine"]
    assert [s.publisher for s in event.sources] == ["AP"]


def test_create_links_a_misspelled_official(client, session):
    import_gazetteer(session)
    session.commit()
    before = count(session, Official)
    response = client.post("/events/new", data=form_data(**{"participants-1-name": "Wei Fenge"}),
                           follow_redirects=False)
    event = get_event(session=session, event_id=int(response.headers["location"].split("/")[-1]))
    assert event.participants[1].slug == "wei-fenghe"
    assert count(session, Official) == before


@pytest.mark.parametrize("fields, field_id, message", [
    ({"title": ""}, "title", "Required."),
    ({"title": "x" * 301}, "title", "Too long: 301 characters, at most 300 allowed."),
    ({"summary": "x" * 5001}, "summary", "Too long: 5001 characters, at most 5000 allowed."),
    ({"date": "2022-02-30"}, "date", "Enter a real date"),
    ({"date": None}, "date", "Required."),
    ({"medium": "carrier-pigeon"}, "medium", "Choose one of the options offered."),
    ({"medium": None}, "medium", "Required."),
    ({"duration_minutes": "1e3"}, "duration_minutes", "Enter a whole number."),
    ({"duration_minutes": "99999999999999999999999"}, "duration_minutes", "Must be at most 10080."),
    ({"end_date": "2022-04-01"}, "end_date", "The end date must not be before the date."),
    ({"participants-0-side": "RU"}, "participants-0-side", "Choose one of the options offered."),
    ({"sources-0-url": "example.org"}, "sources-0-url", "Enter a web address"),
    ({"sources-0-published": "yesterday"}, "sources-0-published", "Enter a real date"),
])
def test_invalid_input_is_refused_next_to_its_field(client, session, fields, field_id, message):
    response = client.post("/events/new", data=form_data(**fields))
    assert response.status_code == 422
    page = soup(response)
    assert error_next_to(page, field_id).startswith(message)
    summary = page.find(id="error-summary")
    assert summary.find("a", href=f"#{field_id}") is not None
    # Everything typed is still there.
    assert page.find(id="participants-1-name")["value"] == "Wei Fenghe"
    assert page.find(id="sources-0-quote").get_text() == "Austin spoke with Wei."
    typed = {k: v for k, v in fields.items() if v is not None}
    for name, value in typed.items():
        control = page.find(id=name)
        if control.name == "select":
            selected = control.find("option", selected=True)
            assert selected is None or selected["value"] == value  # an unknown value is not offered
        elif control.name == "textarea":
            assert control.get_text() == value
        else:
            assert control["value"] == value
    assert count(session, Event) == 0 and count(session, Official) == 0


def test_too_many_participants_is_refused(client, session):
    rows = {f"participants-{i}-{k}": v for i in range(2, MAX_PARTICIPANTS + 5)
            for k, v in (("name", f"Person {i}"), ("side", "CN"))}
    response = client.post("/events/new", data=form_data(**rows))
    assert response.status_code == 422
    assert f"Too many participants: at most {MAX_PARTICIPANTS}." in \
        soup(response).find(id="participants-error").text
    assert count(session, Event) == 0


def test_a_flood_of_fields_is_refused_without_a_server_error(client, session):
    data = {f"participants-{i}-name": "x" for i in range(1500)}
    response = client.post("/events/new", data=data)
    assert response.status_code == 400
    assert count(session, Event) == 0


def test_add_another_participant_without_javascript(client, session):
    response = client.post("/events/new", data=form_data(action="add-participant", title=""))
    assert response.status_code == 200
    page = soup(response)
    assert page.find("form", id="event-form") is not None  # the whole page, not a fragment
    assert page.find(id="participants-2-name") is not None
    assert page.find(id="participants-2-name").has_attr("autofocus")
    assert page.find(id="participants-0-name")["value"] == "Lloyd Austin"
    assert page.find(id="error-summary") is None  # nothing validated, nothing saved
    assert count(session, Event) == 0


def test_add_another_source_with_htmx_returns_only_the_sources(client, session):
    response = client.post("/events/new", data=form_data(action="add-source"),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["vary"] == "HX-Request"
    page = soup(response)
    assert page.find("form") is None and page.find("h1") is None
    assert page.find("fieldset", id="sources") is not None
    assert page.find(id="sources-0-publisher")["value"] == "AP"
    assert page.find(id="sources-1-url").has_attr("autofocus")
    assert count(session, Event) == 0


@pytest.mark.parametrize("field, fields, status, message", [
    ("date", {"date": "2022-02-30"}, 422, "Enter a real date"),
    ("date", {"date": "2022-04-20"}, 200, None),
    ("date", {"date": "2021-03"}, 200, None),
    ("end_date", {"end_date": "2022-04-19"}, 422, "The end date must not be before the date."),
    ("end_date", {"end_date": "2022-04-21"}, 200, None),
])
def test_inline_date_validation_returns_the_field(client, field, fields, status, message):
    # Other fields may still be empty: only the date rules are checked.
    response = client.post(f"/events/form/validate/{field}",
                           data=form_data(title="", medium="", **fields),
                           headers={"HX-Request": "true"})
    assert response.status_code == status
    page = soup(response)
    wrapper = page.find(id=f"{field}-field")
    assert wrapper is not None and page.find("form") is None
    assert wrapper.find("input", id=field)["value"] == fields[field]
    assert wrapper.find("input", id=field)["hx-post"] == f"/events/form/validate/{field}"
    error = page.find(id=f"{field}-error")
    if message:
        assert message in error.text
    else:
        assert error is None


def test_inline_validation_of_other_fields_is_not_found(client):
    assert client.post("/events/form/validate/title", data={"title": ""}).status_code == 404


def test_official_suggestions_for_the_datalist_and_as_a_page(client, session):
    import_gazetteer(session)
    session.commit()
    fragment = client.get("/events/form/officials", params={"participants-3-name": "Wei Fenge"},
                          headers={"HX-Request": "true"})
    options = soup(fragment).find_all("option")
    assert "Wei Fenghe" in [o["value"] for o in options]
    assert soup(fragment).find("h1") is None
    page = client.get("/events/form/officials", params={"q": "austin"})
    assert page.status_code == 200
    assert soup(page).find("a", href="/officials/lloyd-austin") is not None
    assert soup(page).find("label", attrs={"for": "q"}) is not None


@pytest.mark.parametrize("typed, says, link", [
    ("Wei Fenge", "On record: Wei Fenghe (China).", "/officials/wei-fenghe"),  # a known alias
    ("lloyd austin", "On record: Lloyd Austin (United States).", "/officials/lloyd-austin"),
    ("Wei Fenhge", "Not on record: saving adds a new person. Did you mean Wei Fenghe?", None),
    ("Zzyzx Qwerty", "Not on record: saving adds a new person.", None),
    ("", "", None),
])
def test_name_check_says_whether_the_person_is_on_record(client, session, typed, says, link):
    import_gazetteer(session)
    session.commit()
    response = client.get("/events/form/official-match", params={"participants-0-name": typed},
                          headers={"HX-Request": "true"})
    fragment = soup(response)
    assert fragment.get_text(" ", strip=True).replace(" .", ".").replace(" ?", "?") == says
    assert fragment.find("h1") is None
    if link:
        assert fragment.find("a")["href"] == link
    page = client.get("/events/form/official-match", params={"q": typed})
    assert soup(page).find("h1") is not None  # the same URL is a page without htmx


def test_participant_names_ask_for_suggestions(client):
    name = soup(client.get("/events/new")).find(id="participants-0-name")
    assert name["hx-get"] == "/events/form/officials"
    assert name["list"] == "participants-0-suggestions"
    page = soup(client.get("/events/new"))
    assert page.find("datalist", id="participants-0-suggestions")
    match = page.find(id="participants-0-match")
    assert match["hx-get"] == "/events/form/official-match"
    assert match["hx-trigger"] == "change from:#participants-0-name"
    assert match["aria-live"] == "polite"


# --- edit -------------------------------------------------------------------------------------

def edit_data(event, **fields):
    return form_data(version=str(event.version), **fields)


def test_edit_form_shows_the_event(client, session):
    event = make_event(session, channel="Defense Telephone Link")
    page = soup(client.get(f"/events/{event.id}/edit"))
    form = page.find("form", id="event-form")
    assert form["action"] == f"/events/{event.id}/edit"
    assert form.find("input", attrs={"name": "version"})["value"] == "1"
    assert page.find(id="title")["value"] == event.title
    assert page.find(id="channel")["value"] == "Defense Telephone Link"
    assert page.find(id="participants-1-name")["value"] == "Wei Fenghe"
    assert page.find(id="participants-2-name")["value"] == ""  # a spare row
    ticked = page.find_all("input", attrs={"name": "topics", "checked": True})
    checked = [i["value"] for i in ticked]
    assert checked == ["Taiwan", "Ukraine"]
    assert page.find("a", href=f"/events/{event.id}/delete") is not None


def test_edit_saves_and_redirects(client, session):
    event = make_event(session)
    response = client.post(f"/events/{event.id}/edit",
                           data=edit_data(event, title="Austin and Wei talk again"),
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/events/{event.id}"
    session.expire_all()
    saved = get_event(session=session, event_id=event.id)
    assert (saved.title, saved.version) == ("Austin and Wei talk again", 2)


def test_edit_with_errors_changes_nothing(client, session):
    event = make_event(session)
    response = client.post(f"/events/{event.id}/edit", data=edit_data(event, title="", medium="x"))
    assert response.status_code == 422
    assert error_next_to(soup(response), "title") == "Required."
    session.expire_all()
    assert get_event(session=session, event_id=event.id).title == event.title


def test_edit_over_a_newer_version_is_refused(client, session):
    event = make_event(session)
    client.post(f"/events/{event.id}/edit", data=edit_data(event, title="First editor"))
    response = client.post(f"/events/{event.id}/edit", data=edit_data(event, title="Second editor"))
    assert response.status_code == 409
    page = soup(response)
    notice = page.find(id="conflict")
    assert "not saved" in notice.get_text(" ")
    # What the first editor changed, in words: the diff from the version the second started at.
    changes = [li.get_text(" ", strip=True) for li in notice.find(id="conflict-changes")("li")]
    assert "Title: Austin and Wei speak by phone → changed to First editor" in changes
    assert page.find(id="title")["value"] == "Second editor"  # the editor's values are kept
    assert page.find("input", attrs={"name": "version"})["value"] == "2"
    session.expire_all()
    assert get_event(session=session, event_id=event.id).title == "First editor"


@pytest.mark.parametrize("url", ["/events/999/edit", "/events/999/delete",
                                 "/events/99999999999999999999999/edit", "/events/0/edit"])
def test_unknown_events_are_not_found(client, url):
    response = client.get(url)
    assert response.status_code in (404, 400)
    assert soup(response).find("h1") is not None  # an app page, not bare text


def test_post_to_an_unknown_event_is_not_found(client):
    assert client.post("/events/999/edit", data=form_data(version="1")).status_code == 404
    assert client.post("/events/999/delete").status_code == 404


# --- duplicates -------------------------------------------------------------------------------

@pytest.fixture
def existing(session):
    import_gazetteer(session)
    return make_event(session, date="2022-04-20", title="Austin, Wei phone call")


def test_duplicate_is_flagged_before_saving(client, session, existing):
    response = client.post("/events/new", data=form_data(**{"date": "2022-04-21",
                                                          "participants-1-name": "Wei Fenge"}))
    assert response.status_code == 409
    page = soup(response)
    warning = page.find(id="duplicates")
    assert warning.find("a", href=f"/events/{existing.id}").get_text() == "Austin, Wei phone call"
    add = warning.find("button", attrs={"name": "add_to"})
    assert add["value"] == str(existing.id) and add.find_parent("form")["id"] == "event-form"
    assert warning.find("input", attrs={"name": "confirm_duplicate"})["value"] == str(existing.id)
    assert page.find(id="title")["value"] == "Austin and Wei speak by phone"
    assert count(session, Event) == 1


def test_add_sources_to_the_existing_event_instead(client, session, existing):
    response = client.post("/events/new", follow_redirects=False, data=form_data(**{
        "add_to": str(existing.id), "sources-0-url": "https://example.org/xinhua",
        "sources-0-publisher": "Xinhua", "sources-0-kind": "cn_readout"}))
    assert response.status_code == 303 and response.headers["location"] == f"/events/{existing.id}"
    assert count(session, Event) == 1
    event = get_event(session=session, event_id=existing.id)
    assert [s.publisher for s in event.sources] == ["AP", "Xinhua"]


@pytest.mark.parametrize("add_to", ["424242", "9" * 30, "-1", "abc", "²"])
def test_add_sources_to_a_vanished_event_saves_nothing(client, session, existing, add_to):
    response = client.post("/events/new", data=form_data(add_to=add_to))
    assert response.status_code == 422
    assert "no longer exists" in soup(response).find(id="error-summary").text
    assert count(session, Source) == 1 and count(session, Event) == 1


def test_save_anyway_with_the_confirm_flag(client, session, existing):
    response = client.post("/events/new", follow_redirects=False,
                           data=form_data(confirm_duplicate=str(existing.id)))
    assert response.status_code == 303
    assert count(session, Event) == 2


def test_a_stale_confirm_flag_does_not_hide_another_duplicate(client, session, existing):
    other = make_event(session, date="2022-04-21", title="Second call")
    response = client.post("/events/new", data=form_data(confirm_duplicate=str(existing.id)))
    assert response.status_code == 409
    assert soup(response).find(id="duplicates").find("a", href=f"/events/{other.id}")


def test_a_malformed_confirm_flag_is_no_confirmation(client, session, existing):
    response = client.post("/events/new", data=form_data(confirm_duplicate="²,x," + "9" * 40))
    assert response.status_code == 409
    assert count(session, Event) == 1


def test_different_people_or_dates_are_not_duplicates(client, session, existing):
    response = client.post("/events/new", follow_redirects=False, data=form_data(date="2022-04-23"))
    assert response.status_code == 303


# --- delete -----------------------------------------------------------------------------------

def test_delete_asks_then_deletes(client, session):
    event = make_event(session)
    page = soup(client.get(f"/events/{event.id}/delete"))
    form = page.find("form", action=f"/events/{event.id}/delete")
    assert form["method"] == "post" and form.find("button").get_text(strip=True) == "Delete event"
    assert form.find("input", attrs={"name": "version"})["value"] == str(event.version)
    response = client.post(f"/events/{event.id}/delete", data={"version": event.version},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/events/{event.id}"
    gone = client.get(f"/events/{event.id}")
    assert gone.status_code == 410  # soft: the page says so and offers Restore
    assert "This event was deleted" in soup(gone).find(id="deleted").get_text(" ")
    assert client.get(f"/events/{event.id}/delete", follow_redirects=False).status_code == 303


def test_duplicate_without_sources_offers_no_add_button(client, session, existing):
    data = form_data(**{k: None for k in ("sources-0-url", "sources-0-publisher",
                                           "sources-0-published", "sources-0-quote")})
    response = client.post("/events/new", data=data)
    assert response.status_code == 409
    warning = soup(response).find(id="duplicates")
    assert warning.find("button", attrs={"name": "add_to"}) is None
    assert warning.find("button", string="Save as a new event anyway") is not None
