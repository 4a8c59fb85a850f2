"""roster_version (the roster's answers kept per process) and indexes for the per-request and
timed queries that read a growing table

- ``roster_version``: one row, one more with every roster write (``intake.staff.holders``);
- ``ix_cases_holder``: the open cases someone holds (a leave's hand-over, a clerk's worklist)
  found without reading every open case;
- ``ix_cases_forwarding``: escalated cases near their forwarding day (the sweep);
- ``ix_leaves_ends_on``: leaves not over yet (the hand-over sweep) without reading old ones.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 07:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    version = op.create_table(
        "roster_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])
    op.create_index("ix_cases_holder", "cases", ["holder_id", "status"])
    op.create_index("ix_cases_forwarding", "cases", ["status", "forwarding_deadline"])
    op.create_index("ix_leaves_ends_on", "leaves", ["ends_on"])


def downgrade() -> None:
    op.drop_index("ix_leaves_ends_on", table_name="leaves")
    op.drop_index("ix_cases_forwarding", table_name="cases")
    op.drop_index("ix_cases_holder", table_name="cases")
    op.drop_table("roster_version")
