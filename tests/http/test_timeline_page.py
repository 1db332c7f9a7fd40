from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from app.web.rendering import VARY
from tests.factories import make_event

HX = {"HX-Request": "true", "HX-Target": "timeline-view"}
AUSTIN = {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"}
WEI = {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"}
MILLEY = {"name": "Mark Milley", "side": "US", "title": "Chairman of the Joint Chiefs of Staff"}
LI = {"name": "Li Zuocheng", "side": "CN", "title": "Chief of the Joint Staff Department"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def card_titles(page: BeautifulSoup) -> list[str]:
    return [
        c.select_one(".card-title").get_text(strip=True)
        for c in page.select("[data-testid=event-card]")
    ]


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


@pytest.fixture
def record(session):
    make_event(
        session,
        title="Austin calls Wei",
        date="2022-04-20",
        medium="phone_call",
        participants=[AUSTIN, WEI],
        topics=["Taiwan"],
        duration_minutes=45,
    )
    make_event(
        session,
        title="Milley meets Li",
        date="2021-03-05",
        date_precision="day",
        medium="in_person_meeting",
        participants=[MILLEY, LI],
        topics=["Nuclear"],
    )
    make_event(
        session,
        title="A month-only call",
        date="2021-03-01",
        date_precision="month",
        medium="phone_call",
        participants=[MILLEY, LI],
        topics=[],
    )
    make_event(
        session,
        title="Call refused",
        date="2023-02-04",
        medium="phone_call",
        status="declined",
        participants=[AUSTIN, WEI],
        topics=["Taiwan"],
    )


def test_timeline_full_page(client, record):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["vary"] == VARY
    page = soup(response)
    assert page.select_one("html") is not None
    assert page.select_one("form#filters")["method"] == "get"
    assert card_titles(page) == ["Austin calls Wei", "Milley meets Li", "A month-only call"]
    assert [h.get_text() for h in page.select(".year-heading")] == ["2022", "2021"]
    assert [h.get_text() for h in page.select(".month-heading")] == ["April 2022", "March 2021"]
    assert page.select_one("#results-heading").get_text(strip=True) == "3 events"


def test_card_shows_the_event(client, record):
    page = soup(client.get("/"))
    card = page.select("[data-testid=event-card]")[0]
    assert card.select_one("time").get_text() == "20 April 2022"
    assert (
        card.select_one(".badge.medium-phone_call").get_text(" ", strip=True)
        == "Medium: Phone call"
    )
    us, cn = card.select(".side-us li"), card.select(".side-cn li")
    assert us[0].a["href"] == "/officials/lloyd-austin"
    assert us[0].select_one(".person-title").get_text() == "Secretary of Defense"
    assert cn[0].a.get_text() == "Wei Fenghe"
    assert [a["href"] for a in card.select("a.topic")] == ["/topics/taiwan"]
    meta = card.select_one(".card-meta").get_text(" ", strip=True)
    assert "45 min" in meta and "1 source" in meta
    assert card.select_one(".card-title a")["href"].startswith("/events/")
    month_card = page.select("[data-testid=event-card]")[2]
    assert month_card.select_one("time").get_text() == "March 2021"


def test_htmx_gets_only_the_view_block(client, record):
    response = client.get("/?medium=phone_call", headers=HX)
    assert response.status_code == 200
    assert response.headers["vary"] == VARY
    assert response.headers["hx-push-url"] == "/?medium=phone_call"
    page = soup(response)
    assert page.select_one("html") is None and page.select_one("header.site-header") is None
    assert page.select_one("form#filters") is not None
    assert card_titles(page) == ["Austin calls Wei", "A month-only call"]


def test_history_restore_gets_the_full_page(client, record):
    response = client.get("/", headers={**HX, "HX-History-Restore-Request": "true"})
    assert soup(response).select_one("header.site-header") is not None


def test_push_url_is_canonical_after_a_typed_name(client, record):
    response = client.get("/?who=Wei+Fenge&utm_source=x", headers=HX)
    assert response.headers["hx-push-url"] == "/?official=wei-fenghe"
    assert card_titles(soup(response)) == ["Austin calls Wei"]


def test_medium_checkboxes_show_counts(client, record):
    page = soup(client.get("/?medium=phone_call"))
    boxes = {i["value"]: i for i in page.select("input[name=medium]")}
    assert set(boxes) == {"phone_call", "video_conference", "in_person_meeting", "written", "other"}
    assert boxes["phone_call"].has_attr("checked") and not boxes["in_person_meeting"].has_attr(
        "checked"
    )
    assert page.select_one("[data-testid=count-medium-phone_call]").get_text() == "2"
    assert page.select_one("[data-testid=count-medium-in_person_meeting]").get_text() == "1"
    assert page.select_one("[data-testid=count-topic-taiwan]").get_text() == "1"


def test_every_control_has_a_label(client, record):
    page = soup(client.get("/"))
    for control in page.select("form#filters input, form#filters select"):
        if control.get("type") in ("checkbox", "radio"):
            assert control.find_parent("label") is not None
        else:
            assert page.select_one(f'label[for="{control["id"]}"]') is not None, control


def test_status_filter_shows_declined_events_marked(client, record):
    page = soup(client.get("/?status=declined"))
    assert card_titles(page) == ["Call refused"]
    card = page.select_one("[data-testid=event-card]")
    assert "not-held" in card["class"]
    assert card.select_one(".status-badge").get_text(" ", strip=True) == "Status: Declined"


@pytest.fixture
def doubtful(session, record):
    # The factory's defaults: a phone call between Austin and Wei.
    make_event(session, title="Disputed call", date="2022-05-01",
               uncertain_reason="Sources disagree on the date.")


def test_uncertain_events_are_shown_marked_by_default(client, doubtful):
    page = soup(client.get("/"))
    assert card_titles(page)[0] == "Disputed call"
    cards = page.select("[data-testid=event-card]")
    assert cards[0].select_one(".uncertain-badge").get_text(" ", strip=True) == "Uncertain record"
    assert all(c.select_one(".uncertain-badge") is None for c in cards[1:])
    radios = {i["value"]: i for i in page.select("input[name=certainty]")}
    assert list(radios) == ["all", "firm", "uncertain"] and radios["all"].has_attr("checked")
    counts = {v: page.select_one(f"[data-testid=count-certainty-{v}]").get_text() for v in radios}
    assert counts == {"all": "4", "firm": "3", "uncertain": "1"}
    assert page.select_one("details.more-filters").has_attr("open") is False


def test_certainty_filter_shows_only_firm_contacts_with_a_chip(client, doubtful):
    response = client.get("/?certainty=firm&medium=phone_call")
    page = soup(response)
    assert card_titles(page) == ["Austin calls Wei", "A month-only call"]
    assert page.select_one("input[name=certainty][value=firm]").has_attr("checked")
    assert page.select_one("details.more-filters").has_attr("open")
    chip = page.select_one('a.chip[aria-label="Remove filter Certainty: Firm only"]')
    assert query(chip["href"]) == [("medium", "phone_call")]
    # The counts apply the medium filter, not the certainty one.
    assert page.select_one("[data-testid=count-certainty-uncertain]").get_text() == "1"
    only = soup(client.get("/?certainty=uncertain", headers=HX))
    assert card_titles(only) == ["Disputed call"]


def test_bad_certainty_is_400_with_the_message(client, doubtful):
    response = client.get("/?certainty=maybe")
    assert response.status_code == 400
    assert "Certainty must be" in soup(response).select_one("#error-certainty").get_text()
    assert len(card_titles(soup(response))) == 4


def test_official_topic_and_text_filters(client, record):
    assert card_titles(soup(client.get("/?official=mark-milley"))) == [
        "Milley meets Li",
        "A month-only call",
    ]
    assert card_titles(soup(client.get("/?topic=nuclear"))) == ["Milley meets Li"]
    assert card_titles(soup(client.get("/?q=month"))) == ["A month-only call"]
    assert card_titles(soup(client.get("/?from=2021-04-01&to=2022-12-31"))) == ["Austin calls Wei"]
    assert card_titles(soup(client.get("/?order=oldest"))) == [
        "A month-only call",
        "Milley meets Li",
        "Austin calls Wei",
    ]


def test_who_without_javascript_resolves_a_misspelling(client, record):
    page = soup(client.get("/?who=Wei+Fenge"))
    assert card_titles(page) == ["Austin calls Wei"]
    box = page.select_one("input[name=official]")
    assert box["value"] == "wei-fenghe" and box.has_attr("checked")
    assert page.select_one("#who")["value"] == ""


def test_who_without_match_keeps_the_text_and_says_so(client, record):
    response = client.get("/?who=Zzyzx")
    page = soup(response)
    assert response.status_code == 200
    assert page.select_one("#who")["value"] == "Zzyzx"
    assert "No official matches" in page.select_one("#error-who").get_text()


def test_chips_and_clear_all(client, record):
    page = soup(client.get("/?official=lloyd-austin&medium=phone_call&q=calls&order=oldest"))
    chips = {a.get_text(" ", strip=True): a["href"] for a in page.select(".chips a.chip")}
    assert set(chips) == {"Official: Lloyd Austin ×", "Medium: Phone call ×", "Text: calls ×"}
    assert query(chips["Official: Lloyd Austin ×"]) == [
        ("medium", "phone_call"),
        ("q", "calls"),
        ("order", "oldest"),
    ]
    assert query(chips["Text: calls ×"]) == [
        ("official", "lloyd-austin"),
        ("medium", "phone_call"),
        ("order", "oldest"),
    ]
    clear = page.select_one(".chips a.clear-all")
    assert clear["href"] == "/?order=oldest"
    assert clear["hx-get"] == clear["href"] and clear["hx-push-url"] == "true"
    for href in chips.values():
        assert client.get(href).status_code == 200


def test_no_chips_without_filters(client, record):
    assert soup(client.get("/")).select_one(".chips") is None


@pytest.mark.parametrize(
    "url, key, message",
    [
        ("/?medium=carrier_pigeon", "medium", "Unknown medium"),
        ("/?from=2021-02-30", "from", "not a date"),
        ("/?from=2022-01-02&to=2022-01-01", "to", "before the start"),
        ("/?status=maybe", "status", "Unknown status"),
        ("/?order=sideways", "order", "newest"),
        ("/?cursor=garbage", "cursor", "broken"),
        ("/?official=%3Cscript%3E", "official", "Not a valid"),
    ],
)
def test_malformed_values_give_400_with_the_message_beside_the_filter(
    client, record, url, key, message
):
    response = client.get(url)
    assert response.status_code == 400
    page = soup(response)
    error = page.select_one(f"#error-{key}")
    assert message in error.get_text()
    # Beside its own control: in the same fieldset or field as the input it belongs to.
    assert error.find_parent(["fieldset", "div", "section"]) is not None
    assert page.select_one("form#filters") is not None


def test_the_results_say_which_filters_were_not_applied(client, record):
    # The messages sat only beside their filters, below the fold at 1280 px: the results
    # looked like the view asked for.
    page = soup(client.get("/?from=2021-02-30&medium=carrier_pigeon&medium=phone_call"))
    notice = page.select_one("[data-testid=unread-filters]")
    assert notice.get_text().startswith("These filters were not applied")
    assert {a["href"] for a in notice.find_all("a")} == {"#error-medium", "#error-from"}
    for link in notice.find_all("a"):
        assert page.select_one(link["href"]) is not None
    assert soup(client.get("/?medium=phone_call")).select_one("[data-testid=unread-filters]") is None


def test_malformed_value_in_htmx_request_still_gets_the_view(client, record):
    response = client.get("/?medium=bogus", headers=HX)
    assert response.status_code == 400
    assert soup(response).select_one("#error-medium") is not None


def test_unknown_parameters_are_ignored(client, record):
    response = client.get("/?utm_source=newsletter&utm_campaign=x&medium=phone_call&fbclid=abc")
    assert response.status_code == 200
    assert card_titles(soup(response)) == ["Austin calls Wei", "A month-only call"]


@pytest.mark.parametrize(
    "url", ["/?q=%22", "/?q=AND(", "/?q=NEAR(", "/?q=*", "/?q=a%22b%22c%27", "/?q=" + "x" * 5000]
)
def test_hostile_text_is_never_a_500(client, record, url):
    assert client.get(url).status_code == 200


@pytest.fixture
def many(session):
    for i in range(7):
        make_event(
            session, title=f"Event {i}", date=f"2020-0{i % 3 + 1}-1{i}", topics=[], sources=[]
        )


def test_load_more_without_js_is_a_plain_link_to_a_full_page(client, many, monkeypatch):
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "page_size", 3)
    first = soup(client.get("/"))
    more = first.select_one("#load-more a")
    assert more.get_text(strip=True) == "Load more"
    assert more["hx-get"] == more["href"] and more["hx-swap"] == "outerHTML"
    assert ("cursor", query(more["href"])[-1][1]) == query(more["href"])[-1]
    seen = card_titles(first)
    url = more["href"]
    while url:
        page = soup(client.get(url))
        assert page.select_one("header.site-header") is not None
        seen += card_titles(page)
        nxt = page.select_one("#load-more a")
        url = nxt["href"] if nxt else None
    assert sorted(seen) == sorted(f"Event {i}" for i in range(7))
    assert len(seen) == 7


def test_load_more_page_does_not_repeat_the_month_heading(client, many, monkeypatch):
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "page_size", 1)
    first = soup(client.get("/"))
    second = soup(
        client.get(first.select_one("#load-more a")["href"], headers={"HX-Request": "true"})
    )
    # Both newest events are in March 2020: the loaded page continues without a new heading.
    assert card_titles(first) == ["Event 5"] and card_titles(second) == ["Event 2"]
    assert second.select(".month-heading") == [] and second.select(".year-heading") == []


def test_suggestions_fragment(client, record):
    response = client.get("/suggest/officials?who=wei%20fenge", headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("html") is None
    button = page.select_one("button.suggestion")
    assert (
        button["name"] == "pick" and button["value"] == "wei-fenghe" and button["form"] == "filters"
    )
    assert button["type"] == "submit"


def test_suggestions_never_enter_the_history(client, record):
    # The form pushes its URLs; the name field inside it fetches a fragment that must not be.
    who = soup(client.get("/")).select_one("#who")
    assert who["hx-get"] == "/suggest/officials" and who["hx-push-url"] == "false"


def test_suggestions_for_nothing(client, record):
    assert soup(client.get("/suggest/officials?who=")).select("button") == []
    assert "No official matches" in soup(client.get("/suggest/officials?who=zzzzqqq")).get_text()


def test_picking_a_suggestion_adds_the_official(client, record):
    page = soup(client.get("/?who=wei&pick=wei-fenghe&medium=phone_call"))
    assert card_titles(page) == ["Austin calls Wei"]
    assert [a.get_text(" ", strip=True) for a in page.select(".chips a.chip")] == [
        "Official: Wei Fenghe ×",
        "Medium: Phone call ×",
    ]


def test_topics_without_events_are_not_offered_unless_chosen(client, record):
    page = soup(client.get("/?official=mark-milley"))
    assert [i["value"] for i in page.select("input[name=topic]")] == ["nuclear"]
    chosen = soup(client.get("/?official=mark-milley&topic=taiwan"))
    assert [i["value"] for i in chosen.select("input[name=topic]")] == ["nuclear", "taiwan"]
