"""Engine, sessions and SQLite pragmas. The schema itself comes only from Alembic migrations."""

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, create_engine

from app.config import get_settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_OPTION = "contacts_write"  # execution option: begin the transaction as a writer
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
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


def make_engine(url: str) -> Engine:
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
    return create_engine(url, pool_pre_ping=True)


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


def request_session(engine: Engine, request: Request | None) -> Iterator[Session]:
    """A session for one request; one that may write (not GET, HEAD, OPTIONS) begins as a writer."""
    with Session(engine) as session:
        if request is not None and request.method not in SAFE_METHODS:
            begin_write(session)
        yield session


def get_session(request: Request = None) -> Iterator[Session]:  # type: ignore[assignment]
    yield from request_session(get_engine(), request)
