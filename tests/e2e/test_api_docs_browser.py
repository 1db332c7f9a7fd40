"""/docs in Chromium: Swagger UI from the local npm copy lists the API and runs a request,
under the page's own Content-Security-Policy."""

from playwright.sync_api import Page, expect

from tests.e2e.helpers import shoot
from tests.e2e.test_auth_browser import _watch_csp


def test_the_api_explorer_lists_the_operations_and_tries_one(page_anon: Page):
    page = page_anon
    problems: list[str] = []
    _watch_csp(page, problems)
    page.goto("/docs")
    operation = page.locator(".opblock-summary", has_text="/api/events").first
    expect(operation).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/officials").first).to_be_visible()
    operation.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    shoot(page, "api-docs")
    assert problems == []
