import pytest
from bs4 import BeautifulSoup

from app.web.rendering import VARY
from tests.factories import make_event

AUSTIN = {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"}
WEI = {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"}
LI = {"name": "Li Shangfu", "side": "CN", "title": "Minister of National Defense"}
US_READOUT = {
    "url": "https://www.defense.gov/r/1",
    "publisher": "US Department of Defense",
    "published": "2022-04-20",
    "quote": "Austin emphasized open lines.",
    "kind": "us_readout",
}
CN_READOUT = {
    "url": "http://eng.mod.gov.cn/r/1",
    "publisher": "PRC Ministry of National Defense",
    "published": "2022-04-21",
    "quote": "Wei stressed the Taiwan question.",
    "kind": "cn_readout",
}
PRESS = {
    "url": "https://apnews.com/x",
    "publisher": "AP",
    "published": "2022-04-20",
    "quote": "The call lasted 45 minutes.",
    "kind": "press",
}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_event_page_shows_every_field(client, session):
    event = make_event(
        session,
        title="Austin and Wei speak",
        channel="Defense Telephone Link",
        location="Washington",
        duration_minutes=45,
        initiated_by="US",
        category="defense",
        uncertain_reason="Only one side reported it.",
        participants=[AUSTIN, WEI, {"name": None, "side": "CN", "title": "PLA delegation"}],
        sources=[US_READOUT, CN_READOUT, PRESS],
    )
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 200
    assert response.headers["vary"] == VARY
    page = soup(response)
    assert page.h1.get_text() == "Austin and Wei speak"
    facts = {d.dt.get_text(): d.dd.get_text(" ", strip=True) for d in page.select(".facts > div")}
    assert facts["Medium"] == "Phone call"
    assert facts["Channel"] == "Defense Telephone Link"
    assert facts["Location"] == "Washington"
    assert facts["Duration"] == "45 minutes"
    assert facts["Initiated by"] == "United States"
    assert facts["Status"] == "Held"
    assert facts["Date"].startswith("20 April 2022")
    assert facts["Office pair"] == "Secretary of Defense – Minister of National Defense"
    assert page.select_one(".card-head .uncertain-badge") is not None
    assert "Only one side reported it." in page.select_one(".notice.uncertain").get_text()
    assert [a["href"] for a in page.select(".facts a.topic")] == [
        "/topics/taiwan",
        "/topics/ukraine",
    ]
    assert page.select_one(".side-us a")["href"] == "/officials/lloyd-austin"
    assert page.select_one(".side-cn a")["href"] == "/officials/wei-fenghe"
    assert "PLA delegation" in page.select_one(".sides .side-cn").get_text()
    # The two readouts side by side, the press report below.
    readouts = page.select_one("[data-testid=readouts]")
    assert "Austin emphasized open lines." in readouts.select_one(".side-us blockquote").get_text()
    assert (
        "Wei stressed the Taiwan question." in readouts.select_one(".side-cn blockquote").get_text()
    )
    others = [
        s
        for s in page.select("article.source")
        if not s.find_parent(attrs={"data-testid": "readouts"})
    ]
    assert len(others) == 1 and "AP" in others[0].get_text()
    assert page.select_one('a[href="https://apnews.com/x"]') is not None
    assert page.select_one(f'a[href="/events/{event.id}/edit"]') is not None
    form = page.select_one("form.delete-form")
    assert form["method"] == "post" and form["action"] == f"/events/{event.id}/delete"


def test_event_page_without_both_readouts_lists_sources(client, session):
    event = make_event(session, sources=[US_READOUT, PRESS])
    page = soup(client.get(f"/events/{event.id}"))
    assert page.select_one("[data-testid=readouts]") is None
    assert len(page.select("article.source")) == 2
    assert page.select_one(".notice.uncertain") is None
    assert page.select_one(".uncertain-badge") is None


def test_event_page_without_an_office_pair(client, session):
    event = make_event(
        session,
        participants=[
            {"name": None, "side": "US", "title": "DoD delegation"},
            {"name": None, "side": "CN", "title": "PLA delegation"},
        ],
    )
    page = soup(client.get(f"/events/{event.id}"))
    facts = {d.dt.get_text(): d.dd.get_text(" ", strip=True) for d in page.select(".facts > div")}
    assert facts["Office pair"] == "—"


def test_unknown_event_is_a_404_page(client):
    response = client.get("/events/999999")
    assert response.status_code == 404
    assert soup(response).h1.get_text() == "Page not found"


def test_event_id_that_is_not_a_number_is_not_a_500(client):
    assert client.get("/events/abc").status_code in (404, 405)


@pytest.fixture
def austin_record(session):
    make_event(
        session,
        title="First call",
        date="2021-03-01",
        participants=[{**AUSTIN, "title": "Secretary-designate"}, WEI],
        medium="phone_call",
    )
    make_event(
        session,
        title="Second call",
        date="2022-04-20",
        participants=[AUSTIN, WEI],
        medium="phone_call",
    )
    make_event(
        session,
        title="Meeting",
        date="2023-06-02",
        participants=[AUSTIN, LI],
        medium="in_person_meeting",
    )
    make_event(
        session, title="Declined", date="2023-05-01", status="declined", participants=[AUSTIN, LI]
    )
    make_event(
        session,
        title="Not Austin",
        date="2023-01-01",
        participants=[{"name": "Mark Milley", "side": "US", "title": "CJCS"}, LI],
    )


def test_official_page(client, austin_record):
    response = client.get("/officials/lloyd-austin")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(" ", strip=True).startswith("Lloyd Austin")
    titles = [
        li.get_text(" ", strip=True) for li in page.select("[data-testid=title-span]")
    ]
    assert titles == [
        "Secretary-designate 2021 1 Mar 2021 · 1 contact",
        "Secretary of Defense 2022–2023 20 Apr 2022 – 2 Jun 2023 · 3 contacts",
    ]
    lede = " ".join(page.select_one("[data-testid=profile-lede]").get_text().split())
    assert lede == (
        "Secretary of Defense · 4 contacts on record (3 held, 1 not held), 1 Mar 2021 – 2 Jun 2023"
    )
    counterparts = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select_one("#counterparts-heading").find_parent("section").select("tbody tr")
    ]
    # Held contacts first, counted per medium; the declined request to Li counts as "not held".
    assert counterparts == [
        ["Wei Fenghe", "2", "–", "Phone call 2", "1 Mar 2021", "20 Apr 2022"],
        ["Li Shangfu", "1", "1", "In person 1", "1 May 2023", "2 Jun 2023"],
    ]
    # Their contacts, every status, with the timeline card.
    cards = [
        c.select_one(".card-title").get_text(strip=True)
        for c in page.select("[data-testid=event-card]")
    ]
    assert cards == ["Meeting", "Declined", "Second call", "First call"]
    assert page.select_one('a[href="/?official=lloyd-austin"]') is not None


def test_official_page_htmx_gets_the_contacts_block(client, austin_record):
    response = client.get("/officials/lloyd-austin?order=oldest", headers={"HX-Request": "true"})
    page = soup(response)
    assert page.select_one("h1") is None
    assert (
        page.select_one("[data-testid=event-card] .card-title").get_text(strip=True) == "First call"
    )


def test_unknown_official_is_404(client):
    assert client.get("/officials/nobody").status_code == 404


def test_officials_directory_and_search(client, austin_record):
    page = soup(client.get("/officials"))
    rows = {
        tr.a.get_text(): [td.get_text() for td in tr.select("td")[2:]]
        for tr in page.select("tbody tr")
    }
    assert rows["Lloyd Austin"] == ["4", "2021–2023"] and rows["Li Shangfu"] == ["3", "2023"]
    assert rows["Mark Milley"] == ["1", "2023"]
    assert page.select_one('label[for="official-q"]') is not None
    found = soup(client.get("/officials?q=Wei+Fenge"))
    assert next(tr.a["href"] for tr in found.select("tbody tr")) == "/officials/wei-fenghe"
    fragment = soup(client.get("/officials?q=austin", headers={"HX-Request": "true"}))
    assert (
        fragment.select_one("h1") is None
        and fragment.select_one("tbody tr a")["href"] == "/officials/lloyd-austin"
    )
    assert "No official matches" in soup(client.get("/officials?q=qqqqzzzz")).get_text()


def test_officials_directory_lists_people_with_contacts_unless_asked_for_everyone(
    client, session, austin_record
):
    from app.services.officials import create_official

    create_official(session, name="Gazetteer Only", country="US")
    session.commit()
    default = soup(client.get("/officials"))
    names = [tr.a.get_text() for tr in default.select("tbody tr")]
    assert "Gazetteer Only" not in names and "Lloyd Austin" in names
    assert default.select_one('a[href="/officials?all=1"]') is not None
    everyone = soup(client.get("/officials?all=1"))
    row = next(tr for tr in everyone.select("tbody tr") if tr.a.get_text() == "Gazetteer Only")
    assert [td.get_text() for td in row.select("td")[2:]] == ["0", "—"]
    # A search finds everyone; so does the API.
    assert soup(client.get("/officials?q=gazetteer")).select_one("tbody tr a").get_text() == (
        "Gazetteer Only"
    )
    assert "Gazetteer Only" in {o["name"] for o in client.get("/api/officials").json()["data"]}


def test_topic_page(client, session):
    make_event(session, title="On Taiwan", topics=["Taiwan"])
    make_event(session, title="On Ukraine", topics=["Ukraine"])
    response = client.get("/topics/taiwan")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Topic: Taiwan"
    assert [
        c.select_one(".card-title").get_text(strip=True)
        for c in page.select("[data-testid=event-card]")
    ] == ["On Taiwan"]
    assert page.select_one('a[href="/?topic=taiwan"]') is not None
    assert client.get("/topics/nothing").status_code == 404


def test_topic_page_with_bad_cursor_is_400(client, session):
    make_event(session, topics=["Taiwan"])
    response = client.get("/topics/taiwan?cursor=broken")
    assert response.status_code == 400
    assert soup(response).select_one("#error-cursor") is not None
