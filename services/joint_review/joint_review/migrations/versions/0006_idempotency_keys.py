"""Idempotency keys of creating POSTs: the same key answers the first result again

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 15:00:01

"""

from collections.abc import Sequence

from web_api.idempotency_migrations import create_idempotency_table_v1, drop_idempotency_table_v1

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_idempotency_table_v1()


def downgrade() -> None:
    drop_idempotency_table_v1()
