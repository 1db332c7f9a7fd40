"""What the review found by using the app in Chromium, each checked where a person saw it."""

from playwright.sync_api import Page

from tests.e2e.helpers import shoot


def overflow(page: Page, selector: str) -> int:
    """How many pixels of the element's content are hidden to the right (0 when it fits)."""
    return page.locator(selector).evaluate("e => e.scrollWidth - e.clientWidth")


def test_the_stats_year_table_shows_every_medium_at_1280(record_page: Page):
    # Its headers did not wrap: "Other" was cut off at the right edge, to be scrolled to.
    record_page.set_viewport_size({"width": 1280, "height": 900})
    record_page.goto("/stats")
    table = "section[aria-labelledby=years-heading] .table-scroll"
    assert overflow(record_page, table) == 0
    shoot(record_page, "review-stats-years", element=record_page.locator(table))
