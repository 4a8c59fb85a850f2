"""The delivery loop reads only open deliveries: partial indexes instead of a scan of all of them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 07:00:00

ix_deliveries_open (status, next_attempt_at, id) holds pending, sending, sent and in-doubt rows
only; ix_deliveries_failed (id) the given-up ones, for the operators' list. Delivered rows stay
in the table (the archive's record) and in no index the loop reads. The full index on
next_attempt_at, which the loop's planner passed over for a scan in id order, goes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status IN ('pending', 'sending', 'sent', 'in_doubt')")
FAILED = sa.text("status IN ('failed')")


def upgrade() -> None:
    op.create_index(
        "ix_deliveries_open",
        "deliveries",
        ["status", "next_attempt_at", "id"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index("ix_deliveries_failed", "deliveries", ["id"], sqlite_where=FAILED, postgresql_where=FAILED)
    op.drop_index("ix_deliveries_next_attempt_at", table_name="deliveries")


def downgrade() -> None:
    op.create_index("ix_deliveries_next_attempt_at", "deliveries", ["next_attempt_at"], unique=False)
    op.drop_index("ix_deliveries_failed", table_name="deliveries")
    op.drop_index("ix_deliveries_open", table_name="deliveries")
