"""The event form in Chromium: inline date checks, official suggestions, rows added in place,
the same without JavaScript, keyboard submit, accessibility and screenshots."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, fill_event_form, shoot


def test_date_is_checked_as_you_leave_it(page: Page):
    page.goto("/events/new")
    page.get_by_label("Date", exact=True).fill("2022-02-30")
    page.keyboard.press("Tab")
    error = page.locator("#date-error")
    expect(error).to_contain_text("Enter a real date")
    expect(page.locator("#date_precision")).to_be_focused()  # the swap does not steal focus
    expect(page.get_by_label("Date", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Date", exact=True).fill("2022-04-20")
    page.get_by_label("End date").fill("2022-04-19")
    page.keyboard.press("Tab")
    expect(page.locator("#end_date-error")).to_contain_text("must not be before the date")
    expect(page.locator("#date-error")).to_have_count(0)


def test_official_suggestions_fill_the_datalist(page: Page):
    page.goto("/events/new")
    page.locator("#participants-0-name").fill("austin")
    options = page.locator("#participants-0-suggestions option")
    expect(options.first).to_have_attribute("value", "Lloyd Austin")
    page.locator("#participants-0-name").fill("Lloyd Austin")
    page.keyboard.press("Tab")
    expect(page.locator("#participants-0-match")).to_have_text("On record: Lloyd Austin (United States).")
    expect(page.locator("#participants-0-side")).to_be_focused()
    page.locator("#participants-1-name").fill("Someone Unheardof")
    page.keyboard.press("Tab")
    expect(page.locator("#participants-1-match")).to_contain_text("saving adds a new person")


def test_add_another_participant_in_place(page: Page):
    page.goto("/events/new")
    page.locator("#participants-0-name").fill("Lloyd Austin")
    page.get_by_label("Title", exact=True).fill("Kept while rows are added")
    page.get_by_role("button", name="Add another participant").click()
    expect(page.locator("#participants-2-name")).to_be_focused()
    expect(page.locator("#participants-0-name")).to_have_value("Lloyd Austin")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Kept while rows are added")
    assert page.url.endswith("/events/new")


def test_add_another_participant_and_errors_without_javascript(page_nojs: Page):
    page = page_nojs
    page.goto("/events/new")
    page.locator("#participants-0-name").fill("Lloyd Austin")
    page.get_by_role("button", name="Add another participant").click()
    expect(page.locator("#participants-2-name")).to_be_visible()
    expect(page.locator("#participants-0-name")).to_have_value("Lloyd Austin")
    response_status = {}
    page.on("response", lambda r: response_status.setdefault(r.url, r.status))
    page.get_by_role("button", name="Save event").first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#title-error")).to_have_text(re.compile("Required"))
    assert 422 in response_status.values()


def test_add_an_event_with_the_keyboard(page: Page):
    page.goto("/events/new")
    fill_event_form(page, date="2019-06-02", medium="in_person_meeting", names=["E2E Form Person"],
                    publisher="E2E Wire", title="E2E form meeting at Shangri-La")
    page.locator("#participants-1-title").fill("E2E delegation")
    with page.expect_navigation():
        page.get_by_label("Title", exact=True).press("Enter")  # Enter presses the first button: Save, not "Add another"
    assert re.search(r"/events/\d+$", page.url)


def test_form_states_are_accessible(page: Page):
    page.goto("/events/new")
    assert_accessible(page)
    shoot(page, "event-form-new")
    page.get_by_label("Date", exact=True).fill("2022-02-30")
    page.get_by_label("Duration (minutes)").fill("forty")
    page.get_by_role("button", name="Save event").first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    shoot(page, "event-form-errors")
    # Same day as a known call, same person: the duplicate warning.
    page.get_by_label("Date", exact=True).fill("2022-04-21")
    page.get_by_label("Duration (minutes)").fill("")
    page.get_by_label("Title", exact=True).fill("E2E possible duplicate")
    page.get_by_label("Medium").select_option("phone_call")
    page.locator("#participants-0-name").fill("Lloyd Austin")
    page.get_by_label("Publisher").fill("E2E Wire")
    page.get_by_role("button", name="Save event").first.click()
    expect(page.locator("#duplicates")).to_be_visible()
    assert_accessible(page)
    shoot(page, "event-form-duplicate")
