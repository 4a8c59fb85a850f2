"""Opinion ids scoped to the task: key (task_id, opinion_id), one id per department

Until 0006 an opinion id was global (primary key opinion_id): a reused id answered as a replay
and recorded nothing, and one department could pre-empt another's answer by guessing its id. The
key is now (task_id, opinion_id); within a department an id names one opinion (unique
(department, opinion_id)). Existing rows keep their ids: they were globally unique, so both
constraints hold for them.

SQLite cannot alter a primary key, so there the table is rebuilt (batch mode); on PostgreSQL the
constraints are altered in place. Downgrading fails if two departments have since used the same id.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 17:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIQUE = "uq_opinion_id_per_department"


def _opinions(primary_key: list[str], pk_name: str | None, *constraints) -> sa.Table:
    """The opinions table as 0002 made it, with the given key (SQLite rebuilds it from this)."""
    return sa.Table(
        "opinions",
        sa.MetaData(),
        sa.Column("opinion_id", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.String(length=140), nullable=False),
        sa.Column("review_id", sa.String(length=60), nullable=False),
        sa.Column("department", sa.String(length=80), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("reviewer_id", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.task_id"]),
        sa.PrimaryKeyConstraint(*primary_key, name=pk_name),
        sa.UniqueConstraint("review_id", "department", "round", name="uq_one_answer_per_round"),
        *constraints,
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        scoped = _opinions(["task_id", "opinion_id"], "pk_opinions",
                           sa.UniqueConstraint("department", "opinion_id", name=UNIQUE))
        with op.batch_alter_table("opinions", recreate="always", copy_from=scoped):
            pass
        return
    op.drop_constraint(sa.inspect(op.get_bind()).get_pk_constraint("opinions")["name"], "opinions",
                       type_="primary")
    op.create_primary_key("pk_opinions", "opinions", ["task_id", "opinion_id"])
    op.create_unique_constraint(UNIQUE, "opinions", ["department", "opinion_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("opinions", recreate="always", copy_from=_opinions(["opinion_id"], None)):
            pass
        return
    op.drop_constraint(UNIQUE, "opinions", type_="unique")
    op.drop_constraint("pk_opinions", "opinions", type_="primary")
    op.create_primary_key("opinions_pkey", "opinions", ["opinion_id"])
