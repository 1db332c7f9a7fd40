"""The pages on the whole shipped record (issue 7): 25 years of headings, declined and uncertain
contacts marked, Wei Fenghe's page, one official under several spellings."""

import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from app.services.seed import RECORD_PATH

RECORD = [json.loads(line) for line in RECORD_PATH.read_text(encoding="utf-8").splitlines() if line]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def every_page(client, url: str) -> list[BeautifulSoup]:
    """The timeline page at `url` and every page its "Load more" link leads to (no JavaScript)."""
    pages = []
    while url:
        page = soup(client.get(url))
        pages.append(page)
        more = page.select_one("#load-more a")
        url = more["href"] if more else None
        assert len(pages) < 20
    return pages


def test_year_headings_run_from_2025_back_to_2000(record_client):
    pages = every_page(record_client, "/")
    years = [h.get_text() for p in pages for h in p.select(".year-heading")]
    assert years == [str(y) for y in range(2025, 1999, -1)]
    cards = [c for p in pages for c in p.select("[data-testid=event-card]")]
    total = int(pages[0].select_one("#results-heading").get_text().split()[0])
    assert len(cards) == total == sum(1 for r in RECORD if r["status"] == "held") + 5 - 2
    assert len(pages) == 2  # 50 a page: one "Load more"
    # Month headings never repeat across the page break.
    months = [h.get_text() for p in pages for h in p.select(".month-heading")]
    assert len(months) == len(set(months))


def test_oldest_first_starts_in_2000(record_client):
    page = soup(record_client.get("/?order=oldest"))
    assert page.select_one(".year-heading").get_text() == "2000"
    first = page.select_one("[data-testid=event-card] time")
    assert first["datetime"].startswith("2000-")


def test_declined_contacts_are_marked_when_shown(record_client):
    page = soup(record_client.get("/?status=held&status=declined&from=2022-06-01&to=2023-06-30"))
    cards = page.select("[data-testid=event-card]")
    declined = [c for c in cards if "status-declined" in c["class"]]
    held = [c for c in cards if "status-held" in c["class"]]
    # Austin and Milley's calls (Aug 2022), Austin's call to Wei, his meeting with Li.
    assert len(declined) == 3 and held
    for card in declined:
        assert "not-held" in card["class"]
        assert text(card.select_one(".status-badge")) == "Status: Declined"
        assert "declined" in text(card.select_one(".card-title"))
    assert all(c.select_one(".status-badge") is None and "not-held" not in c["class"] for c in held)
    # By default only held contacts are shown.
    default = soup(record_client.get("/?from=2022-06-01&to=2023-06-30"))
    assert all(
        "status-held" in c["class"] for c in default.select("[data-testid=event-card]")
    )


def test_uncertain_contacts_are_marked_and_can_be_left_out(record_client):
    flagged_held = sum(
        1 for r in RECORD if r["status"] == "held" and "uncertain" in r["summary"].lower()
    )
    page = soup(record_client.get("/?certainty=uncertain"))
    cards = page.select("[data-testid=event-card]")
    assert len(cards) >= flagged_held > 0
    assert all(c.select_one(".uncertain-badge") for c in cards)
    counts = {
        v: int(page.select_one(f"[data-testid=count-certainty-{v}]").get_text())
        for v in ("all", "firm", "uncertain")
    }
    assert counts["all"] == counts["firm"] + counts["uncertain"] == 87
    firm = every_page(record_client, "/?certainty=firm")
    assert not any(p.select(".uncertain-badge") for p in firm)
    assert sum(len(p.select("[data-testid=event-card]")) for p in firm) == counts["firm"]
    # The reason is on the event page.
    event_url = cards[0].select_one(".card-title a")["href"]
    notice = soup(record_client.get(event_url)).select_one(".notice.uncertain")
    assert notice is not None and len(text(notice)) > len("Uncertain record.") + 10


def test_wei_fenghe_page(record_client):
    page = soup(record_client.get("/officials/wei-fenghe"))
    assert text(page.h1).startswith("Wei Fenghe")
    assert "Wei Fenge" in text(page.select_one(".hint"))  # the misspelling is an alias
    [span] = page.select("[data-testid=title-span]")
    assert text(span).startswith("Minister of National Defense 2018–2023")
    lede = text(page.select_one("[data-testid=profile-lede]"))
    assert lede.startswith("Minister of National Defense · 12 contacts on record")
    rows = {
        tr.a.get_text(): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select(".counterparts-table tbody tr")
    }
    secretaries = ("James Mattis", "Lloyd Austin", "Mark Esper", "Patrick Shanahan")
    # Held and not held (Mattis's refused meeting of 2018, Austin's refused call of 2023).
    assert {n: rows[n][1:3] for n in secretaries} == {
        "James Mattis": ["3", "1"],
        "Lloyd Austin": ["3", "1"],
        "Mark Esper": ["3", "–"],
        "Patrick Shanahan": ["1", "–"],
    }
    assert list(rows)[:3] == ["James Mattis", "Lloyd Austin", "Mark Esper"]
    # Their contacts, every status, 2018 to 2023.
    years = [h.get_text() for h in page.select(".year-heading")]
    assert years == ["2023", "2022", "2020", "2019", "2018"]  # none recorded in 2021
    cards = page.select("[data-testid=event-card]")
    assert len(cards) == 12
    assert any("status-declined" in c["class"] for c in cards)


@pytest.mark.parametrize(
    "spelling, slug",
    [
        ("CQ Brown Jr.", "charles-q-brown-jr"),
        ("Michael S. Chase", "michael-chase"),
        ("Robert M. Gates", "robert-gates"),
        ("Martin E. Dempsey", "martin-dempsey"),
    ],
)
def test_one_official_under_several_spellings(record_client, spelling, slug):
    found = soup(record_client.get("/officials", params={"q": spelling}))
    first = found.select_one("tbody tr a")
    assert urlsplit(first["href"]).path == f"/officials/{slug}"
    page = soup(record_client.get(f"/officials/{slug}"))
    assert spelling in text(page.select_one(".hint"))
    assert page.select("[data-testid=event-card]")


def test_an_event_with_both_readouts_side_by_side(record_client):
    page = soup(record_client.get("/?q=Tillerson&category=diplomatic"))
    link = page.select_one("[data-testid=event-card] .card-title a")
    event = soup(record_client.get(link["href"]))
    readouts = event.select_one("[data-testid=readouts]")
    assert "US Department of Defense" in text(readouts.select_one(".side-us"))
    assert "China Military Online" in text(readouts.select_one(".side-cn"))
    facts = {d.dt.get_text(): text(d.dd) for d in event.select(".facts > div")}
    assert facts["Office pair"] == "Secretary of State – State Councilor"


def test_delegation_only_contact_shows_sides_and_titles(record_client):
    page = soup(record_client.get("/?q=MMCA&from=2013-08-01&to=2013-08-31"))
    [card] = page.select("[data-testid=event-card]")
    us = "United States Delegation US military MMCA delegation"
    assert text(card.select_one(".side-us")) == us
    assert text(card.select_one(".side-cn")) == "China Delegation PLA MMCA delegation"
    assert card.select(".side a") == []  # nobody invented
