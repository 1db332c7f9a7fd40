"""The whole-response cache for anonymous readers (app/web/response_cache.py): kept bytes are
served only while nothing was committed, only to anonymous GET/HEAD requests with the same URL
and htmx headers, and never when a response sets a cookie."""

import asyncio
import subprocess
import sys
import time
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

import app.web.timeline
from app.config import ROOT, get_settings
from app.web.response_cache import Entry, ResponseStore, etag_of, storable
from tests.conftest import app_on
from tests.factories import event_payload, make_event
from tests.http.test_event_form import form_data
from tests.loops import run_on_own_loop


# PostgreSQL's watcher sees a write anywhere on the server (other tests' too), so how often a
# page is rendered there depends on what else runs; freshness is tested on both.
ON_POSTGRES = "counts renderings; PostgreSQL's commit watcher sees every write on the server"


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The timeline pages actually rendered (not answered from the cache), by filter."""
    seen: list[str] = []
    original = app.web.timeline.timeline_context

    def counting(request, *args, **kwargs):
        seen.append(str(request.url))
        return original(request, *args, **kwargs)

    monkeypatch.setattr(app.web.timeline, "timeline_context", counting)
    return seen


@pytest.mark.sqlite_only(ON_POSTGRES)
def test_a_repeated_anonymous_read_is_answered_from_memory(anon_client, session, renders):
    make_event(session, title="Kept talk")
    first = anon_client.get("/")
    second = anon_client.get("/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"] == etag_of(first.content).decode()
    assert len(renders) == 1


@pytest.mark.sqlite_only(ON_POSTGRES)
def test_readers_asking_at_once_wait_for_one_rendering(app, session, renders):
    make_event(session)

    async def five_at_once():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return await asyncio.gather(*(c.get("/") for _ in range(5)))

    responses = run_on_own_loop(five_at_once())
    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    assert len(renders) == 1


def test_if_none_match_gets_304_without_a_body(anon_client, session):
    make_event(session)
    etag = anon_client.get("/").headers["etag"]
    response = anon_client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert anon_client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_write_through_the_api_makes_the_next_read_fresh(anon_client, client, session):
    make_event(session, title="Old talk")
    assert "Old talk" in anon_client.get("/").text
    created = client.post("/api/events", json=event_payload(title="New talk", date="2023-01-05"))
    assert created.status_code == 201
    assert "New talk" in anon_client.get("/").text
    assert "New talk" in anon_client.get("/api/events").text


def test_a_write_through_the_form_makes_the_next_read_fresh(anon_client, client, session):
    make_event(session, title="Old talk")
    before = anon_client.get("/").headers["etag"]
    posted = client.post("/events/new", data=form_data(title="Formed talk", date="2023-02-01"),
                         follow_redirects=False)
    assert posted.status_code == 303
    after = anon_client.get("/")
    assert "Formed talk" in after.text
    assert after.headers["etag"] != before


def test_a_commit_by_another_process_makes_the_next_read_fresh(anon_client, session, db_url):
    """Written around the services (no stamp moves): the commit itself is what is watched."""
    event = make_event(session, title="Before the rename")
    assert "Before the rename" in anon_client.get(f"/events/{event.id}").text
    script = """if True:
        import sys
        from sqlalchemy import text
        from app.db import make_engine
        with make_engine(sys.argv[1]).begin() as connection:
            connection.execute(text("UPDATE event SET title = 'Renamed elsewhere' WHERE id = :i"),
                               {"i": int(sys.argv[2])})
    """
    subprocess.run([sys.executable, "-c", script, db_url, str(event.id)], check=True, timeout=60,
                   cwd=ROOT)
    assert "Renamed elsewhere" in anon_client.get(f"/events/{event.id}").text


def test_editors_and_anonymous_readers_never_share_bytes(app, anon_client, client, session):
    make_event(session)
    anonymous = anon_client.get("/")
    editor = client.get("/")
    assert "Sign out" in editor.text and "Sign out" not in anonymous.text
    assert "etag" not in editor.headers  # an editor's page is never kept
    # An editor's page asked first is not handed to the next anonymous reader either.
    with TestClient(app) as fresh_anonymous:
        client.get("/?medium=phone_call")
        assert "Sign out" not in fresh_anonymous.get("/?medium=phone_call").text


def test_a_token_request_is_never_answered_from_memory(anon_client, session, renders):
    make_event(session)
    anon_client.get("/")
    anon_client.get("/", headers={"Authorization": "Bearer not-a-token"})
    assert len(renders) == 2


def test_htmx_fragments_and_full_pages_are_kept_apart(anon_client, session):
    make_event(session)
    full = anon_client.get("/")
    fragment = anon_client.get("/", headers={"HX-Request": "true"})
    boosted = anon_client.get("/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    restore = anon_client.get("/", headers={"HX-Request": "true",
                                            "HX-History-Restore-Request": "true"})
    again = anon_client.get("/")
    assert "<html" in full.text and "<html" not in fragment.text
    assert "<html" in boosted.text and "<html" in restore.text and again.content == full.content
    assert "HX-Target" in full.headers["vary"] and "HX-Boosted" in full.headers["vary"]


def test_a_response_that_sets_a_cookie_is_not_kept(anon_client):
    """The sign-in form gives each visitor a cookie (their CSRF token hangs on it)."""
    first = anon_client.get("/login")
    anon_client.cookies.clear()
    second = anon_client.get("/login")
    assert first.headers["set-cookie"] != second.headers["set-cookie"]
    assert "etag" not in first.headers


@pytest.mark.sqlite_only(ON_POSTGRES)
def test_head_is_answered_as_the_kept_get(anon_client, session, renders):
    make_event(session)
    head = anon_client.head("/")
    get = anon_client.get("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
    assert len(renders) == 1


def test_a_new_day_renders_again(anon_client, session, renders, monkeypatch):
    """Silences and "days since the last contact" reach to today."""
    make_event(session)
    anon_client.get("/")

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.today() + timedelta(days=1)

    monkeypatch.setattr("app.web.response_cache.date", Tomorrow)
    anon_client.get("/")
    assert len(renders) == 2


def test_the_setting_turns_it_off(engine, session, renders, monkeypatch):
    monkeypatch.setenv("CONTACTS_RESPONSE_CACHE", "false")
    get_settings.cache_clear()
    try:
        uncached = app_on(engine)
    finally:
        monkeypatch.delenv("CONTACTS_RESPONSE_CACHE")
        get_settings.cache_clear()
    make_event(session)
    with TestClient(uncached) as c:
        first, second = c.get("/"), c.get("/")
    assert first.content == second.content and "etag" not in second.headers
    assert len(renders) == 2


def _entry(size: int) -> Entry:
    return Entry([], b"x" * size, b'"e"', time.monotonic(), size)


def test_the_store_keeps_under_its_bytes_dropping_the_least_recently_used():
    store = ResponseStore(max_bytes=250)
    generation = (1, date.today())
    assert store.get(generation, ("a",)) is None  # the first look opens the generation
    for key in "abc":
        store.put(generation, (key,), _entry(100))
    assert store.size <= 250 and store.get(generation, ("a",)) is None  # the oldest went
    assert store.get(generation, ("b",)) is not None  # now more recent than c
    store.put(generation, ("d",), _entry(100))
    assert store.get(generation, ("c",)) is None and store.get(generation, ("b",)) is not None
    store.put(generation, ("huge",), _entry(300))  # larger than the whole store: not kept
    assert store.get(generation, ("huge",)) is None
    assert store.get((2, date.today()), ("b",)) is None and store.size == 0  # a commit: emptied


@pytest.mark.parametrize("status, headers, kept", [
    (200, [], True),
    (200, [(b"vary", b"HX-Request, HX-Target")], True),
    (404, [], False),
    (303, [], False),
    (200, [(b"set-cookie", b"a=b")], False),
    (200, [(b"cache-control", b"private, no-cache")], False),
    (200, [(b"cache-control", b"no-store")], False),
    (200, [(b"vary", b"Accept-Language")], False),  # a header outside the key
])
def test_which_responses_may_be_kept(status, headers, kept):
    assert storable({"type": "http.response.start", "status": status, "headers": headers}) is kept


def test_streamed_error_and_health_responses_are_not_kept(anon_client, session):
    make_event(session)
    missing = [anon_client.get("/events/999999") for _ in range(2)]
    assert all(r.status_code == 404 and "etag" not in r.headers for r in missing)
    calendar = anon_client.get("/export/events.ics")  # streamed, event by event
    assert calendar.status_code == 200 and "etag" not in calendar.headers
    assert "etag" not in anon_client.get("/healthz").headers  # no-store


def test_a_response_over_the_entry_limit_is_not_kept(anon_client, session, monkeypatch):
    make_event(session)
    monkeypatch.setattr("app.web.response_cache.MAX_ENTRY_BYTES", 1000)
    assert "etag" not in anon_client.get("/").headers


def test_static_files_are_left_to_starlette_with_their_one_etag(anon_client):
    # Kept, they carried two ETags (StaticFiles' and the cache's) and If-None-Match with
    # StaticFiles' tag got the whole file again.
    first = anon_client.get("/static/css/app.css")
    assert first.status_code == 200
    assert len(first.headers.get_list("etag")) == 1
    again = anon_client.get("/static/css/app.css", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def _middleware(monkeypatch, app, epoch=lambda engine: 1):
    import app.web.response_cache as response_cache
    monkeypatch.setattr(response_cache, "commit_epoch", epoch)
    monkeypatch.setattr(response_cache, "app_engine", lambda app: None)
    return response_cache.ResponseCacheMiddleware(app, max_bytes=1_000_000)


async def _get(middleware, path="/page") -> list[dict]:
    sent: list[dict] = []
    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b"",
             "scheme": "http", "root_path": "", "app": None}

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    await middleware(scope, receive, send)
    return sent


def test_readers_do_not_wait_for_the_whole_download_of_an_answer_that_is_not_kept(monkeypatch):
    """A streamed answer (an export, a large file) is never kept: a second reader of that URL
    starts on its own at once instead of waiting for the first reader's download."""
    release = asyncio.Event()
    started: list[str] = []

    async def streaming_app(scope, receive, send):
        started.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part", "more_body": True})
        await release.wait()  # a slow download
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    middleware = _middleware(monkeypatch, streaming_app)

    async def two_readers():
        first = asyncio.create_task(_get(middleware))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(_get(middleware))
        await asyncio.sleep(0.05)
        assert len(started) == 2  # the second did not wait for the first's download
        release.set()
        await asyncio.gather(first, second)

    run_on_own_loop(two_readers())


def test_the_commit_look_runs_off_the_event_loop(monkeypatch):
    """The look asks the database, which may stop answering: meanwhile the loop serves on."""
    def slow_epoch(engine):
        time.sleep(0.3)
        return 1

    async def app_(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    middleware = _middleware(monkeypatch, app_, slow_epoch)

    async def meanwhile():
        ticks = 0
        request = asyncio.create_task(_get(middleware))
        while not request.done():
            ticks += 1
            await asyncio.sleep(0.01)
        return ticks, request.result()

    ticks, sent = run_on_own_loop(meanwhile())
    assert sent[-1]["body"] == b"ok"
    assert ticks >= 10  # the loop kept turning while the look waited


def test_a_stuck_commit_look_makes_the_others_serve_uncached(monkeypatch, engine):
    from app import commit_version
    monkeypatch.setattr(commit_version, "LOOK_TIMEOUT_SECONDS", 0.05)
    watcher = commit_version.CommitVersion(engine)
    watcher.lock.acquire()  # another thread's look, stuck on the database
    try:
        assert watcher.epoch() is None
    finally:
        watcher.lock.release()
    assert watcher.epoch() is not None or not commit_version.watchable(engine)
