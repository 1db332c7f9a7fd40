"""PostgreSQL full-text search: a tsvector per event with a GIN index (SQLite keeps FTS5 of 0001).

The configuration `contacts_search` is 'simple' (no stemming, no stop words, like SQLite's
unicode61) with unaccent in front of it (like `remove_diacritics 2`); app/services/search.py
explains the choice. unaccent is a trusted extension (PostgreSQL 13+): the database's owner may
create it, no superuser needed.

There is nothing to backfill: before this revision no event could be written on PostgreSQL
(writes index every event in the same transaction).

Revision ID: 0006_postgres
Revises: 0008_perf
"""

from alembic import op

revision = "0006_postgres"
down_revision = "0008_perf"
branch_labels = None
depends_on = None

TABLE = "event_search"
CONFIG = "contacts_search"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
    )
    op.execute(
        f"CREATE TABLE {TABLE} ("
        "event_id integer PRIMARY KEY REFERENCES event (id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)"
    )
    op.execute(f"CREATE INDEX ix_{TABLE}_document ON {TABLE} USING gin (document)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP TABLE {TABLE}")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION {CONFIG}")
