"""History in Chromium: an edit shows in the event's history with what changed, a delete and a
restore (without JavaScript too), an earlier version restored, and two editors in two browser
contexts: the second save is refused with what the first one changed."""

import re
from datetime import date

from playwright.sync_api import Browser, Page, expect

from app.services.editors import create_editor
from tests.e2e.conftest import EDITOR_NAME, EDITOR_PASSWORD, TIMEOUT_MS, VIEWPORT, sign_in
from tests.e2e.helpers import assert_accessible, shoot
from tests.factories import make_event


def an_event(live_session, title: str):
    # People, a medium and a topic of their own: the timeline tests filter the shared server's
    # events by phone call, by Wei Fenghe and by Taiwan and expect only their own.
    return make_event(live_session, title=title, date=date(2019, 3, 7), medium="other",
                      topics=["E2E history topic"],
                      participants=[{"name": "E2E History Envoy", "side": "US",
                                     "title": "Special Envoy"},
                                    {"name": "E2E History General", "side": "CN",
                                     "title": "Deputy Chief of Staff"}])


def test_an_edit_shows_in_the_history_with_what_changed(page: Page, live_session):
    event = an_event(live_session, "E2E history call")
    page.goto(f"/events/{event.id}/edit")
    page.get_by_label("Medium").select_option("written")
    page.get_by_label("Channel").fill("Defense Telephone Link")
    page.get_by_role("button", name="Save event").first.click()
    expect(page).to_have_url(re.compile(rf"/events/{event.id}$"))
    history = page.locator("#history")
    latest = history.locator("li.revision").first
    expect(latest.locator(".revision-action")).to_have_text("Edited")
    medium = latest.locator("li.change", has_text="Medium:")
    expect(medium.locator("del")).to_have_text("Other")
    expect(medium.locator("ins")).to_have_text("Written")
    channel = latest.locator("li.change", has_text="Channel")
    expect(channel).to_have_text("Channel set to Defense Telephone Link")
    expect(history.locator("li.revision").nth(1).locator(".revision-action")).to_have_text("Created")
    assert_accessible(page)
    shoot(page, "event-history")
    shoot(page, "event-history-section", element=history)

    # Bring back version 1: a new version, and the history says so.
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.locator("#history li.revision").first.locator(".revision-action")).to_have_text(
        "Restored")
    expect(page.locator(".facts")).to_contain_text("Other")
    expect(page.get_by_text("Version 3 ·")).to_be_visible()


def test_the_timeline_card_follows_each_edit_and_restore(page: Page, live_session):
    """Cards are kept per version of their event (app/web/cards.py): the card seen before an
    edit never stands in for the edited event, nor the edited one after a restore."""
    event = an_event(live_session, "E2E card follows edits")
    card = page.locator(f'article:has(a[href="/events/{event.id}"])')
    page.goto("/?q=E2E+card+follows+edits")
    expect(card.locator(".badge").first).to_have_text("Medium: Other")
    page.goto(f"/events/{event.id}/edit")
    page.locator("input[name=title]").fill("E2E card follows edits, renamed")
    page.get_by_label("Medium").select_option("written")
    page.get_by_role("button", name="Save event").first.click()
    expect(page).to_have_url(re.compile(rf"/events/{event.id}$"))
    page.goto("/?q=E2E+card+follows+edits")
    expect(card.locator(".card-title")).to_have_text("E2E card follows edits, renamed")
    expect(card.locator(".badge").first).to_have_text("Medium: Written")
    page.goto(f"/events/{event.id}")
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.locator("#history li.revision").first.locator(".revision-action")).to_have_text(
        "Restored")
    page.goto("/?q=E2E+card+follows+edits")
    expect(card.locator(".card-title")).to_have_text("E2E card follows edits")
    expect(card.locator(".badge").first).to_have_text("Medium: Other")


