"""A smoke test in Chromium against a live server on PostgreSQL with the shipped record:
browse, search, filter, add an event and find it by text (the other browser tests use SQLite;
the HTTP and service tests run on both)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, fill_event_form, shoot


def results(page: Page) -> str:
    return page.locator("#results-heading").inner_text()


def test_browse_search_filter_and_add_on_postgres(page_postgres: Page):
    page = page_postgres
    page.goto("/")
    expect(page.locator("#results-heading")).to_have_text("87 events")  # the held contacts
    assert_accessible(page)
    shoot(page, "postgres-timeline")

    page.get_by_label("Text", exact=True).press_sequentially("austin wei")
    page.wait_for_url(re.compile(r"q=austin"))
    expect(page.get_by_role("link", name="Austin and Wei speak by phone")).to_be_visible()
    searched = results(page)
    page.get_by_role("checkbox", name="Phone call").check()
    page.wait_for_url(re.compile(r"medium=phone_call"))
    expect(page.locator("#results-heading")).not_to_have_text(searched)
    shoot(page, "postgres-search-and-filter")

    page.goto("/events/new")
    fill_event_form(page, date="2024-09-10", medium="video_conference",
                    names=["Lloyd Austin", "Dong Jun"], publisher="Smoke Wire",
                    title="Smoke test: Austin and Dong talk about Zhūhǎi")
    with page.expect_navigation():
        page.get_by_role("button", name="Save event").first.click()
    assert re.search(r"/events/\d+$", page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Smoke test: Austin and Dong talk about Zhūhǎi")

    page.goto("/?q=zhuhai+smoke")  # accents folded, every word a prefix
    expect(page.locator("#results-heading")).to_have_text("1 event")
    expect(page.get_by_role("link", name=re.compile("^Smoke test: Austin and Dong"))).to_be_visible()
