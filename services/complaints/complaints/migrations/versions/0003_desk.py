"""the could-not-get-it-done desk: items (sealed reporter contact) and their trail (R-UNRES-1..2)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:40:00

"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'desk_items',
        sa.Column('item_no', sa.String(length=40), nullable=False),
        sa.Column('item', sa.String(length=200), nullable=False),
        sa.Column('item_code', sa.String(length=40), nullable=True),
        sa.Column('units', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('reporter_ref', sa.String(length=20), nullable=False),
        sa.Column('identity', sa.Text(), nullable=False),
        sa.Column('tier', sa.String(length=20), nullable=False),
        sa.Column('limit_days', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('department', sa.String(length=80), nullable=True),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('extension_days', sa.Integer(), nullable=False),
        sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('registered_by', sa.String(length=80), nullable=False),
        sa.Column('forwarded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('result', sa.Text(), nullable=True),
        sa.Column('solved', sa.Boolean(), nullable=True),
        sa.Column('answered_on_time', sa.Boolean(), nullable=True),
        sa.Column('follow_up_due', sa.Date(), nullable=True),
        sa.Column('followed_up_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('satisfaction', sa.String(length=24), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('item_no'),
    )
    with op.batch_alter_table('desk_items', schema=None) as batch_op:
        batch_op.create_index('ix_desk_items_status_deadline', ['status', 'deadline'], unique=False)

    op.create_table(
        'desk_steps',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('item_no', sa.String(length=40), nullable=False),
        sa.Column('step', sa.String(length=20), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('actor_role', sa.String(length=40), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['item_no'], ['desk_items.item_no']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('desk_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_steps_item_no'), ['item_no'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('desk_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_steps_item_no'))
    op.drop_table('desk_steps')
    with op.batch_alter_table('desk_items', schema=None) as batch_op:
        batch_op.drop_index('ix_desk_items_status_deadline')
    op.drop_table('desk_items')
