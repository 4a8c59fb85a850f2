"""complaints's tables (one metadata): complaints proper, the desk, and the reliability core's
outbox/inbox.

The complainant's identity lives only in ``complaints.identity``, sealed (Fernet, R-COMP-4);
every other column, table and event carries the pseudonymous ``complainant_ref``.
``intake_cases`` is this service's own projection of intake's case events (never intake's DB).
The desk's reporter contact lives only in ``desk_items.identity``, sealed the same way; its trail,
``desk_steps``, is what the ledger exports (R-UNRES-1..2).
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
)

from reliable_events import UtcDateTime, add_core_tables
from web_api.idempotency_table import add_idempotency_table

metadata = MetaData()


complaints = Table(
    "complaints",
    metadata,
    Column("complaint_no", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),  # complaint | consultation (outside R-COMP-2)
    Column("channel", String(20), nullable=False),
    Column("written", Boolean, nullable=False),  # the complaint is in writing (R-COMP-1, R-COMP-6)
    Column("major", Boolean, nullable=False),
    Column("wide_impact", Boolean, nullable=False),
    Column("category", String(40)),  # R-COMP-2 scope; null for a consultation
    Column("suggested_categories", JSON, nullable=False),
    Column("consultation_reason", Text),
    Column("severity", String(20), nullable=False),  # simple | discipline | crime (R-COMP-7)
    Column("matter", Text, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("place", String(200), nullable=False),
    Column("case_no", String(40), index=True),
    Column("window", String(40)),
    Column("department", String(80)),
    Column("staff_id", String(40)),
    Column("staff_name", String(80)),
    Column("departments", JSON, nullable=False),  # every department involved (R-COMP-5)
    Column("complainant_ref", String(20), nullable=False),
    Column("identity", Text, nullable=False),  # Fernet token of {name, phone, email, address}
    Column("status", String(20), nullable=False),  # open forwarded answered closed referred consultation
    Column("limit_days", Integer, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("received_by", String(80), nullable=False),
    Column("explanation", Text),
    Column("explained_at", UtcDateTime),
    Column("referred_to", String(40)),
    Column("referred_at", UtcDateTime),
    Column("answer_channel", String(10)),  # written | oral
    Column("findings", Text),
    Column("decision", Text),
    Column("call_note", JSON),  # oral answer: who called, when, what was said
    Column("answered_at", UtcDateTime),
    Column("answered_by", String(80)),
    Column("substantiated", Boolean),
    Column("deduction_points", Integer),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(80)),
    Column("version", Integer, nullable=False),
    Index("ix_complaints_status_due", "status", "due_date"),
)

# R-COMP-8: each department a complaint is forwarded to answers and reports back
complaint_forwards = Table(
    "complaint_forwards",
    metadata,
    Column("complaint_no", String(40), ForeignKey("complaints.complaint_no"), primary_key=True),
    Column("department", String(80), primary_key=True),
    Column("forwarded_at", UtcDateTime, nullable=False),
    Column("forwarded_by", String(80), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("status", String(20), nullable=False),  # open reported
    Column("report", Text),
    Column("reported_at", UtcDateTime),
    Column("reported_by", String(80)),
    Index("ix_complaint_forwards_department_status", "department", "status"),
)

complaint_timeline = Table(
    "complaint_timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("complaint_no", String(40), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False),
    Column("action", String(40), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("details", JSON, nullable=False),
)

# one row per complaint, threshold and due date: the sweep raises each alert once (R-COMP-5)
complaint_alerts = Table(
    "complaint_alerts",
    metadata,
    Column("complaint_no", String(40), ForeignKey("complaints.complaint_no"), primary_key=True),
    Column("threshold", String(20), primary_key=True),  # due_soon overdue
    Column("due_date", Date, primary_key=True),
    Column("raised_at", UtcDateTime, nullable=False),
)

# R-COMP-7: an agency asks for a referred complaint's identity; the office grants; read once
identity_requests = Table(
    "complaint_identity_requests",
    metadata,
    Column("request_id", String(40), primary_key=True),
    Column("complaint_no", String(40), ForeignKey("complaints.complaint_no"), nullable=False, index=True),
    Column("agency", String(80), nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),  # pending granted refused read
    Column("requested_at", UtcDateTime, nullable=False),
    Column("decided_by", String(80)),
    Column("decided_at", UtcDateTime),
    Column("read_at", UtcDateTime),
)

# follow-up (回访) with satisfaction after close, one per complaint
complaint_follow_ups = Table(
    "complaint_follow_ups",
    metadata,
    Column("complaint_no", String(40), ForeignKey("complaints.complaint_no"), primary_key=True),
    Column("satisfaction", String(20), nullable=False),  # satisfied basically_satisfied dissatisfied
    Column("note", Text),
    Column("followed_up_at", UtcDateTime, nullable=False),
    Column("followed_up_by", String(80), nullable=False),
)

# the local projection of intake's case events, to link complaints to cases (R-COMP-2)
intake_cases = Table(
    "intake_cases",
    metadata,
    Column("case_no", String(40), primary_key=True),
    Column("item_code", String(40), nullable=False),
    Column("item_name", String(200), nullable=False),
    Column("department", String(80), nullable=False),
    Column("window", String(40)),
    Column("holder_id", String(40)),
    Column("status", String(30), nullable=False),
    Column("deadline", Date),
    Column("went_overdue", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


desk_items = Table(
    "desk_items",
    metadata,
    Column("item_no", String(40), primary_key=True),
    Column("item", String(200), nullable=False),  # what the reporter could not get done
    Column("item_code", String(40)),  # its catalogue code, when known
    Column("units", JSON, nullable=False),  # the departments involved
    Column("reason", Text, nullable=False),  # why it failed
    Column("channel", String(20), nullable=False),  # desk | phone | open311
    Column("reporter_ref", String(20), nullable=False),
    Column("identity", Text, nullable=False),  # Fernet token of {name, phone, email}
    Column("tier", String(20), nullable=False),
    Column("limit_days", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # registered forwarded answered closed
    Column("department", String(80)),  # the owning unit it is forwarded to
    Column("deadline", Date),
    Column("extension_days", Integer, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("registered_by", String(80), nullable=False),
    Column("forwarded_at", UtcDateTime),
    Column("answered_at", UtcDateTime),
    Column("result", Text),
    Column("solved", Boolean),
    Column("answered_on_time", Boolean),
    Column("follow_up_due", Date),
    Column("followed_up_at", UtcDateTime),
    Column("satisfaction", String(24)),
    Column("version", Integer, nullable=False),
    Index("ix_desk_items_status_deadline", "status", "deadline"),
)

desk_steps = Table(
    "desk_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_no", String(40), ForeignKey("desk_items.item_no"), nullable=False, index=True),
    Column("step", String(20), nullable=False),  # registered forwarded extended answered followed_up
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("actor_role", String(40), nullable=False),
    Column("details", JSON, nullable=False),
)

add_core_tables(metadata)
add_idempotency_table(metadata)
