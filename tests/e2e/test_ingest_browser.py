"""Ingest in Chromium (issue 3): paste the AP seed article into /ingest, review the Austin–Wei
candidate, save it and find it on the timeline with its source; the same with JavaScript off
(the EFE seed article).

On a server of its own, with the gazetteer and no events: the shared live server already holds
an Austin–Wei call, which the candidate would match (and other tests count its events).
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.services.editors import create_editor
from app.services.officials import import_gazetteer
from tests.e2e.conftest import EDITOR_NAME, EDITOR_PASSWORD, _page, _serve, sign_in
from tests.e2e.helpers import assert_accessible, shoot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
AP = json.loads((FIXTURES / "seed-004-ap-austin-wei.json").read_text(encoding="utf-8"))
EFE = json.loads((FIXTURES / "seed-000-efe-chase-huang.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ingest_url(request, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("ingest-server")
    url = f"sqlite:///{folder / 'ingest.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        import_gazetteer(session)
        session.commit()
        create_editor(session=session, username=EDITOR_NAME, password=EDITOR_PASSWORD)
    engine.dispose()
    for server in _serve(request, url, folder, "ingest"):
        yield server.url


def _signed_in(request, browser: Browser, url: str, **options) -> Iterator[Page]:
    for page in _page(request, browser, url, **options):
        page.goto("/login")
        sign_in(page)
        yield page


@pytest.fixture
def ingest_page(request, browser: Browser, ingest_url: str) -> Iterator[Page]:
    yield from _signed_in(request, browser, ingest_url)


@pytest.fixture
def ingest_page_nojs(request, browser: Browser, ingest_url: str) -> Iterator[Page]:
    yield from _signed_in(request, browser, ingest_url, java_script_enabled=False)


def paste(page: Page, article: dict, *, screenshot: str | None = None) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ingest").click()
    page.wait_for_url(re.compile(r"/ingest$"))
    if screenshot:
        assert_accessible(page)
        shoot(page, screenshot)
    page.get_by_label("Article text").fill(article["text"])
    page.get_by_label("Publisher").fill(article["publisher"])
    page.get_by_label("Published").fill(article["published"])
    page.get_by_role("button", name="Find the contacts").click()
    page.wait_for_url(re.compile(r"/ingest/\d+(\?again=1)?$"))


def test_paste_review_save_and_find_it_on_the_timeline(ingest_page: Page):
    page = ingest_page
    paste(page, AP, screenshot="ingest-form")
    cards = page.locator("article.candidate-card")
    expect(cards).to_have_count(5)
    first = page.locator("#candidate-1")
    expect(first.get_by_role("heading", name="Austin and Wei speak by phone")).to_be_visible()
    expect(first.get_by_role("link", name="Wei Fenghe")).to_be_visible()
    expect(first).to_contain_text("written “Wei Fenge”")
    # The evidence is marked in the article and leads to its card.
    page.locator(".article-text a.evidence-ref[href='#candidate-1']").first.click()
    assert page.url.endswith("#candidate-1")
    assert_accessible(page)
    shoot(page, "ingest-result")
    shoot(page, "ingest-result-card", element=first)
    shoot(page, "ingest-result-head", element=page.locator(".ingest-result > h1"))

    first.get_by_role("link", name="Review and save contact 1").click()
    page.wait_for_url(re.compile(r"/ingest/\d+/candidates/1$"))
    expect(page.get_by_label("Title", exact=True)).to_have_value("Austin and Wei speak by phone")
    expect(page.locator("#participants-1-name")).to_have_value("Wei Fenghe")
    expect(page.locator("#participants-1-match")).to_contain_text("On record")
    expect(page.locator("#sources-0-publisher")).to_have_value("AP")
    assert_accessible(page)
    shoot(page, "ingest-review")
    page.get_by_role("button", name="Save event").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Austin and Wei speak by phone")

    page.goto("/")
    card = page.locator("[data-testid=event-card]", has_text="Austin and Wei speak by phone")
    expect(card).to_contain_text("1 source")
    card.get_by_role("link", name="Austin and Wei speak by phone").click()
    page.wait_for_url(event_url)
    source = page.locator("article.source")
    expect(source).to_contain_text("AP")
    expect(source).to_contain_text("Secretary of Defense Lloyd Austin spoke")
    source.get_by_role("link", name="The stored article").click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    expect(page.get_by_role("link", name="Austin and Wei speak by phone")).to_be_visible()
    assert_accessible(page)

    # The article again: found, not stored twice, and the saved contact says so.
    paste(page, AP)
    expect(page.locator("#ingested-before")).to_contain_text("not stored twice")
    expect(page.locator("#candidate-1")).to_contain_text("Saved")


def test_the_same_flow_without_javascript(ingest_page_nojs: Page):
    page = ingest_page_nojs
    paste(page, EFE)
    card = page.locator("#candidate-1")
    expect(card.get_by_role("heading", name="Chase and Huang hold a video call")).to_be_visible()
    card.get_by_role("link", name="Review and save contact 1").click()
    page.wait_for_url(re.compile(r"/ingest/\d+/candidates/1$"))
    expect(page.get_by_label("End date")).to_have_value("2021-09-29")
    page.get_by_role("button", name="Save event").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    expect(page.locator("article.source")).to_contain_text("EFE")

    page.goto("/?from=2021-09-01&to=2021-09-30")
    card = page.locator("[data-testid=event-card]", has_text="Chase and Huang hold a video call")
    expect(card).to_contain_text("1 source")
    # A matching contact is offered as a source of the event just saved.
    paste(page, {**EFE, "text": EFE["text"] + "\n\nReported again."})
    offer = page.locator("#candidate-1 form.add-to-form")
    expect(offer).to_contain_text("Chase and Huang hold a video call")
    offer.get_by_role("button", name="Add this article as a source").click()
    page.wait_for_url(re.compile(r"/events/\d+#sources$"))
    expect(page.locator("article.source")).to_have_count(2)
