"""Non-browser tests against a real uvicorn process: start one on its own migrated database, and
the credentials every write sends (one place, so sign-in changes one function)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.migrate import upgrade
from tests.e2e.server import LiveServer


def write_headers(server: LiveServer) -> dict[str, str]:
    """The headers an editor's API write needs. Sign-in has not landed on this branch: none yet."""
    return {}


def migrated_database(folder: Path) -> str:
    path = folder / "server.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@contextmanager
def running_server(database_url: str, log_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(database_url=database_url, log_path=log_path)
    try:
        yield server.start()
    finally:
        server.stop()


def database_file(database_url: str) -> str:
    return database_url.removeprefix("sqlite:///")


def query(database_url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the server's database directly, as SQLite sees it on disk (WAL recovered)."""
    with sqlite3.connect(database_file(database_url)) as conn:
        return conn.execute(sql, params).fetchall()
