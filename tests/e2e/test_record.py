"""The whole shipped record in Chromium: 25 years of headings, declined and uncertain contacts,
Wei Fenghe's page, both readouts side by side, and the README's screenshot."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import ARTIFACTS, assert_accessible, shoot

README_SHOT = ARTIFACTS / "readme" / "screenshot-timeline.png"
YEARS = [str(y) for y in range(2025, 1999, -1)]


def card_titles(page: Page) -> list[str]:
    return page.locator("[data-testid=event-card] .card-title").all_inner_texts()


def test_readme_screenshot_of_the_timeline(record_page: Page):
    """`make screenshot` copies this picture to docs/screenshot-timeline.png."""
    record_page.goto("/")
    expect(record_page.locator(".year-heading").first).to_have_text("2025")
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    record_page.screenshot(path=README_SHOT, animations="disabled")  # 1280 x 900, the top
    assert README_SHOT.stat().st_size > 20_000


def test_on_a_phone_the_results_start_on_the_first_screen(record_page: Page):
    """At 390 x 844 the filter panel takes at most half the screen and the result count is on the
    first screen; the official field keeps its label and hint for screen readers, and
    shows the hint at 1280 px."""
    page = record_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    panel = page.locator("#filters").bounding_box()
    assert panel["height"] <= 844 / 2, panel  # it was 513 px before the panel was compacted
    box = page.locator("#results-heading").bounding_box()
    assert box["y"] + box["height"] <= 844, box
    who = page.get_by_role("searchbox", name="Add an official")
    expect(who).to_have_attribute("placeholder", "Name, alias or misspelling")
    expect(who).to_have_accessible_description("Part of a name, an alias or a misspelling.")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_text("Part of a name, an alias or a misspelling.")).to_be_visible()


def test_load_more_walks_the_record_back_to_2000(record_page: Page):
    page = record_page
    page.goto("/")
    total = int(page.locator("#results-heading").inner_text().split()[0])
    assert total == 87
    page.evaluate("() => { window.notReloaded = true }")
    while page.get_by_role("link", name="Load more").count():
        before = page.locator("[data-testid=event-card]").count()
        page.get_by_role("link", name="Load more").click()
        expect(page.locator("[data-testid=event-card]")).not_to_have_count(before)
    assert page.evaluate("() => window.notReloaded") is True  # htmx appended; no page load
    assert page.locator(".year-heading").all_inner_texts() == YEARS
    assert page.locator("[data-testid=event-card]").count() == total
    assert page.url.endswith("/")  # "Load more" pushes no address
    assert_accessible(page)
    shoot(page, "record-timeline")


def test_declined_contacts_look_different_from_held_ones(record_page: Page):
    page = record_page
    page.goto("/?status=held&status=declined&from=2022-06-01&to=2023-06-30")
    declined = page.locator("[data-testid=event-card].status-declined").first
    held = page.locator("[data-testid=event-card].status-held").first
    expect(declined.locator(".status-badge")).to_have_text(re.compile("Declined"))

    def look(card) -> dict:
        return card.evaluate(
            "el => { const s = getComputedStyle(el); return {border: s.borderTopStyle, "
            "image: s.backgroundImage, color: s.borderTopColor} }"
        )

    a, b = look(declined), look(held)
    assert (a["border"], b["border"]) == ("dashed", "solid")
    assert a["image"] != "none" and b["image"] == "none" and a["color"] != b["color"]
    assert_accessible(page)
    shoot(page, "record-declined")


def test_certainty_filter_leaves_out_uncertain_contacts(record_page: Page):
    page = record_page
    page.goto("/")
    expect(page.locator(".uncertain-badge").first).to_be_visible()
    page.locator("details.more-filters > summary").click()
    page.get_by_role("radio", name=re.compile("^Firm only")).check()
    page.wait_for_url(re.compile(r"/\?certainty=firm$"))
    expect(page.get_by_role("link", name="Remove filter Certainty: Firm only")).to_be_visible()
    expect(page.locator(".uncertain-badge")).to_have_count(0)
    firm = int(page.locator("[data-testid=count-certainty-firm]").inner_text())
    expect(page.locator("#results-heading")).to_have_text(f"{firm} events")
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".uncertain-badge").first).to_be_visible()


def test_wei_fenghe_page(record_page: Page):
    page = record_page
    page.goto("/officials")
    page.get_by_label("Find an official").fill("Wei Fenge")
    page.get_by_role("link", name="Wei Fenghe").first.click()
    page.wait_for_url(re.compile(r"/officials/wei-fenghe$"))
    expect(page.locator("[data-testid=title-span]")).to_have_text(
        re.compile(r"^Minister of National Defense 2018–2023")
    )
    table = page.locator(".counterparts-table")
    for name in ("James Mattis", "Patrick Shanahan", "Mark Esper", "Lloyd Austin"):
        expect(table.get_by_role("link", name=name)).to_be_visible()
    assert page.locator(".year-heading").all_inner_texts() == ["2023", "2022", "2020", "2019",
                                                               "2018"]
    assert_accessible(page)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        # The counterparts table fits its column: nothing cut off, no sideways scrolling.
        overflow = page.locator(".counterparts-table").evaluate(
            "t => t.parentElement.scrollWidth - t.parentElement.clientWidth"
        )
        assert overflow <= 0, (width, overflow)
        last = page.locator(".counterparts-table tbody tr").first.locator("td").last
        region = page.locator(".counterparts-table").locator("xpath=..").bounding_box()
        box = last.bounding_box()
        assert box["x"] + box["width"] <= region["x"] + region["width"] + 1, width
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "record-official-wei-fenghe")
    page.get_by_role("link", name="Lloyd Austin").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lloyd Austin")


def test_both_readouts_side_by_side(record_page: Page):
    page = record_page
    page.goto("/?q=Tillerson")
    page.get_by_role("link", name="Mattis and Tillerson meet Yang and Fang in Washington").click()
    us = page.get_by_role("region", name="US readout")
    cn = page.get_by_role("region", name="Chinese readout")
    expect(us).to_contain_text("US Department of Defense")
    expect(cn).to_contain_text("China Military Online")
    a, b = us.bounding_box(), cn.bounding_box()
    assert a["x"] + a["width"] <= b["x"] and abs(a["y"] - b["y"]) < 2  # beside each other
    expect(page.get_by_test_id("office-pair")).to_have_text("Secretary of State – State Councilor")
    assert_accessible(page)
    shoot(page, "record-event-readouts")
    page.set_viewport_size({"width": 390, "height": 844})
    a, b = us.bounding_box(), cn.bounding_box()
    assert b["y"] >= a["y"] + a["height"]  # stacked on a phone


def test_uncertain_event_page_says_why(record_page: Page):
    page = record_page
    page.goto("/?certainty=uncertain")
    page.locator("[data-testid=event-card] .card-title a").first.click()
    notice = page.get_by_role("note")
    expect(notice).to_contain_text("Uncertain record.")
    assert len(notice.inner_text()) > 40
    assert_accessible(page)
    shoot(page, "record-event-uncertain")


def test_topic_and_officials_pages_on_the_record(record_page: Page):
    page = record_page
    page.goto("/topics/taiwan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Topic: Taiwan")
    assert len(card_titles(page)) > 10
    assert_accessible(page)
    shoot(page, "record-topic-taiwan")
    page.goto("/officials")
    with_contacts = page.locator(".officials-table tbody tr").count()
    assert 50 < with_contacts < 150
    assert_accessible(page)
    shoot(page, "record-officials")
    page.get_by_role("link", name="Everyone the gazetteer knows, with or without contacts").click()
    page.wait_for_url(re.compile(r"/officials\?all=1$"))
    assert page.locator(".officials-table tbody tr").count() > with_contacts
