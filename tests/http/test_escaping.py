"""Hostile text comes back as text: XSS payloads in every field of an event, official and topic
are escaped on every page and fragment, a source address that is not http(s) is never a link,
and SQL injection strings in the search and every filter are harmless."""

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from app.config import HTMX_CDN_URL
from app.models import Source
from tests.factories import make_event
from tests.http.helpers import snapshot
from tests.http.test_event_form import form_data

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
SINGLE = "'><svg onload=alert(1)>"
PAYLOADS = (SCRIPT, BREAKOUT, SINGLE)
URL_BREAKOUT = 'https://example.org/"><img/src=x/onerror=alert(1)>'
CHART_SVG = {"rhythm-svg", "rhythm-bars", "rhythm-axis"}
LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "cite", "hx-get", "hx-post")


def hostile(field: str) -> str:
    """A distinct payload per field, mixing the three ways out of an element or attribute."""
    return f"{field} {SCRIPT} {BREAKOUT} {SINGLE}"


def assert_inert(html: str, *, shows: str | None = None) -> None:
    """No element or attribute that the payloads could have injected; and, when `shows` is
    given, that text is on the page as text (so the check was not vacuous)."""
    page = BeautifulSoup(html, "html.parser")
    for script in page.find_all("script"):
        assert script.get("src") == HTMX_CDN_URL and not script.string, script
    assert page.find_all(["img", "iframe", "object", "embed"]) == []
    # The only SVG is the rhythm chart's (its own classes); an injected one would have none.
    assert all(set(svg.get("class", [])) & CHART_SVG for svg in page.find_all("svg"))
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            if name in LINK_ATTRIBUTES:
                assert not str(value).strip().lower().startswith(("javascript:", "data:")), element
    if shows is not None:
        values = [str(v) for e in page.find_all(True) for v in e.attrs.values()]
        assert shows in page.get_text(" ") or shows in values, f"{shows!r} is not shown"


@pytest.fixture
def hostile_event(session):
    return make_event(
        session,
        title=hostile("title"), summary=hostile("summary"), location=hostile("location"),
        channel=hostile("channel"), uncertain_reason=hostile("uncertain"),
        participants=[{"name": hostile("us-name"), "side": "US", "title": hostile("us-title")},
                      {"name": "Wei Fenghe", "side": "CN", "title": hostile("cn-title")}],
        topics=[hostile("topic")],
        sources=[{"url": URL_BREAKOUT, "publisher": hostile("publisher"),
                  "headline": hostile("headline"), "quote": hostile("quote"), "kind": "us_readout"},
                 {"url": "https://example.org/b", "publisher": hostile("publisher2"),
                  "quote": hostile("quote2"), "kind": "cn_readout"}],
    )


def test_every_page_shows_the_payloads_as_text(client, hostile_event):
    e = hostile_event
    official = next(p.slug for p in e.participants if p.side == "US")
    topic = client.get(f"/events/{e.id}")
    pages = {
        "/": ["title", "us-name", "us-title", "topic"],
        f"/events/{e.id}": ["title", "summary", "location", "channel", "uncertain", "us-name",
                            "us-title", "cn-title", "topic", "publisher", "headline", "quote"],
        f"/events/{e.id}/delete": ["title"],
        "/officials": ["us-name"],
        "/officials?q=us-name": ["us-name"],
        f"/officials/{official}": ["us-name", "us-title"],
        "/events/form/officials?q=us-name": ["us-name"],
        "/stats": ["us-name", "topic"],
    }
    for url, fields in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        for field in fields:
            assert_inert(response.text, shows=hostile(field))
    topic_link = BeautifulSoup(topic.text, "html.parser").find("a", class_="topic")["href"]
    assert_inert(client.get(topic_link).text, shows=hostile("topic"))


def test_the_edit_form_keeps_the_payloads_in_its_values(client, hostile_event):
    page = BeautifulSoup(client.get(f"/events/{hostile_event.id}/edit").text, "html.parser")
    assert_inert(str(page))
    assert page.find("input", id="title")["value"] == hostile("title")
    assert page.find("textarea", id="summary").string == hostile("summary")
    assert page.find("input", id="sources-0-url")["value"] == URL_BREAKOUT


