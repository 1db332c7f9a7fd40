"""The browser harness against what every page has: the layout, htmx, error pages."""

import pytest

from app.config import HTMX_SRI, HTMX_VERSION
from tests.e2e.helpers import assert_accessible, axe_violations, shoot
from tests.e2e.server import HTMX_LOCAL_URL, LiveServer, ServerError


def test_not_found_page_is_an_app_page_and_accessible(page):
    response = page.goto("/no/such/page")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").count() == 1
    assert_accessible(page)
    shoot(page, "not-found")


def test_htmx_is_served_locally_and_its_integrity_hash_matches(page):
    page.goto("/no/such/page")
    script = page.locator(f'script[src="{HTMX_LOCAL_URL}"]')
    assert script.get_attribute("integrity") == HTMX_SRI
    # The browser runs the script only when the file matches the hash, so this proves both.
    assert page.evaluate("() => window.htmx && window.htmx.version") == HTMX_VERSION


def test_a_page_loads_with_javascript_off(page_nojs):
    response = page_nojs.goto("/no/such/page")
    assert response.status == 404
    assert page_nojs.get_by_role("link", name="Back to the timeline").get_attribute("href") == "/"
    assert page_nojs.evaluate("() => typeof window.htmx") == "undefined"


def test_axe_reports_a_serious_violation(page):
    # An image without alt text is a critical violation: proves the checker really runs.
    page.set_content("<!doctype html><html lang='en'><title>t</title><main><img src='x.png'></main>")
    ids = [v["id"] for v in axe_violations(page)]
    assert "image-alt" in ids
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_screenshots_are_saved_at_both_widths(page):
    page.goto("/no/such/page")
    paths = shoot(page, "harness-check")
    assert [p.name for p in paths] == ["harness-check-1280.png", "harness-check-390.png"]
    assert all(p.stat().st_size > 0 for p in paths)
    assert page.viewport_size == {"width": 1280, "height": 900}


def test_missing_htmx_file_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.e2e.server.HTMX_LOCAL_FILE", tmp_path / "htmx.min.js")
    server = LiveServer(database_url="sqlite://", log_path=tmp_path / "log")
    with pytest.raises(ServerError, match="make vendor"):
        server.start()
