"""Intake's tables (SQLAlchemy 2 Core tables; the outbox and inbox are added beside them).

``cases`` holds the current state of each case (indexed for the ledger and the timer);
``case_history`` is what happened to it, in order, and who did it: the clock is recomputed from
it (R-CLOCK-2..4) and it answers "who handled what" (R-AB-1). Every moment is a ``UtcDateTime``:
aware UTC in and out, on SQLite too, so no reader fixes naive values.
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
    String,
    Table,
    Text,
    UniqueConstraint,
)

from reliable_events import UtcDateTime, add_core_tables
from web_api.idempotency_table import add_idempotency_table

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_no", String(40), nullable=False, unique=True),
    Column("item_code", String(40), nullable=False),
    Column("item_name", String(200), nullable=False),
    Column("department", String(80), nullable=False),
    Column("kind", String(20), nullable=False),  # immediate promised supplement returned joint escalated
    Column("status", String(40), nullable=False),
    Column("step", String(60), nullable=False),  # the current step, as the applicant may see it
    Column("urgent", Boolean, nullable=False, default=False),
    Column("channel", String(20), nullable=False),
    Column("applicant_name", String(100), nullable=False),
    Column("applicant_phone", String(40), nullable=False),
    Column("applicant_email", String(200), nullable=True),  # optional; read only by notify (internal)
    Column("verification_hash", String(64), nullable=False),
    # the receipt's code itself, kept as the contact is, read only by notify (internal) to print the
    # receipt; null for a case registered before intake kept it (0008)
    Column("verification_code", String(16), nullable=True),
    Column("window", String(40), nullable=False),
    Column("staff_id", String(40), nullable=False),  # the first responder, who received it
    Column("staff_name", String(100), nullable=False),
    Column("staff_phone", String(40), nullable=False),
    Column("holder_id", String(40), nullable=False),  # who handles it now (transfer, A/B)
    Column("registered_at", UtcDateTime, nullable=False),
    Column("accepted_at", UtcDateTime),  # materials complete: the clock starts
    Column("clock_start", Date),
    Column("limit_days", Integer, nullable=False, default=0),
    Column("extension_days", Integer, nullable=False, default=0),
    Column("suspended_since", Date),
    Column("deadline", Date),
    Column("deadline_provisional", Boolean, nullable=False, default=False),
    Column("forwarding_deadline", Date),
    Column("authority", String(200)),  # R-KIND-6: the higher authority it was forwarded to
    Column("forwarded_on", Date),  # from the day after it, the authority's time is off the clock
    Column("authority_answered_on", Date),
    Column("missing_materials", JSON, nullable=False, default=list),
    Column("supplement_rounds", Integer, nullable=False, default=0),
    Column("completed_at", UtcDateTime),
    Column("outcome", String(20)),  # approved refused returned
    Column("outcome_reason", Text),
    Column("on_time", Boolean),
    Column("overdue_since", Date),  # R-CLOCK-5: marked by the sweep when it passed its deadline
    Column("overdue_decision", String(30)),  # supervision: approve_as_normal | legal_obstacle
    Column("overdue_reason", Text),
    Column("overdue_decided_by", String(40)),
    Column("overdue_decided_at", UtcDateTime),
    Column("version", Integer, nullable=False, default=1),
    Index("ix_cases_open_deadline", "status", "deadline"),
    Index("ix_cases_staff", "staff_id", "status"),
    Index("ix_cases_registered_at", "registered_at"),
    Index("ix_cases_holder", "holder_id", "status"),  # 0012
    Index("ix_cases_forwarding", "status", "forwarding_deadline"),  # 0012
)

case_history = Table(
    "case_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_no", String(40), ForeignKey("cases.case_no"), nullable=False, index=True),
    Column("action", String(40), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("on_date", Date, nullable=False),  # the China-time date the clock counts from
    Column("actor_id", String(40), nullable=False),
    Column("details", JSON, nullable=False, default=dict),
)

case_alerts = Table(
    "case_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_no", String(40), nullable=False),
    Column("threshold", String(20), nullable=False),  # due_soon | overdue
    Column("deadline", Date, nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    UniqueConstraint("case_no", "threshold", "deadline", name="uq_case_alert_once"),
)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("phone", String(40), nullable=False),
    Column("window", String(40), nullable=False),
    Column("department", String(80), nullable=False),
)

posts = Table(
    "posts",
    metadata,
    Column("post_id", String(40), primary_key=True),
    Column("window", String(40), nullable=False, index=True),
    Column("department", String(80), nullable=False),
    Column("primary_id", String(40), ForeignKey("staff.staff_id"), nullable=False),
    Column("backup_id", String(40), ForeignKey("staff.staff_id"), nullable=False),
)

leaves = Table(
    "leaves",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("staff_id", String(40), ForeignKey("staff.staff_id"), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("kind", String(20), nullable=False),  # leave | business_trip
    Column("reason", Text, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("cancelled", Boolean, nullable=False, default=False),
    Index("ix_leaves_ends_on", "ends_on"),  # 0012
)

# R-AB-1: a leave's open cases were handed to the post partner (once, whichever replica sweeps first)
leave_handovers = Table(
    "leave_handovers",
    metadata,
    Column("leave_id", Integer, ForeignKey("leaves.id"), primary_key=True, autoincrement=False),
    Column("handed_over_at", UtcDateTime, nullable=False),
)

# one row (id 1): one more with every write to the roster, in the write's transaction; a process
# keeps the roster's answers while it reads the same number (``intake.staff.holders``)
roster_version = Table(
    "roster_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

# R-AB-2: the days a window opens beyond the working days (a village station open at weekends)
window_openings = Table(
    "window_openings",
    metadata,
    Column("window", String(40), primary_key=True),
    Column("days", JSON, nullable=False),  # ISO weekdays, 1 (Monday) .. 7 (Sunday)
    Column("on_holidays", Boolean, nullable=False, default=False),
    Column("opens", String(5), nullable=False),  # HH:MM, China time
    Column("closes", String(5), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(80), nullable=False),
)

ratings = Table(
    "ratings",
    metadata,
    Column("case_no", String(40), ForeignKey("cases.case_no"), primary_key=True),
    Column("rating", String(30), nullable=False),  # satisfied basically_satisfied dissatisfied
    Column("comment", Text),
    Column("rated_at", UtcDateTime, nullable=False),
)

score_deductions = Table(
    "score_deductions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("staff_id", String(40), nullable=False, index=True),
    Column("month", String(7), nullable=False),  # YYYY-MM
    Column("reason", String(40), nullable=False),
    Column("points", Integer, nullable=False),
    Column("source_ref", String(80), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    UniqueConstraint("source_ref", "reason", name="uq_deduction_once"),
)

calendar_years = Table(
    "calendar_years",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("content", JSON, nullable=False),  # the override file format of workday_calendar
    Column("loaded_at", UtcDateTime, nullable=False),  # replicas reload when it moves
)

# R-ONCE-2: enquiries whose one-time notice follows by SMS or email within 3 days
enquiries = Table(
    "enquiries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enquiry_no", String(40), nullable=False, unique=True),
    Column("item_code", String(40), nullable=False),
    Column("item_name", String(200), nullable=False),
    Column("department", String(80), nullable=False, index=True),
    Column("channel", String(20), nullable=False),  # phone | window
    Column("enquirer_phone", String(40), nullable=True),  # read only by notify (internal)
    Column("enquirer_email", String(200), nullable=True),  # read only by notify (internal)
    Column("staff_id", String(40), nullable=False),  # who took it
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("notice_due_at", UtcDateTime, nullable=False),
)

add_core_tables(metadata)
add_idempotency_table(metadata)
