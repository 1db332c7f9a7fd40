"""A stable identity (uuid) on every event, for exports and idempotent imports; contacts per
month, medium, category, status and initiator (event_month_count), for the chart and /stats.

Revision ID: 0007_analyst
Revises: 0003_editors
"""

import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_analyst"
down_revision = "0003_editors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uuid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True)
        )
    conn = op.get_bind()
    event = sa.table("event", sa.column("id", sa.Integer), sa.column("uuid", sa.String))
    ids = [row.id for row in conn.execute(sa.select(event.c.id).where(event.c.uuid.is_(None)))]
    fill = event.update().where(event.c.id == sa.bindparam("event_id")).values(
        uuid=sa.bindparam("new_uuid"))
    for start in range(0, len(ids), 10_000):  # executemany, a batch at a time
        conn.execute(fill, [{"event_id": i, "new_uuid": str(uuid.uuid4())}
                            for i in ids[start:start + 10_000]])
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.alter_column("uuid", existing_type=sqlmodel.sql.sqltypes.AutoString(length=36),
                              nullable=False)
        batch_op.create_unique_constraint("uq_event_uuid", ["uuid"])
    op.create_table(
        "event_month_count",
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("medium", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("initiated_by", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", "category", "medium", "initiated_by", "year", "month"),
    )
    op.create_table(
        "event_count_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("max_event_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # The events already there are counted by 0011_count_certainty: the app's counting code
    # knows only the tables' newest shape.


def downgrade() -> None:
    op.drop_table("event_count_state")
    op.drop_table("event_month_count")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint("uq_event_uuid", type_="unique")
        batch_op.drop_column("uuid")
