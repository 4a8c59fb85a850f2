"""Reviews keep whether their case is urgent (R-KIND-7): a department's tasks list urgent cases first

intake's ``case_accepted`` has always said ``urgent``; joint_review now keeps it on the review
(``reviews.urgent``, not null, false for the reviews opened before). Downgrading drops the column.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 22:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN on SQLite too: rebuilding reviews would break its tasks' foreign keys
    op.add_column("reviews", sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("reviews", "urgent")  # SQLite >= 3.35 drops a column in place
