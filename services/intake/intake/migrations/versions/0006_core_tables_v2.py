"""The reliability core's tables, v2: outbox rows retried alone and parked, indexes for pruning

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 15:00:00

"""

from collections.abc import Sequence

from reliable_events.migrations import downgrade_core_tables_v2, upgrade_core_tables_v2

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    upgrade_core_tables_v2()


def downgrade() -> None:
    downgrade_core_tables_v2()
