"""The department a case's notice belongs to: only its windows may print its letters

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 17:45:00

Notices archived before this revision have no department; their letters are printed by the
department named when the case's next notice arrives, or handed over by the complaints office
(complaint letters) only (docs/guides/complaints-office.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("department", sa.String(60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("department")
