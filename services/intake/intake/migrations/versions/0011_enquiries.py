"""Enquiries whose one-time notice follows by SMS or email within 3 days (R-ONCE-2)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 23:59:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enquiries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("enquiry_no", sa.String(length=40), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("item_name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("enquirer_phone", sa.String(length=40), nullable=True),
        sa.Column("enquirer_email", sa.String(length=200), nullable=True),
        sa.Column("staff_id", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enquiry_no"),
    )
    with op.batch_alter_table("enquiries") as batch_op:
        batch_op.create_index(batch_op.f("ix_enquiries_department"), ["department"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enquiries") as batch_op:
        batch_op.drop_index(batch_op.f("ix_enquiries_department"))
    op.drop_table("enquiries")
