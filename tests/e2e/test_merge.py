"""Merging in Chromium: from the event page's "Merge with another event…" to the side-by-side
comparison, the merge, the merged event's page pointing at the survivor, and the undo from the
history; without JavaScript too (plain links and form posts)."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, shoot
from tests.factories import make_event


def a_pair(live_session, tag: str):
    """One contact recorded twice (a US and a Chinese report), with people and a topic of
    their own: other browser tests filter the shared server's events and expect only theirs."""
    people = [{"name": f"E2E Merge Envoy {tag}", "side": "US", "title": "Special Envoy"},
              {"name": f"E2E Merge General {tag}", "side": "CN", "title": ""}]
    survivor = make_event(live_session, title=f"E2E merge US report {tag}", date=date(2018, 6, 5),
                          medium="other", topics=["E2E merge topic"], participants=people,
                          sources=[{"url": f"https://example.org/us-{tag}", "publisher": "DoD",
                                    "kind": "us_readout", "quote": "The envoy met the general."}])
    other = make_event(live_session, title=f"E2E merge CN report {tag}", date=date(2018, 6, 6),
                       medium="other", topics=["E2E merge topic", "E2E merge second topic"],
                       location="Beijing",
                       participants=[people[1] | {"title": "Deputy Chief of Staff"}, people[0]],
                       sources=[{"url": f"https://example.org/cn-{tag}", "publisher": "Xinhua",
                                 "kind": "cn_readout", "quote": "The general met the envoy."}])
    return survivor, other


def test_merge_then_undo(page: Page, live_session):
    survivor, other = a_pair(live_session, "js")
    page.goto(f"/events/{survivor.id}")
    page.get_by_text("Merge with another event…").click()
    candidates = page.get_by_test_id("merge-candidates")
    expect(candidates).to_contain_text(other.title)
    shoot(page, "merge-picker", element=page.locator("#merge"))
    candidates.get_by_role("link", name=f"Compare with event {other.id}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Merge event {other.id} into event {survivor.id}?")
    expect(page.locator("#merge-changes")).to_contain_text("Location set to Beijing")
    expect(page.locator("#merge-changes")).to_contain_text("Source added: Xinhua")
    assert_accessible(page)
    shoot(page, "merge-confirm")

    page.get_by_role("button", name=f"Merge event {other.id} into event {survivor.id}").click()
    expect(page).to_have_url(re.compile(rf"/events/{survivor.id}$"))
    expect(page.locator(".facts")).to_contain_text("Beijing")
    expect(page.get_by_role("heading", name="Chinese readout")).to_be_visible()
    latest = page.locator("#history li.revision").first
    expect(latest.locator(".revision-action")).to_have_text("Merged")
    expect(latest).to_contain_text(f"Merged event {other.id}")
    shoot(page, "merge-survivor-history", element=page.locator("#history"))

    page.goto(f"/events/{other.id}")
    notice = page.locator("#deleted")
    expect(notice).to_contain_text("This event was merged into another")
    assert_accessible(page)
    shoot(page, "merge-merged-page")
    notice.get_by_role("link", name=re.compile(f"event {survivor.id}")).click()
    expect(page).to_have_url(re.compile(rf"/events/{survivor.id}$"))

    page.get_by_role("button", name="Undo this merge").click()
    expect(page).to_have_url(re.compile(rf"/events/{survivor.id}#history$"))
    expect(page.locator("#history li.revision").first).to_contain_text(
        f"Undid the merge of event {other.id}")
    expect(page.locator(".facts")).not_to_contain_text("Beijing")
    page.goto(f"/events/{other.id}")
    expect(page.locator("#deleted")).to_have_count(0)
    expect(page.locator("#history li.revision").first).to_contain_text(
        f"Undid the merge into event {survivor.id}")


def test_merge_and_undo_without_javascript(page_nojs: Page, live_session):
    page = page_nojs
    survivor, other = a_pair(live_session, "nojs")
    page.goto(f"/events/{survivor.id}")
    page.get_by_text("Merge with another event…").click()
    page.get_by_label("Number of the other event").fill(str(other.id))
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("button", name=f"Merge event {other.id} into event {survivor.id}").click()
    expect(page.locator(".facts")).to_contain_text("Beijing")
    page.goto(f"/events/{other.id}")
    page.get_by_role("button", name="Undo the merge").click()
    expect(page).to_have_url(re.compile(rf"/events/{survivor.id}#history$"))
    page.goto(f"/events/{other.id}")
    expect(page.locator("#deleted")).to_have_count(0)
    expect(page.locator(".facts")).to_contain_text("Beijing")
