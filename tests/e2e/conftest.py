"""Browser tests: one real uvicorn server and one Chromium per test session (per xdist worker).

Every test under tests/e2e/ is marked `e2e` and runs in the default `pytest` run.
Fixtures: live_url, live_server, live_data, live_session, live_editor, browser, page (signed in
as live_editor), page_anon (a visitor), page_nojs (signed in, JavaScript off); record_url and
record_page (a visitor) for a second server that holds the whole shipped record.
"""

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.services.editors import SignedInEditor, create_editor
from tests.e2e.helpers import ARTIFACTS
from tests.e2e.server import LiveServer
from tests.factories import make_event

HERE = os.path.dirname(__file__)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
EDITOR_NAME = "e2e-editor"
EDITOR_PASSWORD = "e2e password that is long"
TIMEOUT_MS = 10_000
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def pytest_collection_modifyitems(items):
    for item in items:
        if str(item.path).startswith(HERE + os.sep):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


# --- the database the live server reads ---------------------------------------------------------

@pytest.fixture(scope="session")
def live_db_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("live") / "live.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def live_engine(live_db_url: str) -> Iterator[Engine]:
    engine = make_engine(live_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def live_data(live_engine: Engine) -> list:
    """What the live server has when it starts. The hook for test data: override this fixture
    (session scope) to load something else, e.g. the demo seed."""
    with Session(live_engine) as session:
        return [
            make_event(session),
            make_event(session, date=date(2023, 11, 15), medium="in_person_meeting",
                       title="Biden and Xi meet at Woodside", category="leader",
                       participants=[{"name": "Joe Biden", "side": "US", "title": "President"},
                                     {"name": "Xi Jinping", "side": "CN", "title": "President"}],
                       topics=["Military relations"]),
            make_event(session, date=date(2024, 4, 16), medium="video_conference",
                       title="Austin and Dong hold a video call",
                       participants=[{"name": "Lloyd Austin", "side": "US",
                                      "title": "Secretary of Defense"},
                                     {"name": "Dong Jun", "side": "CN",
                                      "title": "Minister of National Defense"}],
                       topics=["South China Sea"]),
        ]


@pytest.fixture(scope="session")
def live_editor(live_engine: Engine) -> SignedInEditor:
    """The editor `page` is signed in as (password EDITOR_PASSWORD)."""
    with Session(live_engine) as session:
        return create_editor(session=session, username=EDITOR_NAME, password=EDITOR_PASSWORD)


@pytest.fixture
def live_session(live_engine: Engine, live_server: LiveServer) -> Iterator[Session]:
    """A session on the live server's database, for a test that adds its own rows (the server
    sees them at once). Other tests share the server: give your rows unique titles."""
    with Session(live_engine) as session:
        yield session


# --- the server ----------------------------------------------------------------------------------

def _serve(request, database_url: str, log_dir, name: str) -> Iterator[LiveServer]:
    log_path = log_dir / "uvicorn.log"
    server = LiveServer(database_url=database_url, log_path=log_path)
    try:
        yield server.start()
    finally:
        server.stop()
        if request.session.testsfailed and log_path.exists():
            logs = ARTIFACTS / "server-logs"
            logs.mkdir(parents=True, exist_ok=True)
            shutil.copy(log_path, logs / f"uvicorn-{name}-{WORKER}.log")


@pytest.fixture(scope="session")
def live_server(request, live_db_url: str, live_data, live_editor,
                tmp_path_factory) -> Iterator[LiveServer]:
    yield from _serve(request, live_db_url, tmp_path_factory.mktemp("server"), "live")


@pytest.fixture(scope="session")
def live_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def record_url(request, seeded_record, tmp_path_factory) -> Iterator[str]:
    """A second server with the whole shipped record (`contacts seed`), for reading only."""
    folder = tmp_path_factory.mktemp("record-server")
    shutil.copy(seeded_record.path, folder / "record.db")
    for server in _serve(request, f"sqlite:///{folder / 'record.db'}", folder, "record"):
        yield server.url


# --- the browser ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sign_in(page: Page, *, username: str = EDITOR_NAME, password: str = EDITOR_PASSWORD) -> None:
    """Sign in through the form, as a person does; ends on the page the form returns to."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="session")
def signed_in_state(browser: Browser, live_url: str, live_editor, tmp_path_factory) -> str:
    """A real sign-in, once per session: its cookies are the storage state of `page`."""
    context = browser.new_context(base_url=live_url)
    page = context.new_page()
    page.goto("/login")
    sign_in(page, username=live_editor.name)
    path = tmp_path_factory.mktemp("auth") / "signed-in.json"
    context.storage_state(path=path)
    context.close()
    return str(path)


def _page(request, browser: Browser, live_url: str, **context_options) -> Iterator[Page]:
    context = browser.new_context(base_url=live_url, viewport=VIEWPORT, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        if getattr(request.node, "e2e_failed", False):
            failures = ARTIFACTS / "failures"
            failures.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid).strip("-")
            page.screenshot(path=failures / f"{name}.png", full_page=True)
        context.close()


@pytest.fixture
def page(request, browser: Browser, live_url: str, signed_in_state: str) -> Iterator[Page]:
    """A fresh browser context per test, signed in as live_editor; relative URLs go to the
    live server. Do not sign out with it: every `page` shares that session (sign in with
    `page_anon` and `sign_in` to test signing out)."""
    yield from _page(request, browser, live_url, storage_state=signed_in_state)


@pytest.fixture
def page_anon(request, browser: Browser, live_url: str) -> Iterator[Page]:
    """A visitor who is not signed in."""
    yield from _page(request, browser, live_url)


@pytest.fixture
def page_nojs(request, browser: Browser, live_url: str, signed_in_state: str) -> Iterator[Page]:
    """Like `page` (signed in), with JavaScript turned off."""
    yield from _page(request, browser, live_url, storage_state=signed_in_state,
                     java_script_enabled=False)


@pytest.fixture
def record_page(request, browser: Browser, record_url: str) -> Iterator[Page]:
    """A visitor on the server that holds the whole shipped record."""
    yield from _page(request, browser, record_url)
