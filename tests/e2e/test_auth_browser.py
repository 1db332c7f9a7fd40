"""Editors in a real browser: sign in through the form and add an event, what visitors see,
sign out (with and without JavaScript), failed sign-in, and no Content-Security-Policy
violation on any page while htmx keeps working."""

import re

import pytest
from playwright.sync_api import Page, expect

from app.services.editors import end_session
from app.web.session import COOKIE
from tests.e2e.conftest import EDITOR_NAME, TIMEOUT_MS, VIEWPORT, sign_in
from tests.e2e.helpers import assert_accessible, fill_event_form, shoot, wait_for_htmx_idle


def header(page: Page):
    return page.get_by_role("banner")


def test_sign_in_through_the_form_and_add_an_event(page_anon: Page):
    page = page_anon
    page.goto("/events/new")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fevents%2Fnew$"))
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/events/new$"))
    expect(header(page)).to_contain_text(f"Signed in as {EDITOR_NAME}")
    # People of its own: other browser tests filter the shared server by the known officials.
    fill_event_form(page, date="2018-10-18", medium="in_person_meeting",
                    names=["E2E Auth Secretary", "E2E Auth Minister"], publisher="E2E Auth Wire",
                    title="E2E auth: two ministers meet in Singapore")
    with page.expect_navigation():
        page.get_by_role("button", name="Save event").first.click()
    expect(page).to_have_url(re.compile(r"/events/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "E2E auth: two ministers meet in Singapore")
    expect(page.get_by_role("link", name="Edit this event")).to_be_visible()


def test_a_visitor_sees_no_write_buttons(page_anon: Page):
    page = page_anon
    page.goto("/")
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("link", name="Add event")).to_have_count(0)
    page.locator("[data-testid=event-card] .card-title a").first.click()
    expect(page).to_have_url(re.compile(r"/events/\d+$"))
    expect(page.get_by_role("link", name="Edit this event")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Delete"))).to_have_count(0)
    expect(header(page).get_by_role("button", name="Sign out")).to_have_count(0)


def test_an_editor_sees_them(page: Page):
    page.goto("/")
    expect(header(page)).to_contain_text(f"Signed in as {EDITOR_NAME}")
    expect(page.get_by_role("link", name="Add event")).to_be_visible()
    page.locator("[data-testid=event-card] .card-title a").first.click()
    expect(page.get_by_role("link", name="Edit this event")).to_be_visible()
    expect(page.get_by_role("button", name="Delete this event")).to_be_visible()


def test_sign_out_from_the_header(page_anon: Page):
    page = page_anon
    page.goto("/login")
    sign_in(page)
    expect(header(page)).to_contain_text(f"Signed in as {EDITOR_NAME}")
    with page.expect_navigation():
        header(page).get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/events/new")
    expect(page).to_have_url(re.compile(r"/login\?next="))


@pytest.fixture
def fresh_page_nojs(browser, live_url) -> Page:
    """JavaScript off, with a session of its own (page_nojs shares the signed-in one)."""
    context = browser.new_context(base_url=live_url, viewport=VIEWPORT, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_sign_in_and_out_without_javascript(fresh_page_nojs: Page):
    page = fresh_page_nojs
    page.goto("/logout")
    expect(page.get_by_text("You are not signed in")).to_be_visible()
    page.goto("/login?next=/officials")
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/officials$"))
    page.goto("/logout")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()


def test_a_failed_sign_in_says_so_and_the_page_is_accessible(page_anon: Page):
    page = page_anon
    page.goto("/login")
    expect(page.get_by_label("Username")).to_be_focused()
    assert_accessible(page)
    shoot(page, "login")
    # A name that is no editor's, so the shared editor is never throttled.
    sign_in(page, username="no-such-editor", password="not the password")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page.get_by_label("Username")).to_have_value("no-such-editor")
    expect(page.get_by_label("Password")).to_be_focused()
    assert_accessible(page)
    shoot(page, "login-error")


def _watch_csp(page: Page, problems: list[str]) -> None:
    """Collect every CSP violation (reported as console errors) into `problems`."""
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text)
            else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('Content Security Policy violation: ' + e.violatedDirective + ' '
                      + e.blockedURI));""")


def test_no_csp_violation_on_any_page_and_htmx_still_works(page: Page, page_anon: Page):
    problems: list[str] = []
    _watch_csp(page, problems)
    _watch_csp(page_anon, problems)
    pages = ["/", "/?medium=phone_call", "/officials", "/officials/lloyd-austin", "/topics/taiwan",
             "/events/new", "/login", "/logout", "/no/such/page"]
    for url in pages:
        page.goto(url)
        expect(page.locator("h1").first).to_be_visible()
        page_anon.goto(url)
    page.goto("/")
    page.locator("[data-testid=event-card] .card-title a").first.click()
    event_url = page.url
    page.goto(event_url + "/edit")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit:")
    # htmx: an inline date check (a POST carrying the CSRF header) swaps in place ...
    page.get_by_label("Date", exact=True).fill("2022-02-30")
    page.keyboard.press("Tab")
    expect(page.locator("#date-error")).to_contain_text("Enter a real date")
    # ... and a filter change swaps the results without a page load.
    page.goto("/")
    page.evaluate("() => { window.notReloaded = true }")
    page.get_by_role("checkbox", name="Video conference").check()
    page.wait_for_url(re.compile(r"medium=video_conference"))
    wait_for_htmx_idle(page)
    # Typing in "Add an official" suggests but does not submit the filters (no eval needed).
    page.get_by_label("Add an official", exact=True).fill("austin")
    expect(page.get_by_role("button", name=re.compile("Lloyd Austin"))).to_be_visible()
    page.keyboard.press("Tab")
    page.wait_for_timeout(600)
    assert "who=" not in page.url
    assert page.evaluate("() => window.notReloaded") is True
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0
    assert problems == []


def test_htmx_goes_to_sign_in_when_the_session_has_ended(page_anon: Page, live_session):
    page = page_anon
    page.goto("/login?next=/events/new")
    sign_in(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE)
    end_session(session=live_session, token=cookie["value"])  # as if it expired meanwhile
    page.get_by_role("button", name="Add another participant").click()  # an htmx POST
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fevents%2Fnew$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
