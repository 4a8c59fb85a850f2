"""Overdue tasks are kept per department and month (R-JOINT-6); inspections state their expected duration

``overdue_records``: one row per task reported overdue to supervision, written with its
``task_overdue`` event, so "counted against them" survives a restart (it was only a Prometheus
counter). The overdue alerts raised before this revision (``task_alerts``) are copied in, their
days late counted from the due date to the day they were raised. ``inspections.expected_working_days``
(null before): the duration the lead window expects, told to the applicant (R-CLOCK-2).
Downgrading drops both.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 00:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "overdue_records",
        sa.Column("task_id", sa.String(length=140), nullable=False),
        sa.Column("department", sa.String(length=80), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("case_no", sa.String(length=40), nullable=False),
        sa.Column("review_id", sa.String(length=60), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("days_late", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.task_id"]),
        sa.PrimaryKeyConstraint("task_id"),
    )
    op.create_index("ix_overdue_records_month_department", "overdue_records", ["month", "department"])
    op.add_column("inspections", sa.Column("expected_working_days", sa.Integer(), nullable=True))
    _copy_past_alerts()


def _copy_past_alerts() -> None:
    """The overdue alerts raised before: each task once, as the sweep would have recorded it."""
    # the rules as they stand at this revision, written out: a migration must not change with the code
    from reliable_events import as_utc
    from workday_calendar import WorkingCalendar

    calendar = WorkingCalendar()
    alerts = sa.table(
        "task_alerts",
        *(sa.column(name) for name in ("task_id", "threshold", "review_id", "department")),
        sa.column("due_date", sa.Date()),
        sa.column("raised_at", sa.DateTime(timezone=True)),
    )
    tasks = sa.table("tasks", sa.column("task_id"), sa.column("opinion_id"))
    reviews = sa.table("reviews", sa.column("review_id"), sa.column("case_no"))
    records = sa.table(
        "overdue_records",
        *(sa.column(name) for name in ("task_id", "department", "month", "case_no", "review_id")),
        sa.column("due_date", sa.Date()),
        sa.column("days_late"),
        sa.column("outcome"),
        sa.column("reported_at", sa.DateTime(timezone=True)),
    )
    found = (
        sa.select(alerts, tasks.c.opinion_id, reviews.c.case_no)
        .join(tasks, tasks.c.task_id == alerts.c.task_id)
        .join(reviews, reviews.c.review_id == alerts.c.review_id)
        .where(alerts.c.threshold == "overdue")
    )
    bind = op.get_bind()
    for row in bind.execute(found).mappings().all():
        raised_at = as_utc(row["raised_at"])
        silent = str(row["opinion_id"] or "").startswith("silence-")  # the system's answer (R-CLOCK-5)
        reported_on = calendar.today(raised_at)
        bind.execute(
            records.insert().values(
                task_id=row["task_id"],
                department=row["department"],
                month=f"{row['due_date']:%Y-%m}",
                case_no=row["case_no"],
                review_id=row["review_id"],
                due_date=row["due_date"],
                days_late=max(1, calendar.working_days_between(row["due_date"], max(reported_on, row["due_date"]))),
                outcome="silence_consent" if silent else "escalated",
                reported_at=raised_at,
            )
        )


def downgrade() -> None:
    op.drop_column("inspections", "expected_working_days")
    op.drop_index("ix_overdue_records_month_department", table_name="overdue_records")
    op.drop_table("overdue_records")
