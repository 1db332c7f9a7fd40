"""What the review found by using the app in Chromium, each checked where a person saw it."""

from playwright.sync_api import Page

from tests.e2e.helpers import shoot
from tests.e2e.test_merge import a_pair


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


def test_side_badges_have_one_border_colour(page: Page, live_session):
    # The participant columns' thick left border (.side-us) reached the US badge too: on the
    # merge comparison it read as a stray "(" before "US".
    survivor, other = a_pair(live_session, "badge")
    page.goto(f"/events/{survivor.id}/merge?other={other.id}")
    badge = page.locator(".side-badge.side-us").first
    widths = badge.evaluate("e => { const s = getComputedStyle(e); "
                            "return [s.borderLeftColor, s.borderRightColor]; }")
    assert widths[0] == widths[1]
    shoot(page, "review-merge-compare", element=page.locator("main"))
