"""event_label_total: event_label_count over all time (no year, no month), which the facets
and /stats read when no date is chosen (a few thousand rows rather than 460,000 at a million
events).

Revision ID: 0013_label_totals
Revises: 0012_month_totals
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013_label_totals"
down_revision = "0012_month_totals"
branch_labels = None
depends_on = None

KEY = ("kind", "label", "status", "category", "medium", "uncertain")


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "event_label_total",
        sa.Column("kind", text(length=10), nullable=False),
        sa.Column("label", text(length=450), nullable=False),
        sa.Column("status", text(length=10), nullable=False),
        sa.Column("category", text(length=10), nullable=False),
        sa.Column("medium", text(length=20), nullable=False),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY),
    )
    op.create_index("ix_event_label_total_covering", "event_label_total", [*KEY, "events"])
    columns = ", ".join(KEY)
    # Summed from the monthly table, which every write has kept (no read of the events).
    op.execute(f"INSERT INTO event_label_total ({columns}, events) "
               f"SELECT {columns}, SUM(events) FROM event_label_count GROUP BY {columns}")


def downgrade() -> None:
    op.drop_index("ix_event_label_total_covering", table_name="event_label_total")
    op.drop_table("event_label_total")
