"""deliveries, inbox_messages, print_jobs; notices gain complaint_no, audience, title, source_type, correlation_id

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 11:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("complaint_no", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("audience", sa.String(length=20), nullable=False,
                                   server_default="applicant"))
        batch.add_column(sa.Column("title", sa.String(length=80), nullable=False, server_default=""))
        batch.add_column(sa.Column("source_type", sa.String(length=80), nullable=False, server_default=""))
        batch.add_column(sa.Column("correlation_id", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_notices_complaint_no"), ["complaint_no"], unique=False)
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("notice_no", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("failure", sa.String(length=20), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("provider_ref", sa.String(length=120), nullable=True),
        sa.Column("fallback_from", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["notice_no"], ["notices.notice_no"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("deliveries") as batch:
        batch.create_index(batch.f("ix_deliveries_notice_no"), ["notice_no"], unique=False)
        batch.create_index(batch.f("ix_deliveries_next_attempt_at"), ["next_attempt_at"], unique=False)
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recipient_ref", sa.String(length=80), nullable=False),
        sa.Column("notice_no", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["notice_no"], ["notices.notice_no"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("recipient_ref", "notice_no", name="uq_inbox_notice"),
    )
    with op.batch_alter_table("inbox_messages") as batch:
        batch.create_index(batch.f("ix_inbox_messages_recipient_ref"), ["recipient_ref"], unique=False)
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("notice_no", sa.String(length=40), nullable=False),
        sa.Column("recipient_ref", sa.String(length=80), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handed_over_by", sa.String(length=40), nullable=True),
        sa.Column("how", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["notice_no"], ["notices.notice_no"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notice_no"),
    )


def downgrade() -> None:
    op.drop_table("print_jobs")
    op.drop_table("inbox_messages")
    op.drop_table("deliveries")
    with op.batch_alter_table("notices") as batch:
        batch.drop_index(batch.f("ix_notices_complaint_no"))
        for column in ("correlation_id", "source_type", "title", "audience", "complaint_no"):
            batch.drop_column(column)
