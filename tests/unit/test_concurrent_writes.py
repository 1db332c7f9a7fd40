"""Concurrent writers on SQLite wait for each other instead of failing with "database is locked"."""

import threading

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from app.db import begin_write
from app.models import Event
from app.schemas import EventCreate
from app.services.events import create_event
from app.services.officials import find_official
from tests.factories import event_payload


def test_writers_that_read_first_all_succeed(engine):
    errors: list[Exception] = []
    start = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            start.wait()  # all eight at once
            for i in range(5):
                with Session(engine) as session:
                    begin_write(session)
                    find_official(session, "Lloyd Austin")  # a read first, as every route does
                    create_event(session=session, data=EventCreate.model_validate(
                        event_payload(title=f"W{n}-{i}", sources=[])))
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Event)).scalar() == 40


def test_the_api_creates_under_concurrent_posts(client):
    results: list[int] = []

    def post(n: int) -> None:
        for i in range(4):
            response = client.post("/api/events", json=event_payload(title=f"P{n}-{i}", sources=[]))
            results.append(response.status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [201] * 24


@pytest.mark.sqlite_only("SQLite's database-wide write lock (BEGIN IMMEDIATE); PostgreSQL locks "
                        "rows, so writers of other events never wait for it")
def test_a_write_that_cannot_get_the_lock_is_refused_with_503(client, engine):
    """Another writer holding SQLite's lock past busy_timeout: 503 with Retry-After, nothing
    written, no 500."""
    with engine.connect() as holder:
        holder.exec_driver_sql("BEGIN IMMEDIATE")
        try:  # the request waits busy_timeout (5 s) for the lock, then gives up
            response = client.post("/api/events", json=event_payload(sources=[]))
        finally:
            holder.exec_driver_sql("ROLLBACK")
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert "nothing was saved" in response.json()["detail"]
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Event)).scalar() == 0
