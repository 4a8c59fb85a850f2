"""An SMS delivery by the gateway's id of it: the index the pushed delivery reports read

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00

The SMS gateway pushes delivery reports naming its own message id (``provider_ref``);
ix_deliveries_provider_ref finds the delivery without a scan of the table. Partial: only SMS
deliveries the gateway accepted have an id, the inbox, letters and email none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITH_REF = sa.text("provider_ref IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_deliveries_provider_ref",
        "deliveries",
        ["provider_ref"],
        sqlite_where=WITH_REF,
        postgresql_where=WITH_REF,
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_provider_ref", table_name="deliveries")
