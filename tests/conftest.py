"""Fixtures: every test gets its own database built by the migrations, on each backend.

`db_url` (and everything built on it: engine, session, app, client) is parametrized by
`backend`: `sqlite` always, `postgres` too when CONTACTS_TEST_POSTGRES_URL is set (tests/databases.py).
Mark a test `@pytest.mark.sqlite_only("why")` or `@pytest.mark.postgres_only("why")` when it
checks one backend's machinery; the other backend's run is skipped with that reason.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import get_session, make_engine
from tests.databases import (
    BACKENDS,
    POSTGRES_URL_VARIABLE,
    PostgresDatabases,
    per_test_database,
    migrate_sqlite_template,
)


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): checks SQLite's own machinery")
    config.addinivalue_line("markers", "postgres_only(reason): checks PostgreSQL's own machinery")


def pytest_report_header(config):
    if "postgres" in BACKENDS:
        return "database backends: sqlite, postgres"
    return f"database backends: sqlite ({POSTGRES_URL_VARIABLE} not set: no postgres runs)"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    return migrate_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases()
    databases.drop_stale()
    try:
        yield databases
    finally:
        databases.close()


def skip_other_backend(node, backend: str) -> None:
    other = {"sqlite": "postgres_only", "postgres": "sqlite_only"}[backend]
    marker = node.get_closest_marker(other)
    if marker:
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        only = "SQLite" if other == "sqlite_only" else "PostgreSQL"
        pytest.skip(f"{only} only: {reason}")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    skip_other_backend(request.node, request.param)
    return request.param


@pytest.fixture
def db_url(request, backend: str, tmp_path: Path) -> str:
    return per_test_database(request, backend, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def app(engine: Engine):
    from app.main import create_app

    application = create_app()

    def _session() -> Iterator[Session]:
        with Session(engine) as s:
            yield s

    application.dependency_overrides[get_session] = _session
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
