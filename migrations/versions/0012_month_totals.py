"""event_month_total: the month counts without category and initiator, which the timeline's
chart and facets read when no category is chosen (a sixth of event_month_count's rows).

Revision ID: 0012_month_totals
Revises: 0011_count_certainty
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012_month_totals"
down_revision = "0011_count_certainty"
branch_labels = None
depends_on = None

KEY = ("status", "year", "month", "medium", "uncertain")


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "event_month_total",
        sa.Column("status", text(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("medium", text(length=20), nullable=False),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY),
    )
    op.create_index("ix_event_month_total_covering", "event_month_total", [*KEY, "events"])
    columns = ", ".join(KEY)
    # Summed from the finer table, which every write has kept (no read of the events).
    op.execute(f"INSERT INTO event_month_total ({columns}, events) "
               f"SELECT {columns}, SUM(events) FROM event_month_count GROUP BY {columns}")
    op.drop_index("ix_event_updated_at", table_name="event")


def downgrade() -> None:
    op.create_index("ix_event_updated_at", "event", ["updated_at"])
    op.drop_index("ix_event_month_total_covering", table_name="event_month_total")
    op.drop_table("event_month_total")
