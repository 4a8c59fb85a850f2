"""A notice may be a desk item's (R-UNRES-2: the result notice to the reporter): notices.item_no

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("item_no", sa.String(length=40), nullable=True))
        batch.create_index(batch.f("ix_notices_item_no"), ["item_no"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_index(batch.f("ix_notices_item_no"))
        batch.drop_column("item_no")
