"""Reviews keep each department's own review limit (R-JOINT-2)

intake's ``case_accepted`` now states, for a joint case, each involved department's own review
limit in working days (``department_limits``, from the catalogue); joint_review keeps it on the
review (``reviews.department_limits``, JSON, null for the reviews opened before) and dates every
task of a department by its own limit, ``task_limit_days`` (``TASK_LIMIT_DAYS``) remaining the
fallback for a department the map leaves out. Downgrading drops the column.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 00:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN on SQLite too: rebuilding reviews would break its tasks' foreign keys
    op.add_column("reviews", sa.Column("department_limits", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("reviews", "department_limits")  # SQLite >= 3.35 drops a column in place
