"""The read side in a real browser: htmx filters, suggestions, back button, JavaScript off."""

import re

from sqlmodel import func, select

from app.models import Event
from app.services.live import live_events
from tests.e2e.helpers import assert_accessible, shoot


def held_event_count(session) -> int:
    """Other browser tests add (and delete) events on the shared server: count what is there."""
    return session.exec(select(func.count()).select_from(Event)
                        .where(Event.status == "held", live_events())).one()


def card_titles(page) -> list[str]:
    return page.locator("[data-testid=event-card] .card-title").all_inner_texts()


def test_timeline_is_accessible_at_both_widths(page):
    page.goto("/")
    assert card_titles(page)[0] == "Austin and Dong hold a video call"
    assert_accessible(page)
    shoot(page, "timeline")


def test_medium_filter_updates_results_and_address_in_place(page, live_session):
    page.goto("/")
    page.evaluate("() => { window.notReloaded = true }")
    page.get_by_role("checkbox", name="Phone call").check()
    page.wait_for_url(re.compile(r"/\?medium=phone_call$"))
    assert card_titles(page) == ["Austin and Wei speak by phone"]
    assert page.evaluate("() => window.notReloaded") is True  # htmx swapped, no page load
    page.get_by_role("link", name="Remove filter Medium: Phone call").click()
    page.wait_for_url(re.compile(r"/$"))
    assert len(card_titles(page)) == held_event_count(live_session)
    page.go_back()
    page.wait_for_url(re.compile(r"medium=phone_call"))
    assert card_titles(page) == ["Austin and Wei speak by phone"]


def test_official_filter_through_suggestions(page):
    page.goto("/")
    page.get_by_label("Add an official", exact=True).fill("Wei Fenge")
    suggestion = page.get_by_role("button", name=re.compile("Wei Fenghe"))
    suggestion.click()
    page.wait_for_url(re.compile(r"official=wei-fenghe"))
    assert card_titles(page) == ["Austin and Wei speak by phone"]
    assert page.get_by_label("Add an official", exact=True).input_value() == ""
    assert page.get_by_role("link", name="Remove filter Official: Wei Fenghe").is_visible()
    assert_accessible(page)
    shoot(page, "timeline-official-filter")


def test_text_filter_keeps_focus_while_typing(page):
    page.goto("/")
    page.get_by_label("Text", exact=True).press_sequentially("Woodside")
    page.wait_for_url(re.compile(r"q=Woodside"))
    assert card_titles(page) == ["Biden and Xi meet at Woodside"]
    assert page.evaluate("() => document.activeElement.id") == "q"


def test_filters_work_with_javascript_off(page_nojs, live_session):
    page_nojs.goto("/")
    page_nojs.get_by_label("Add an official", exact=True).fill("Wei Fenge")
    page_nojs.get_by_role("checkbox", name="Phone call").check()
    page_nojs.get_by_role("button", name="Apply filters").click()
    page_nojs.wait_for_url(re.compile(r"who=Wei"))
    assert card_titles(page_nojs) == ["Austin and Wei speak by phone"]
    page_nojs.get_by_role("link", name="Clear all").click()
    page_nojs.wait_for_url(re.compile(r"/$"))
    assert len(card_titles(page_nojs)) == held_event_count(live_session)


def test_bad_filter_value_shows_the_message_beside_it(page):
    response = page.goto("/?from=2024-02-30")
    assert response.status == 400
    assert "not a date" in page.locator("#error-from").inner_text()
    assert_accessible(page)


def test_event_official_and_topic_pages_are_accessible(page):
    page.goto("/")
    page.get_by_role("link", name="Austin and Wei speak by phone").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Austin and Wei speak by phone"
    assert_accessible(page)
    shoot(page, "event")
    page.get_by_role("link", name="Lloyd Austin").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lloyd Austin")
    assert_accessible(page)
    shoot(page, "official")
    page.goto("/topics/taiwan")
    assert card_titles(page) == ["Austin and Wei speak by phone"]
    assert_accessible(page)
    page.goto("/officials")
    assert_accessible(page)
