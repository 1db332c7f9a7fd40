"""Merging events: the merged event points at the event it was merged into, and a merge's
revisions name the other event of the merge.

Revision ID: 0009_merge
Revises: 0004_revisions

Plain integers, no foreign keys (as revision.entity_id): a pointer and a history outlive rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_merge"
down_revision = "0004_revisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # add_column, not batch mode: SQLite adds a nullable column in place (a batch would copy
    # the event table and drop the full-text triggers that hang on it).
    op.add_column("event", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.add_column("revision", sa.Column("related_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_column("related_id")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("merged_into_id")
