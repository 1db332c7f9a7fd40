"""Fixtures: every test gets its own database built by the migrations, on each backend.

`db_url` (and everything built on it: engine, session, app, client, anon_client, editor, runner)
is parametrized by `backend`: `sqlite` always, `postgres` too when CONTACTS_TEST_POSTGRES_URL is
set (tests/databases.py); so are `seeded_record`, `record_engine` and `record_client`. Mark a test
`@pytest.mark.sqlite_only("why")` or `@pytest.mark.postgres_only("why")` when it checks one
backend's machinery; the other backend's run is skipped with that reason.

`client` is a signed-in editor (`client.editor`) whose requests carry the CSRF token;
`anon_client` is an anonymous visitor; `editor` is the signed-in editor (id, name).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import get_session, make_engine, session_dependency
from app.services.seed import SeedReport, seed_database
from tests.databases import (
    BACKENDS,
    POSTGRES_URL_VARIABLE,
    PostgresDatabases,
    copy_of,
    fresh_database,
    migrate_sqlite_template,
    per_test_database,
)

# Before anything reads the settings: tests never write a key file into the working tree.
os.environ.setdefault("CONTACTS_SECRET_KEY", "test-secret-key-" + "k" * 32)

TEST_EDITOR = "tester"
TEST_PASSWORD = "correct horse battery staple"


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


def app_on(engine: Engine):
    """The app with its sessions on `engine`."""
    from app.main import create_app

    application = create_app()

    # As get_session, on the test's database.
    application.dependency_overrides[get_session] = session_dependency(lambda: engine)
    return application


@pytest.fixture
def app(engine: Engine):
    return app_on(engine)


@cache
def _fast_hasher():
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Argon2 with the real parameters costs ~0.2 s of CPU per hash, on purpose: tests hash with
    tiny parameters instead (as Django's tests use a fast hasher). The live server of the
    browser tests, a separate process, hashes with the real ones, and
    tests/unit/test_editors_service.py checks those."""
    monkeypatch.setattr("app.services.editors._hasher", _fast_hasher)


@pytest.fixture(scope="session")
def test_password_hash() -> str:
    return _fast_hasher().hash(TEST_PASSWORD)


@pytest.fixture
def editor(session: Session, test_password_hash: str):
    """The editor `client` is signed in as (password TEST_PASSWORD)."""
    from app.models import Editor
    from app.services.editors import SignedInEditor

    row = Editor(username=TEST_EDITOR, password_hash=test_password_hash)
    session.add(row)
    session.commit()
    return SignedInEditor(id=row.id, name=row.username)


def signed_in_client(app, session: Session, editor) -> TestClient:
    """A client with the editor's session cookie and its CSRF token on every request (the
    header, as htmx sends it; plain forms send the same token as a field)."""
    from app.services.editors import start_session
    from app.web.csrf import HEADER, token_for
    from app.web.session import COOKIE

    token = start_session(session=session, editor=editor)
    c = TestClient(app, raise_server_exceptions=False, headers={HEADER: token_for(token)})
    c.cookies.set(COOKIE, token)
    c.editor = editor
    return c


@pytest.fixture
def client(app, session: Session, editor) -> Iterator[TestClient]:
    with signed_in_client(app, session, editor) as c:
        yield c


@pytest.fixture
def anon_client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@dataclass(frozen=True)
class SeededRecord:
    url: str  # a migrated database with the shipped record loaded: copy it, never write to it
    report: SeedReport


def _seeded(url: str) -> SeededRecord:
    """`contacts seed` into the migrated database at `url`."""
    engine = make_engine(url)
    with Session(engine) as session:
        report = seed_database(session=session)
    engine.dispose()  # the last connection closes (SQLite folds the WAL back into the file)
    return SeededRecord(url, report)


@pytest.fixture(scope="session")
def seeded_sqlite_record(request, tmp_path_factory) -> SeededRecord:
    """The shipped record (the record, the seed events, the gazetteer) seeded once, on SQLite."""
    with fresh_database(request, "sqlite", tmp_path_factory.mktemp("seeded")) as url:
        return _seeded(url)


@pytest.fixture(scope="session")
def seeded_postgres_record(request, tmp_path_factory) -> Iterator[SeededRecord]:
    """The same, on PostgreSQL."""
    with fresh_database(request, "postgres", tmp_path_factory.mktemp("seeded")) as url:
        yield _seeded(url)


@pytest.fixture(scope="session", params=BACKENDS)
def seeded_record(request) -> SeededRecord:
    """The seeded record on each backend."""
    return request.getfixturevalue(f"seeded_{request.param}_record")


@pytest.fixture(scope="module")
def record_engine(request, seeded_record: SeededRecord, tmp_path_factory) -> Iterator[Engine]:
    """A copy of the seeded record per module, for tests that read it."""
    with copy_of(request, seeded_record.url, tmp_path_factory.mktemp("record")) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def record_client(record_engine: Engine) -> Iterator[TestClient]:
    """A visitor's client of the app serving the whole shipped record (read it; do not write)."""
    with TestClient(app_on(record_engine), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def runner(db_url, monkeypatch):
    """A Typer CliRunner whose commands use this test's database."""
    from typer.testing import CliRunner

    from app.config import get_settings

    monkeypatch.setenv("CONTACTS_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
