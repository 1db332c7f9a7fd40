"""An index on event.updated_at: the facet-count cache reads max(updated_at) on every request.

Revision ID: 0008_perf
Revises: 0007_analyst
"""

from alembic import op

revision = "0008_perf"
down_revision = "0007_analyst"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_updated_at", ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_updated_at")
