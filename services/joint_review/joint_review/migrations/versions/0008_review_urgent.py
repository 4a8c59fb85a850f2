"""Reviews keep whether their case is urgent (R-KIND-7) and the details of its materials (R-JOINT-2)

intake's ``case_accepted`` has always said ``urgent``; joint_review now keeps it on the review
(``reviews.urgent``, not null, false for the reviews opened before), so a department's tasks list
urgent cases first. ``reviews.material_details`` (JSON, null before) keeps each material's name,
main/attachment and presented as the case listed them. Downgrading drops both columns.

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
    op.add_column("reviews", sa.Column("material_details", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("reviews", "material_details")  # SQLite >= 3.35 drops a column in place
    op.drop_column("reviews", "urgent")
