"""Engine, sessions, SQLite pragmas and PostgreSQL pool options.

The schema itself comes only from Alembic migrations.
"""

from collections.abc import AsyncIterator, Callable
from functools import lru_cache
from pathlib import Path

import anyio.to_thread
from fastapi import Request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, create_engine

from app.concurrency import lane
from app.config import get_settings
from app.limits import MAX_FORM_BYTES
from app.services.counts import remember_stamp

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_OPTION = "contacts_write"  # execution option: begin the transaction as a writer
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    # Writers queue for SQLite's one write lock; on a busy machine 8 concurrent writers waited
    # more than 5 s and got "database is locked" (tests/server/test_concurrent_writes.py).
    "PRAGMA busy_timeout=30000",
    # FULL: a commit that was acknowledged survives a crash of the process or the machine.
    "PRAGMA synchronous=FULL",
)


class unindexed(ColumnElement):
    """`column`, that SQLite must not look up in an index (a unary plus), for a query that has
    to start from another condition: without statistics SQLite ranks any indexed equality as
    narrow, and would walk 850,000 held events rather than look up a list of 100 ids."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement):
        self.column = column
        self.type = column.type


@compiles(unindexed)
def _unindexed(element: unindexed, compiler, **kw) -> str:
    return compiler.process(element.column, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler, **kw) -> str:
    return "+" + compiler.process(element.column, **kw)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def normalize_url(url: str) -> str:
    """postgres:// and postgresql:// (what hosting services hand out) use psycopg 3, the driver
    we install; SQLAlchemy alone would look for psycopg2."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if is_sqlite(url):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # A pool as large as the requests served at once (FastAPI's thread pool runs up to 40):
        # a connection opened past the pool is closed on return, and the next one starts again
        # with the pragmas and an empty page cache (py-spy showed the churn under 16 clients).
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               pool_size=20, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection):
            # Otherwise the driver begins on its own, deferred, at the first write: reads stay
            # as they were (each sees the latest commit); writers take the lock up front.
            if connection.get_execution_options().get(WRITE_OPTION):
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, **server_engine_options(url))


def server_engine_options(url: str) -> dict:
    """A database server (PostgreSQL): a pool per process, connections checked before use."""
    settings = get_settings()
    options: dict = {
        # A connection the server or a proxy closed (restart, idle timeout) is replaced, not
        # handed to a request that would then fail.
        "pool_pre_ping": True,
        "pool_size": settings.database_pool_size,
        "max_overflow": settings.database_max_overflow,
        # Fail a request after 10 s rather than queue it forever when the pool is exhausted.
        "pool_timeout": 10,
        # Give connections back before server-side idle timeouts (managed services, pgbouncer).
        "pool_recycle": 1800,
    }
    if make_url(url).get_backend_name() == "postgresql":
        # Visible in pg_stat_activity, so an operator can tell the app's connections apart; a
        # server that accepts but never answers fails a request after 10 s instead of holding
        # its thread (and, at shutdown, the process) forever.
        options["connect_args"] = {"application_name": "contacts-timeline", "connect_timeout": 10}
    return options


@lru_cache
def engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


def begin_write(session: Session) -> None:
    """Begin the session's transaction as a writer: on SQLite, BEGIN IMMEDIATE takes the write
    lock now (waiting up to busy_timeout for another writer). A transaction that began by reading
    cannot take it later once another writer has committed (SQLITE_BUSY at once, whatever the
    timeout: "database is locked" under concurrent writes). Must come before the first query."""
    session.connection(execution_options={WRITE_OPTION: True})


BATCHED_WRITE = "_contacts_batched_write"


def batched_write(endpoint):
    """Mark a route that writes through app.group_commit: its own request session only reads
    (it must not hold the write lock that the group commit's writer needs)."""
    setattr(endpoint, BATCHED_WRITE, True)
    return endpoint


def _begins_as_writer(request: Request | None) -> bool:
    """A request that may write (not GET, HEAD, OPTIONS), unless its route writes through the
    group commit (`batched_write`)."""
    return (request is not None and request.method not in SAFE_METHODS
            and not getattr(request.scope.get("endpoint"), BATCHED_WRITE, False))


async def _read_body_first(request: Request) -> None:
    """A writer's body, read on the event loop before it takes the write lock: a client sending
    it slowly must not hold every writer meanwhile (Starlette keeps it for the form and JSON
    parsers). Only a body of declared length within the limits: a larger one is refused where
    it is parsed, and one without a length (chunked) is read there, bounded, as before."""
    length = request.headers.get("content-length", "")
    if length.isdecimal() and int(length) <= MAX_FORM_BYTES:
        await request.body()


def session_dependency(engine: Callable[[], Engine]):
    """The dependency giving each request a session on `engine()`'s database; one that may
    write begins as a writer. On the event loop: a sync dependency costs two trips to the thread
    pool (in and out), and a session does no I/O until its first query, which runs in the
    route's own thread. Only a writer's BEGIN IMMEDIATE, which may wait for SQLite's lock, goes
    to the thread pool."""

    async def dependency(
        request: Request = None,  # type: ignore[assignment]
    ) -> AsyncIterator[Session]:
        with Session(engine()) as session:
            if _begins_as_writer(request):
                await _read_body_first(request)
                await anyio.to_thread.run_sync(begin_write, session, limiter=lane("write"))
            elif request is not None and request.method in SAFE_METHODS:
                remember_stamp(session)
            yield session

    dependency.engine = engine  # type: ignore[attr-defined]  (app_engine reads it)
    return dependency


get_session = session_dependency(lambda: get_engine())


def app_engine(app) -> Engine:
    """The engine the app's requests use: get_session's, or that of its override (tests)."""
    provider = app.dependency_overrides.get(get_session, get_session)
    if hasattr(provider, "engine"):
        return provider.engine()
    sessions = provider()  # a test's own generator of sessions
    try:
        return next(sessions).get_bind()
    finally:
        sessions.close()
