"""initial

Revision ID: 0001
Revises:
Create Date: 2026-11-22 18:50:49.352724

"""
from collections.abc import Sequence

from reliable_events.migrations import create_core_tables_v1, drop_core_tables_v1

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    create_core_tables_v1()  # the reliability core's outbox and inbox


def downgrade() -> None:
    """Downgrade schema."""
    drop_core_tables_v1()
