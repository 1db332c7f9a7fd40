"""The analyst views in Chromium: the chart's bars narrow the timeline, the silence threshold
marks gaps, a filtered CSV downloads, periods are recorded and drawn, the stats page; and the
same without JavaScript. The live server holds the three events of tests/e2e/conftest.py
(20 April 2022, 15 November 2023, 16 April 2024) plus what other tests add: each test narrows
the timeline to where it knows what is there."""

import csv
import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import SCREENSHOTS, assert_accessible, shoot

RECENT = "/?from=2023-06-01&to=2024-12-31"


def card_titles(page) -> list[str]:
    return page.locator("[data-testid=event-card] .card-title").all_inner_texts()


def open_more_filters(page) -> None:
    """The gap field sits in "Status, ..., silences, order" (open already when a date filter
    is set)."""
    if not page.locator("details.more-filters").evaluate("d => d.open"):
        page.locator("details.more-filters > summary").click()


def test_clicking_a_bar_narrows_the_timeline_in_place(page: Page):
    page.goto(RECENT)
    expect(page.locator("figure.rhythm")).to_contain_text(
        "Contacts per month, Jun 2023 to Dec 2024")
    page.evaluate("() => { window.notReloaded = true }")
    page.locator("[data-testid=bar][data-period='Nov 2023']").click()
    page.wait_for_url(re.compile(r"from=2023-11-01&to=2023-11-30$"))
    assert card_titles(page) == ["Biden and Xi meet at Woodside"]
    assert page.evaluate("() => window.notReloaded") is True  # htmx swapped, no page load
    # The narrowed chart has the one month; the chip removes the range.
    expect(page.locator("[data-testid=bar]")).to_have_count(1)
    expect(page.get_by_role("link", name="Remove filter From: 2023-11-01")).to_be_visible()
    assert_accessible(page)


def test_bar_link_works_with_javascript_off(page_nojs: Page):
    page_nojs.goto(RECENT)
    page_nojs.locator("[data-testid=bar][data-period='Apr 2024']").click()
    page_nojs.wait_for_url(re.compile(r"from=2024-04-01&to=2024-04-30$"))
    assert card_titles(page_nojs) == ["Austin and Dong hold a video call"]


def test_the_bars_are_links_a_keyboard_reaches(page: Page):
    page.goto(RECENT)
    bar = page.locator("[data-testid=bar][data-period='Nov 2023']")
    assert bar.get_attribute("aria-label").startswith("Nov 2023: 1 contact (1 in person)")
    bar.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"from=2023-11-01"))
    assert card_titles(page) == ["Biden and Xi meet at Woodside"]


def test_setting_a_gap_threshold_marks_the_silences(page: Page):
    page.goto("/?from=2022-04-01&to=2024-12-31")
    expect(page.locator("[data-testid=gap]")).to_have_count(0)
    open_more_filters(page)
    page.get_by_label("Mark silences of at least").fill("12")
    page.get_by_label("Mark silences of at least").press("Tab")  # change: the form submits
    page.wait_for_url(re.compile(r"gap=12"))
    marker = page.locator("[data-testid=gap]").first
    expect(marker).to_contain_text("18 months without a contact")
    expect(page.get_by_role("link", name="Remove filter Silences: 12+ months")).to_be_visible()
    assert_accessible(page)
    shoot(page, "timeline-silences")


def test_gap_threshold_with_javascript_off(page_nojs: Page):
    page_nojs.goto("/")  # the folded filters: opened by their summary
    open_more_filters(page_nojs)
    page_nojs.get_by_label("Mark silences of at least").fill("12")
    page_nojs.get_by_role("button", name="Apply filters").click()
    page_nojs.wait_for_url(re.compile(r"gap=12"))
    # 20 April 2022 to 15 November 2023, with whatever other tests added around them.
    expect(page_nojs.locator("[data-testid=gap]", has_text="18 months without a contact")
           ).to_have_count(1)


def test_download_a_filtered_csv(page: Page):
    page.goto("/?medium=video_conference&from=2024-01-01")
    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("link", name="CSV").click()
    path = download.value.path()
    assert download.value.suggested_filename == "contacts.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["title"] for r in rows] == ["Austin and Dong hold a video call"]
    assert rows[0]["medium"] == "video_conference"


def test_record_a_period_and_see_it_as_a_band(page: Page):
    page.goto("/periods/new")
    assert_accessible(page)
    page.get_by_role("button", name="Save period").click()  # empty: errors beside the fields
    expect(page.locator("#name-error")).to_contain_text("Required")
    expect(page.locator("#start-error")).to_contain_text("Required")
    page.get_by_label("Name").fill("E2E suspension of exchanges")
    page.get_by_label("Start").fill("2022-05-01")
    page.get_by_label("End", exact=True).fill("2021-01-01")
    page.get_by_role("button", name="Save period").click()
    expect(page.locator("#end-error")).to_contain_text("must not be before")
    page.get_by_label("End", exact=True).fill("2023-10-31")
    page.get_by_label("Summary").fill("Talks stopped after the drills.")
    page.get_by_role("button", name="Save period").click()
    page.wait_for_url(re.compile(r"/periods#period-\d+$"))
    item = page.locator("[data-testid=period]", has_text="E2E suspension of exchanges")
    expect(item).to_contain_text("1 May 2022 – 31 October 2023")
    shoot(page, "periods")
    # On the timeline: a band between the April 2022 call and the Woodside meeting, and a
    # shaded range behind the bars.
    page.goto("/?from=2022-04-01&to=2024-12-31&gap=12")
    band = page.locator("[data-testid=band]", has_text="E2E suspension of exchanges")
    expect(band).to_contain_text("E2E suspension of exchanges, May 2022 – Oct 2023")
    expect(page.locator(".legend-periods")).to_contain_text("E2E suspension of exchanges")
    assert page.locator("figure.rhythm rect.shade").count() >= 1
    assert_accessible(page)
    shoot(page, "timeline-bands")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.locator("figure.rhythm").screenshot(path=SCREENSHOTS / f"chart-{width}.png")
    # Edit, then delete it: the band goes.
    page.goto("/periods")
    page.get_by_role("link", name="Edit E2E suspension of exchanges").click()
    page.get_by_label("Name").fill("E2E suspension (renamed)")
    page.get_by_role("button", name="Save period").click()
    renamed = page.locator("[data-testid=period]", has_text="E2E suspension (renamed)")
    expect(renamed).to_be_visible()
    page.get_by_role("link", name="Delete E2E suspension (renamed)").click()
    page.get_by_role("button", name="Delete period").click()
    page.wait_for_url(re.compile(r"/periods$"))
    expect(page.locator("[data-testid=period]", has_text="E2E suspension")).to_have_count(0)


def test_stats_page(page: Page):
    page.goto("/stats")
    expect(page.get_by_role("heading", name="Statistics", level=1)).to_be_visible()
    assert int(page.locator("[data-testid=stat-total]").inner_text()) >= 3
    expect(page.locator("[data-testid=office-pairs]")).to_contain_text("Secretary of Defense")
    page.get_by_label("Only silences of at least (months)").fill("12")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/stats\?gap=12"))
    expect(page.locator("[data-testid=gaps] tbody tr").first).to_contain_text("months")
    assert_accessible(page)
    shoot(page, "stats")


def test_official_page_counterparts_by_medium(page: Page):
    page.goto("/officials/lloyd-austin")
    counterparts = page.locator("#counterparts-heading").locator("xpath=..")
    expect(counterparts).to_contain_text("Dong Jun")
    expect(counterparts).to_contain_text("Video conference 1")
    assert_accessible(page)
