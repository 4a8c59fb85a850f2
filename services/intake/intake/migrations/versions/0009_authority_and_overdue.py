"""cases: the higher authority's time off the clock (R-KIND-6) and supervision's decision on an
overdue case (R-CLOCK-5)

An escalated case already with its authority stops the hall's clock: its deadline is cleared
here and counted again from the history when the authority answers.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 23:50:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from reliable_events import UtcDateTime

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("authority", sa.String(length=200)),
    ("forwarded_on", sa.Date()),
    ("authority_answered_on", sa.Date()),
    ("overdue_since", sa.Date()),
    ("overdue_decision", sa.String(length=30)),
    ("overdue_reason", sa.Text()),
    ("overdue_decided_by", sa.String(length=40)),
    ("overdue_decided_at", UtcDateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.execute(
        sa.text(
            "UPDATE cases SET deadline = NULL, deadline_provisional = :no WHERE status = 'awaiting_authority'"
        ).bindparams(no=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
