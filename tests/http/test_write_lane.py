"""Writers waiting for SQLite's write lock never stall the site (app/concurrency.py's write
lane, app/db.py): more writers at once than the pages have threads all get through, and a
client sending its form slowly does not hold the lock while it sends."""

import asyncio

import httpx
import pytest

from app import db
from app.concurrency import limit_request_threads
from app.services.editors import create_api_token
from tests.conftest import app_on
from tests.factories import make_event
from tests.loops import run_on_own_loop

PAGE_THREADS = 8
SHORT_WAIT = "PRAGMA busy_timeout=2000"  # a writer stuck past this gets "database is locked"


@pytest.fixture
def impatient_engine(monkeypatch, db_url):
    monkeypatch.setattr(db, "SQLITE_PRAGMAS", tuple(
        SHORT_WAIT if p.startswith("PRAGMA busy_timeout") else p for p in db.SQLITE_PRAGMAS))
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


def _client(engine, **headers) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app_on(engine)),
                             base_url="http://test", headers=headers)


@pytest.mark.sqlite_only("SQLite's one write lock")
def test_more_writers_than_page_threads_all_get_through(impatient_engine, editor):
    from sqlmodel import Session

    with Session(impatient_engine) as session:
        ids = [make_event(session, date=f"2020-01-{i + 1:02d}").id for i in range(PAGE_THREADS + 4)]
        token = create_api_token(session=session, username=editor.name)

    async def delete_all():
        limit_request_threads(PAGE_THREADS)  # what the app's startup does
        async with _client(impatient_engine, Authorization=f"Bearer {token}") as c:
            return await asyncio.gather(*(c.delete(f"/api/events/{i}") for i in ids))

    assert [r.status_code for r in run_on_own_loop(delete_all())] == [204] * len(ids)


@pytest.mark.sqlite_only("SQLite's one write lock")
def test_a_slow_form_does_not_hold_the_write_lock(impatient_engine, editor):
    from sqlmodel import Session

    with Session(impatient_engine) as session:
        event_id = make_event(session).id
        token = create_api_token(session=session, username=editor.name)
    body = b"title=slow&csrf_token=x"

    async def slowly():
        yield body[:6]
        await asyncio.sleep(3)  # longer than a writer waits for the lock
        yield body[6:]

    async def meanwhile():
        async with _client(impatient_engine) as c:
            slow = asyncio.create_task(c.post(
                "/events/new", content=slowly(),
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         "Content-Length": str(len(body))}))
            await asyncio.sleep(0.3)
            deleted = await c.delete(f"/api/events/{event_id}",
                                     headers={"Authorization": f"Bearer {token}"})
            return deleted.status_code, (await slow).status_code

    deleted, slow = run_on_own_loop(meanwhile())
    assert deleted == 204
    assert slow == 403  # no session, no valid CSRF token: refused, and nothing held meanwhile