def test_delete_and_restore_without_javascript(page_nojs: Page, live_session):
    page = page_nojs
    event = an_event(live_session, "E2E deleted then restored")
    page.goto(f"/events/{event.id}")
    page.get_by_role("button", name="Delete this event").click()
    notice = page.locator("#deleted")
    expect(notice).to_contain_text("This event was deleted")
    expect(notice).to_contain_text(f"by {EDITOR_NAME}")
    expect(page.get_by_role("link", name="Edit this event")).to_have_count(0)
    page.goto("/?q=E2E+deleted+then+restored")
    expect(page.locator(f'a[href="/events/{event.id}"]')).to_have_count(0)

    page.goto(f"/events/{event.id}")
    page.get_by_role("button", name="Restore this event").click()
    expect(page.locator("#deleted")).to_have_count(0)
    expect(page.locator("#history li.revision").first).to_contain_text("Restored the deleted event")
    page.goto("/?q=E2E+deleted+then+restored")
    expect(page.locator(f'a[href="/events/{event.id}"]').first).to_be_visible()


def test_the_deleted_page_is_accessible(page: Page, live_session):
    # axe-core needs JavaScript: this is the same page as above, with it on.
    event = an_event(live_session, "E2E deleted page")
    page.goto(f"/events/{event.id}")
    page.get_by_role("button", name="Delete this event").click()
    expect(page.locator("#deleted")).to_be_visible()
    assert_accessible(page)
    shoot(page, "event-deleted")
    page.get_by_role("button", name="Restore this event").click()
    expect(page.locator("#deleted")).to_have_count(0)


def _editor_page(browser: Browser, live_url: str, username: str) -> Page:
    """A browser of its own, signed in through the form as `username`."""
    context = browser.new_context(base_url=live_url, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/login")
    sign_in(page, username=username, password=EDITOR_PASSWORD)
    return page


def test_two_editors_the_second_save_is_refused_with_the_changes(browser: Browser, live_url,
                                                                  live_session):
    event = an_event(live_session, "E2E two editors")
    create_editor(session=live_session, username="e2e-second-editor", password=EDITOR_PASSWORD)
    first = _editor_page(browser, live_url, EDITOR_NAME)
    second = _editor_page(browser, live_url, "e2e-second-editor")
    try:
        for p in (first, second):
            p.goto(f"/events/{event.id}/edit")
        first.get_by_label("Title", exact=True).fill("E2E two editors: first")
        first.get_by_label("Status").select_option("postponed")
        first.get_by_role("button", name="Save event").first.click()
        expect(first).to_have_url(re.compile(rf"/events/{event.id}$"))

        second.get_by_label("Title", exact=True).fill("E2E two editors: second")
        second.get_by_role("button", name="Save event").first.click()
        conflict = second.locator("#conflict")
        expect(conflict).to_contain_text("not saved")
        expect(conflict).to_contain_text(f"saved by {EDITOR_NAME}")
        changes = second.locator("#conflict-changes")
        expect(changes).to_contain_text("Title: E2E two editors")
        expect(changes).to_contain_text("E2E two editors: first")
        expect(changes).to_contain_text("Status: Held")
        expect(second.get_by_label("Title", exact=True)).to_have_value("E2E two editors: second")
        assert_accessible(second)
        shoot(second, "event-conflict")
        shoot(second, "event-conflict-message", element=conflict)

        # Saving again, knowingly, replaces version 2: both versions are in the history.
        second.get_by_role("button", name="Save event").first.click()
        expect(second).to_have_url(re.compile(rf"/events/{event.id}$"))
        entries = second.locator("#history li.revision")
        expect(entries).to_have_count(3)
        expect(entries.nth(0)).to_contain_text("E2E two editors: second")
        expect(entries.nth(0).locator(".revision-editor")).to_have_text("e2e-second-editor")
        expect(entries.nth(1)).to_contain_text("E2E two editors: first")
        expect(entries.nth(1).locator(".revision-editor")).to_have_text(EDITOR_NAME)
    finally:
        first.context.close()
        second.context.close()
