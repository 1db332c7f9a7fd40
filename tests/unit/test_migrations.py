"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and
each backend has its full-text index; SQLite runs safely."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel

import app.models  # noqa: F401
from app.db import make_engine
from app.migrate import alembic_config, include_object, upgrade
from tests.databases import fresh_database
from tests.factories import make_event, search_hits


def test_models_and_migrations_agree(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


@pytest.mark.sqlite_only("PRAGMAs are SQLite's settings")
def test_sqlite_pragmas(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


@pytest.mark.sqlite_only("the FTS5 virtual table is SQLite's")
def test_sqlite_full_text_index_is_fts5(engine):
    with engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'event_search'")).scalar_one()
    assert "USING fts5" in sql and "remove_diacritics 2" in sql


@pytest.mark.postgres_only("tsvector, GIN and text search configurations are PostgreSQL's")
def test_postgres_full_text_index_is_a_gin_indexed_tsvector(engine):
    with engine.connect() as conn:
        columns = {c["name"]: str(c["type"]) for c in inspect(conn).get_columns("event_search")}
        index = conn.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'event_search' "
            "AND indexname = 'ix_event_search_document'")).scalar_one()
        lexemes = conn.execute(text(
            "SELECT to_tsvector('contacts_search', 'Café talks with the Ministry')::text")).scalar()
    assert columns == {"event_id": "INTEGER", "document": "TSVECTOR"}
    assert "USING gin (document)" in index
    # 'simple' keeps every word as written (no stems, no stop words); unaccent folds accents.
    assert lexemes == "'cafe':1 'ministry':5 'talks':2 'the':4 'with':3"


@pytest.fixture
def own_db_url(request, backend, tmp_path):
    """A database of this test's own: it changes the schema."""
    with fresh_database(request, backend, tmp_path) as url:
        yield url


def test_downgrade_to_nothing_and_upgrade_again(own_db_url):
    command.downgrade(alembic_config(own_db_url), "base")
    engine = make_engine(own_db_url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    upgrade(own_db_url)
    with Session(engine) as session:
        event = make_event(session, title="After the round trip")
        assert search_hits(session, "round trip") == [event.id]
    engine.dispose()
