"""The one-time notice owed to an enquirer, tracked against its 3-day limit (R-ONCE-2)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 00:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "one_time_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("enquiry_no", sa.String(length=40), nullable=False),
        sa.Column("notice_no", sa.String(length=40), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("taken_by", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_channel", sa.String(length=20), nullable=True),
        sa.Column("overdue_raised_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["notice_no"], ["notices.notice_no"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enquiry_no"),
        sa.UniqueConstraint("notice_no"),
    )
    with op.batch_alter_table("one_time_notices") as batch_op:
        batch_op.create_index(batch_op.f("ix_one_time_notices_department"), ["department"], unique=False)
        batch_op.create_index(batch_op.f("ix_one_time_notices_notice_due_at"), ["notice_due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("one_time_notices") as batch_op:
        batch_op.drop_index(batch_op.f("ix_one_time_notices_notice_due_at"))
        batch_op.drop_index(batch_op.f("ix_one_time_notices_department"))
    op.drop_table("one_time_notices")