def test_fragments_escape_too(client, hostile_event):
    hx = {"HX-Request": "true"}
    fragments = {
        "/?q=title": hostile("title"),
        "/suggest/officials?who=us-name": hostile("us-name"),
        "/events/form/officials?q=us-name": hostile("us-name"),
        "/events/form/official-match?q=" + hostile("us-name"): hostile("us-name"),
    }
    for url, text in fragments.items():
        response = client.get(url, headers=hx | {"HX-Target": "timeline-view"})
        assert response.status_code == 200, url
        assert "<html" not in response.text, url  # a fragment, not the page
        assert_inert(response.text, shows=text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_input_is_escaped(client, payload):
    pages = [f"/?q={payload}", f"/?official={payload}", f"/?from={payload}",
             f"/officials?q={payload}", f"/suggest/officials?who={payload}",
             f"/events/form/officials?q={payload}", f"/no/such/{payload}",
             f"/login?next={payload}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        assert_inert(response.text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_posted_values_come_back_escaped(client, session, payload):
    invalid = form_data(date=payload, title=payload, **{"participants-0-name": payload})
    response = client.post("/events/new", data=invalid)
    assert response.status_code == 422
    assert_inert(response.text, shows=payload)
    inline = client.post("/events/form/validate/date", data={"date": payload},
                         headers={"HX-Request": "true"})
    assert inline.status_code == 422
    assert_inert(inline.text, shows=payload)


def test_a_duplicate_warning_and_a_conflict_escape_the_other_event(client, hostile_event):
    e = hostile_event
    duplicate = form_data(**{"participants-0-name": hostile("us-name")})
    response = client.post("/events/new", data=duplicate)
    assert response.status_code == 409
    assert_inert(response.text, shows=hostile("title"))
    stale = form_data(version="1", title="mine")
    client.post(f"/events/{e.id}/edit", data=form_data(version=str(e.version)))
    conflict = client.post(f"/events/{e.id}/edit", data=stale)
    assert conflict.status_code == 409
    assert_inert(conflict.text)


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:x"])
def test_a_source_address_that_is_not_http_is_not_a_link(client, session, url):
    event = make_event(session)
    # No form or API accepts it (only http(s)); an old import might still hold one.
    source = session.exec(select(Source).where(Source.event_id == event.id)).one()
    source.url = url
    session.add(source)
    session.commit()
    page = BeautifulSoup(client.get(f"/events/{event.id}").text, "html.parser")
    assert_inert(str(page))
    assert page.find("blockquote").get("cite") is None
    assert url.strip() in page.find(class_="source-link").get_text()
    assert client.post("/api/events", json={**_payload(), "sources": [
        {"url": url, "publisher": "AP"}]}).status_code == 422


def _payload() -> dict:
    from tests.factories import event_payload

    return event_payload()


SQL_INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE event; --", '" OR 1=1 --', "1) UNION SELECT * FROM editor --",
    "%' OR 1=1 --", "\\'; DELETE FROM source; --", 'NEAR("a" "b")', "title:* OR *", '"', "*",
    "\0", "' || (SELECT password_hash FROM editor) || '",
]
FILTERS = ["q", "official", "medium", "status", "topic", "category", "from", "to", "order",
           "cursor", "who"]


@pytest.mark.parametrize("value", SQL_INJECTIONS)
def test_sql_injection_in_the_search_and_every_filter_is_harmless(anon_client, client, session,
                                                                  value):
    make_event(session)
    before = snapshot(session)
    for name in FILTERS:
        for url in ("/", "/api/events"):
            response = anon_client.get(url, params={name: value})
            assert response.status_code in (200, 400, 422), (url, name, response.status_code)
            if url == "/":
                assert_inert(response.text)
    for url, name in (("/officials", "q"), ("/suggest/officials", "who"),
                      ("/events/form/officials", "q"), ("/api/officials", "q")):
        assert anon_client.get(url, params={name: value}).status_code == 200, url
    assert snapshot(session) == before
    # And the data still reads as before.
    assert anon_client.get("/api/events").json()["count"] == 1


def test_periods_show_their_payloads_as_text(client, hostile_event):
    created = client.post("/api/periods", json={
        "name": hostile("period"), "start": "2022-01-01", "summary": hostile("period-summary"),
        "source_publisher": hostile("period-publisher"), "source_url": URL_BREAKOUT})
    assert created.status_code == 201
    period_id = created.json()["id"]
    pages = {
        "/periods": ["period", "period-summary", "period-publisher"],
        "/": ["period"],  # the band and the chart's legend
        f"/periods/{period_id}/edit": [],
        f"/periods/{period_id}/delete": ["period"],
    }
    for url, fields in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text)
        for field in fields:
            assert_inert(response.text, shows=hostile(field))
