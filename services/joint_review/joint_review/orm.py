"""joint_review's tables: reviews, their per-department tasks, opinions, convergences, timeline.

``convergences`` has one row per (review, round): its primary key is the last guard that a round
converges exactly once, even if two replicas both see the last opinion arrive.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from reliable_events import UtcDateTime, add_core_tables
from web_api.idempotency_table import add_idempotency_table

metadata = MetaData()

reviews = Table(
    "reviews",
    metadata,
    Column("review_id", String(60), primary_key=True),
    Column("case_no", String(40), nullable=False, unique=True),
    Column("item_code", String(40), nullable=False),
    Column("item_name", String(200), nullable=False),
    Column("lead_department", String(80), nullable=False),
    Column("departments", JSON, nullable=False),
    Column("materials", JSON, nullable=False),
    Column("material_details", JSON),  # [{name, kind, presented}] from case_accepted (R-JOINT-2)
    Column("urgent", Boolean, nullable=False, server_default=false()),  # R-KIND-7
    Column("status", String(30), nullable=False),  # in_review awaiting_supplement converged decided
    Column("round", Integer, nullable=False),
    Column("task_limit_days", Integer, nullable=False),  # the fallback for a department not below
    Column("department_limits", JSON),  # {department: its own review limit in working days} (R-JOINT-2)
    Column("draft", JSON),
    Column("decision", String(20)),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("converged_at", UtcDateTime()),
    Column("decided_at", UtcDateTime()),
    Column("version", Integer, nullable=False, default=1),
    Index("ix_reviews_status", "status"),  # the reviews not yet decided
)

tasks = Table(
    "tasks",
    metadata,
    Column("task_id", String(140), primary_key=True),
    Column("review_id", String(60), ForeignKey("reviews.review_id"), nullable=False),
    Column("department", String(80), nullable=False),
    Column("round", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # open answered
    Column("assignee_id", String(40)),
    Column("assignee_role", String(10)),  # primary backup (R-JOINT-7); null: the department's pool
    Column("assigned_at", UtcDateTime(), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("asked_materials", JSON, nullable=False),
    Column("answered_at", UtcDateTime()),
    Column("opinion_id", String(64)),
    Column("verdict", String(20)),
    UniqueConstraint("review_id", "department", "round", name="uq_task_per_round"),
    Index("ix_tasks_department_status", "department", "status"),
    Index("ix_tasks_status_due", "status", "due_date"),  # the sweep: open tasks due by tomorrow
    Index(
        "ix_tasks_assignee_status", "assignee_id", "status", "task_id"
    ),  # a reviewer's open tasks, in order
    Index("ix_tasks_due_date", "due_date", "department"),  # the month's report
)

# An opinion id is scoped to its task (the sender chooses it; a resend of the same id for the same
# task is a replay): the key is (task_id, opinion_id). Within a department an id names one
# opinion only, so the department reusing it for another task is refused (opinion_id_reused);
# another department's ids never collide with its own.
opinions = Table(
    "opinions",
    metadata,
    Column("task_id", String(140), ForeignKey("tasks.task_id"), nullable=False),
    Column("opinion_id", String(64), nullable=False),
    Column("review_id", String(60), nullable=False),
    Column("department", String(80), nullable=False),
    Column("round", Integer, nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("conditions", JSON, nullable=False),
    Column("reason", Text),
    Column("materials", JSON, nullable=False),
    Column("reviewer_id", String(40), nullable=False),
    Column("channel", String(10), nullable=False),  # http | amqp | meeting
    Column("recorded_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("task_id", "opinion_id", name="pk_opinions"),
    UniqueConstraint("review_id", "department", "round", name="uq_one_answer_per_round"),
    UniqueConstraint("department", "opinion_id", name="uq_opinion_id_per_department"),
)

convergences = Table(
    "convergences",
    metadata,
    Column("review_id", String(60), ForeignKey("reviews.review_id"), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("outcome", String(20), nullable=False),
    Column("body", JSON, nullable=False),
    Column("converged_at", UtcDateTime(), nullable=False),
)

timeline = Table(
    "timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", String(60), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("action", String(40), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("details", JSON, nullable=False),
)

# R-JOINT-6: one row per task and threshold (due_soon, overdue); the key lets one sweep, on one
# replica, raise each alert: the other's insert conflicts and it publishes nothing.
task_alerts = Table(
    "task_alerts",
    metadata,
    Column("task_id", String(140), ForeignKey("tasks.task_id"), primary_key=True),
    Column("threshold", String(20), primary_key=True),  # due_soon overdue
    Column("review_id", String(60), nullable=False),
    Column("department", String(80), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("raised_at", UtcDateTime(), nullable=False),
)

# R-JOINT-6 "counted against them": one row per task reported overdue to supervision (督办), written
# in the transaction that publishes its task_overdue event, once per task (the key); counted in the
# month of its due date by GET /reports/department-overdue. days_late: working days past the due
# date when it was reported (the missed due day counts as the first).
overdue_records = Table(
    "overdue_records",
    metadata,
    Column("task_id", String(140), ForeignKey("tasks.task_id"), primary_key=True),
    Column("department", String(80), nullable=False),
    Column("month", String(7), nullable=False),  # YYYY-MM of the due date
    Column("case_no", String(40), nullable=False),
    Column("review_id", String(60), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("days_late", Integer, nullable=False),
    Column("outcome", String(20), nullable=False),  # escalated silence_consent
    Column("reported_at", UtcDateTime(), nullable=False),
    Index("ix_overdue_records_month_department", "month", "department"),
)

# R-JOINT-5: joint review meetings (联审会) and their minutes (会签)
meetings = Table(
    "meetings",
    metadata,
    Column("meeting_id", String(40), primary_key=True),
    Column("review_id", String(60), ForeignKey("reviews.review_id"), nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("place", String(200), nullable=False),
    Column("departments", JSON, nullable=False),
    Column("scheduled_by", String(80), nullable=False),
    Column("scheduled_at", UtcDateTime(), nullable=False),
    Column("minutes", JSON),
    Column("summary", Text),
    Column("minuted_at", UtcDateTime()),
)

# R-JOINT-5, R-CLOCK-2: joint site inspections (联合踏勘); their working days are off the clock
inspections = Table(
    "inspections",
    metadata,
    Column("inspection_id", String(40), primary_key=True),
    Column("review_id", String(60), ForeignKey("reviews.review_id"), nullable=False, index=True),
    Column("site", String(200), nullable=False),
    Column("departments", JSON, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("expected_working_days", Integer),  # what the applicant is told (R-CLOCK-2); null before 0010
    Column("started_by", String(80), nullable=False),
    Column("ended_by", String(80)),
)
# the running ones only (the sweep skips their reviews): a partial index, on both databases
Index(
    "ix_inspections_running",
    inspections.c.review_id,
    sqlite_where=inspections.c.ends_on.is_(None),
    postgresql_where=inspections.c.ends_on.is_(None),
)

# R-JOINT-7, R-AB-1: each department's primary (A) and backup (B) reviewer, and their leave
department_reviewers = Table(
    "department_reviewers",
    metadata,
    Column("department", String(80), primary_key=True),
    Column("primary_id", String(40), nullable=False),
    Column("primary_name", String(80), nullable=False),
    Column("backup_id", String(40), nullable=False),
    Column("backup_name", String(80), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("updated_by", String(80), nullable=False),
)

reviewer_leaves = Table(
    "reviewer_leaves",
    metadata,
    Column("leave_id", Integer, primary_key=True, autoincrement=True),
    Column("reviewer_id", String(40), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    Index("ix_reviewer_leaves_ends_on", "ends_on"),  # the leaves not yet over
)

add_core_tables(metadata)
add_idempotency_table(metadata)
