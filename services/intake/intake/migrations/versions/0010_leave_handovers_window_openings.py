"""leave_handovers (R-AB-1: a leave's cases handed over once) and window_openings (R-AB-2)

A leave recorded on or after its first day was handed over when it was recorded: it is marked
so, and the sweep hands over only the leaves recorded in advance.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 00:00:00

"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

from reliable_events import UtcDateTime

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHINA = timedelta(hours=8)  # the hall's day of a recording (no daylight saving in China)


def upgrade() -> None:
    op.create_table(
        "leave_handovers",
        sa.Column("leave_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["leave_id"], ["leaves.id"]),
        sa.PrimaryKeyConstraint("leave_id"),
    )
    op.create_table(
        "window_openings",
        sa.Column("window", sa.String(length=40), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("on_holidays", sa.Boolean(), nullable=False),
        sa.Column("opens", sa.String(length=5), nullable=False),
        sa.Column("closes", sa.String(length=5), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("window"),
    )
    leaves = sa.table(
        "leaves", sa.column("id", sa.Integer), sa.column("starts_on", sa.Date), sa.column("recorded_at", UtcDateTime)
    )
    handovers = sa.table(
        "leave_handovers", sa.column("leave_id", sa.Integer), sa.column("handed_over_at", UtcDateTime)
    )
    bind = op.get_bind()
    done = [
        {"leave_id": row.id, "handed_over_at": row.recorded_at}
        for row in bind.execute(sa.select(leaves.c.id, leaves.c.starts_on, leaves.c.recorded_at))
        if (row.recorded_at + CHINA).date() >= row.starts_on
    ]
    if done:
        bind.execute(sa.insert(handovers), done)


def downgrade() -> None:
    op.drop_table("window_openings")
    op.drop_table("leave_handovers")
