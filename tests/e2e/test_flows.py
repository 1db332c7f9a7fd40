"""What a person does, end to end in Chromium (issue 2): filter by an official through the
suggestions and by medium, go back, open an event from its card, add an event and find it on the
timeline, all with the keyboard alone too."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from app.models import Event, Official, Participation
from tests.e2e.helpers import assert_accessible, shoot


def card_titles(page: Page) -> list[str]:
    return page.locator("[data-testid=event-card] .card-title").all_inner_texts()


def held_titles(session, *, official: str | None = None, medium: str | None = None) -> list[str]:
    """What the shared server holds now (other tests add events), newest first."""
    query = select(Event.title).where(Event.status == "held")
    if official:
        query = query.where(
            col(Event.id).in_(
                select(Participation.event_id)
                .join(Official, col(Official.id) == Participation.official_id)
                .where(Official.slug == official)
            )
        )
    if medium:
        query = query.where(Event.medium == medium)
    return list(session.exec(query.order_by(col(Event.date).desc(), col(Event.id).desc())).all())


def test_official_through_suggestions_then_medium_then_back(page: Page, live_session):
    page.goto("/")
    page.evaluate("() => { window.notReloaded = true }")
    page.get_by_label("Add an official", exact=True).fill("austn")  # a typo still finds him
    page.get_by_role("button", name=re.compile("^Lloyd Austin")).click()
    page.wait_for_url(re.compile(r"/\?official=lloyd-austin$"))
    austin = held_titles(live_session, official="lloyd-austin")
    assert len(austin) >= 2 and card_titles(page) == austin
    page.get_by_role("checkbox", name=re.compile("^Video conference")).check()
    page.wait_for_url(re.compile(r"/\?official=lloyd-austin&medium=video_conference$"))
    both = held_titles(live_session, official="lloyd-austin", medium="video_conference")
    assert card_titles(page) == both == ["Austin and Dong hold a video call"]
    expect(page.get_by_role("link", name="Remove filter Official: Lloyd Austin")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Medium: Video conference")).to_be_visible()
    assert page.evaluate("() => window.notReloaded") is True  # htmx swapped in place
    shoot(page, "flow-official-and-medium")

    page.go_back()
    page.wait_for_url(re.compile(r"/\?official=lloyd-austin$"))
    expect(page.locator("[data-testid=event-card]")).to_have_count(len(austin))
    assert not page.get_by_role("checkbox", name=re.compile("^Video conference")).is_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("[data-testid=event-card]")).to_have_count(len(held_titles(live_session)))
    # A pasted URL gives the same view.
    page.goto("/?official=lloyd-austin&medium=video_conference")
    assert card_titles(page) == both


def test_open_an_event_from_its_card(page: Page):
    page.goto("/")
    card = page.locator("[data-testid=event-card]", has_text="Biden and Xi meet at Woodside")
    card.get_by_role("link", name="Biden and Xi meet at Woodside").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Biden and Xi meet at Woodside")
    expect(page.get_by_role("link", name="Xi Jinping")).to_be_visible()


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def test_the_timeline_with_the_keyboard_alone(page: Page):
    page.goto("/")
    tab_to(page, "#who")
    page.keyboard.type("Wei Fenge")
    expect(page.get_by_role("button", name=re.compile("^Wei Fenghe"))).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=re.compile("^Wei Fenghe"))).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"official=wei-fenghe"))
    assert card_titles(page) == ["Austin and Wei speak by phone"]
    tab_to(page, "input[name=medium][value=phone_call]")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"official=wei-fenghe&medium=phone_call"))
    tab_to(page, "[data-testid=event-card] .card-title a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/events/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Austin and Wei speak by phone")
    # The skip link takes a keyboard user past the navigation.
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_add_an_event_and_find_it_on_the_timeline(page: Page):
    title = "E2E flow: Austin and Dong meet in Singapore"
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add event").click()
    page.wait_for_url(re.compile(r"/events/new$"))
    # Older than the shared server's events, so other tests still see theirs first.
    page.get_by_label("Date", exact=True).fill("2021-05-31")
    page.get_by_label("Medium").select_option("in_person_meeting")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Location").fill("Singapore")
    page.locator("#participants-0-name").fill("Lloyd Austin")
    page.locator("#participants-0-title").fill("Secretary of Defense")
    page.locator("#participants-1-name").fill("Dong Jun")
    page.locator("#participants-1-title").fill("Minister of National Defense")
    page.get_by_label("Publisher").fill("E2E Wire")
    page.get_by_role("button", name="Save event").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.get_by_role("link", name="Timeline").first.click()
    page.get_by_label("Text", exact=True).fill("E2E flow Singapore")
    page.wait_for_url(re.compile(r"q=E2E\+flow\+Singapore"))
    assert card_titles(page) == [title]
    card = page.locator("[data-testid=event-card]")
    expect(card.locator("time")).to_have_text("31 May 2021")
    expect(card.locator(".side-us")).to_contain_text("Lloyd Austin")
    expect(card.locator(".side-cn")).to_contain_text("Dong Jun")
    card.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_validation_error_keeps_what_was_typed(page: Page):
    page.goto("/events/new")
    page.get_by_label("Title", exact=True).fill("E2E flow: no date, no medium")
    page.get_by_role("button", name="Save event").first.click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(page.locator("#date-error")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value("E2E flow: no date, no medium")
    # The summary links to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "date"
    assert_accessible(page)


def test_the_same_filter_flow_without_javascript(page_nojs: Page, live_session):
    page = page_nojs
    page.goto("/")
    page.get_by_label("Add an official", exact=True).fill("austn")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"who=austn"))
    # Without JavaScript the typed name is resolved on the server: the best match is picked.
    austin = held_titles(live_session, official="lloyd-austin")
    assert card_titles(page) == austin
    expect(page.get_by_role("link", name="Remove filter Official: Lloyd Austin")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("^Video conference")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"official=lloyd-austin&.*medium=video_conference"))
    assert card_titles(page) == ["Austin and Dong hold a video call"]
    page.go_back()
    page.wait_for_url(re.compile(r"who=austn&status"))
    assert card_titles(page) == austin
    page.get_by_role("link", name="Austin and Dong hold a video call").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Austin and Dong hold a video call")
