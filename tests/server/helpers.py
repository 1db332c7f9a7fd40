"""Non-browser tests against a real uvicorn process: start one on its own migrated database, and
the credentials every write sends (one place, so sign-in changes one function)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.services.editors import create_api_token, create_editor, random_password
from tests.e2e.server import LiveServer


LOAD_EDITOR = "load-tester"
_tokens: dict[str, str] = {}  # database URL -> API token of its load-test editor


def write_headers(server: LiveServer) -> dict[str, str]:
    """The headers an editor's API write needs: a token of an editor made for the purpose in
    the server's database (once per database; a restarted server keeps it)."""
    token = _tokens.get(server.database_url)
    if token is None:
        engine = make_engine(server.database_url)
        with Session(engine) as session:
            create_editor(session=session, username=LOAD_EDITOR, password=random_password())
            token = create_api_token(session=session, username=LOAD_EDITOR)
        engine.dispose()
        _tokens[server.database_url] = token
    return {"Authorization": f"Bearer {token}"}


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
