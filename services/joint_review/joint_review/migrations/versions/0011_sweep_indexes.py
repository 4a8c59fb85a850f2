"""Indexes for the deadline sweep, the hand-over and the month's report (issue 17)

Without them each of these read every row of a table that only grows: the sweep's candidates
(open tasks due by tomorrow: ``ix_tasks_status_due``), a reviewer's open tasks and the reviewers
away who hold some (``ix_tasks_assignee_status``), the month's report (tasks due in the month:
``ix_tasks_due_date``), the reviews not yet decided (``ix_reviews_status``), the running
inspections (``ix_inspections_running``, of those only) and the leaves not yet over (``ix_reviewer_leaves_ends_on``).
Each now reads only what it returns, or what is still open (EXPLAIN at 10^5 tasks:
tests/service/joint_review_deadlines/test_sweep_query_plans.py). Plain CREATE INDEX on both
databases; downgrading drops them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 07:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ("ix_tasks_status_due", "tasks", ["status", "due_date"]),
    ("ix_tasks_assignee_status", "tasks", ["assignee_id", "status", "task_id"]),
    ("ix_tasks_due_date", "tasks", ["due_date", "department"]),
    ("ix_reviews_status", "reviews", ["status"]),
    ("ix_reviewer_leaves_ends_on", "reviewer_leaves", ["ends_on"]),
]


RUNNING = "ends_on IS NULL"  # the inspections still running: a partial index of those only


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    where = {"sqlite_where": sa.text(RUNNING), "postgresql_where": sa.text(RUNNING)}
    op.create_index("ix_inspections_running", "inspections", ["review_id"], **where)


def downgrade() -> None:
    op.drop_index("ix_inspections_running", table_name="inspections")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
