"""Revisions (the history of every change) and soft deletes of events.

Revision ID: 0004_revisions
Revises: 0007_analyst

Events that exist before this migration have no revision yet: their history starts with the
first change after it (app.services.revisions says so where a diff needs an older version).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_revisions"
down_revision = "0006_postgres"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("editor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index("ix_revision_entity", ["entity_type", "entity_id", "id"])

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.drop_index("ix_event_status_medium_category_date")
        batch_op.create_index(
            "ix_event_status_medium_category_date",
            ["status", "medium", "category", "date", "deleted_at"],
        )


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_status_medium_category_date")
        batch_op.create_index(
            "ix_event_status_medium_category_date", ["status", "medium", "category", "date"]
        )
        batch_op.drop_column("deleted_at")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index("ix_revision_entity")
    op.drop_table("revision")
