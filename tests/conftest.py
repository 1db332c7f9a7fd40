"""Fixtures: every test gets its own SQLite database, built once by the migrations and copied."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import get_session, make_engine
from app.migrate import upgrade
from app.services.seed import SeedReport, seed_database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@dataclass(frozen=True)
class SeededRecord:
    path: Path  # a migrated database with the shipped record loaded: copy it, never write to it
    report: SeedReport


@pytest.fixture(scope="session")
def seeded_record(migrated_template: Path, tmp_path_factory) -> SeededRecord:
    """`contacts seed` once per test session: the record, the seed events, the gazetteer."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        report = seed_database(session=session)
    engine.dispose()  # the last connection closes: SQLite folds the WAL back into the file
    return SeededRecord(path, report)


@pytest.fixture
def db_url(migrated_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "test.db"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


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

    def _session() -> Iterator[Session]:
        with Session(engine) as s:
            yield s

    application.dependency_overrides[get_session] = _session
    return application


@pytest.fixture
def app(engine: Engine):
    return app_on(engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def record_engine(seeded_record: SeededRecord, tmp_path_factory) -> Iterator[Engine]:
    """A copy of the seeded record per module, for tests that read it."""
    path = tmp_path_factory.mktemp("record") / "record.db"
    shutil.copy(seeded_record.path, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def record_client(record_engine: Engine) -> Iterator[TestClient]:
    """A client of the app serving the whole shipped record (read it; do not write)."""
    with TestClient(app_on(record_engine), raise_server_exceptions=False) as c:
        yield c
