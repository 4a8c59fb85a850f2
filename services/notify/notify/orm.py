"""Notify's tables: the archive of rendered notices, their deliveries, the inbox, the print queue.

``notices`` is the archive (one row per notice and recipient, never changed after it is written).
``deliveries`` is one attempt chain per channel: a fallback is a new row pointing at the one that
failed. ``inbox_messages`` is what a person reads in the app; ``print_jobs`` the letters waiting at the
window. The unique keys are the idempotency keys: an event applied twice cannot add a row.
"""

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    literal_column,
)

from reliable_events import UtcDateTime, add_core_tables
from web_api.idempotency_table import add_idempotency_table

metadata = MetaData()

notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notice_no", String(40), nullable=False, unique=True),
    Column("notice_type", String(40), nullable=False),
    Column("case_no", String(40), nullable=True, index=True),
    Column("recipient_ref", String(80), nullable=False),
    Column("channel", String(20), nullable=False),  # the first channel tried
    Column("template", String(60), nullable=False),
    Column("template_version", Integer, nullable=False),
    Column("content", Text, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("source_event_id", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("complaint_no", String(40), nullable=True, index=True),
    Column("audience", String(20), nullable=False, server_default="applicant"),  # applicant complainant staff
    Column("title", String(80), nullable=False, server_default=""),
    Column("source_type", String(80), nullable=False, server_default=""),  # e.g. intake.case_accepted
    Column("correlation_id", String(64), nullable=True),  # the source event's: deliveries continue it
    # a case's department (the lead's for a joint case): only its windows print the case's letters
    Column("department", String(60), nullable=True),
    # a desk item's number (R-UNRES-2: the result notice to the reporter); null for cases and complaints
    Column("item_no", String(40), nullable=True, index=True),
    UniqueConstraint("source_event_id", "notice_type", "recipient_ref", name="uq_notice_idempotency"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notice_no", String(40), ForeignKey("notices.notice_no"), nullable=False, index=True),
    Column("channel", String(20), nullable=False),  # sms email inbox letter
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("status", String(20), nullable=False),  # pending sending sent delivered failed in_doubt
    Column("failure", String(20), nullable=True),  # temporary (retries exhausted) or permanent
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime(), nullable=True),
    Column("claimed_at", UtcDateTime(), nullable=True),
    Column("detail", String(500), nullable=True),  # the peer's last words
    Column("provider_ref", String(120), nullable=True),
    Column("fallback_from", Integer, nullable=True),  # the delivery whose failure led here
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("delivered_at", UtcDateTime(), nullable=True),
)

# The loop reads only unsettled deliveries, through a partial index that holds nothing else:
# a delivered or failed row leaves it and stays in the table, the archive's legal record
# (docs/architecture.md, "Deliveries: the loop reads only what is open"). The statuses are
# literals, in the index and in every query meant to use it (``unsettled``): a partial index
# is used when the query's condition names its condition, a bound parameter does not.
OPEN_STATUSES = ("pending", "sending", "sent", "in_doubt")


def status_among(*statuses: str):
    """``deliveries.status IN ('pending', ...)`` with the statuses as literals."""
    return deliveries.c.status.in_([literal_column(f"'{status}'") for status in statuses])


unsettled = status_among(*OPEN_STATUSES)
Index(
    "ix_deliveries_open",
    deliveries.c.status,
    deliveries.c.next_attempt_at,
    deliveries.c.id,
    sqlite_where=unsettled,
    postgresql_where=unsettled,
)
# the operators' list of given-up deliveries (resend, the console's failed-deliveries page)
Index(
    "ix_deliveries_failed",
    deliveries.c.id,
    sqlite_where=status_among("failed"),
    postgresql_where=status_among("failed"),
)

# an SMS by the gateway's id of it, for the delivery reports the gateway pushes
# (notify.delivery.sms_reports); only SMS deliveries the gateway accepted have one
Index(
    "ix_deliveries_provider_ref",
    deliveries.c.provider_ref,
    sqlite_where=deliveries.c.provider_ref.isnot(None),
    postgresql_where=deliveries.c.provider_ref.isnot(None),
)

inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("recipient_ref", String(80), nullable=False, index=True),
    Column("notice_no", String(40), ForeignKey("notices.notice_no"), nullable=False),
    Column("title", String(80), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("read_at", UtcDateTime(), nullable=True),
    UniqueConstraint("recipient_ref", "notice_no", name="uq_inbox_notice"),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notice_no", String(40), ForeignKey("notices.notice_no"), nullable=False, unique=True),
    Column("recipient_ref", String(80), nullable=False),
    Column("queued_at", UtcDateTime(), nullable=False),
    Column("printed_at", UtcDateTime(), nullable=True),
    Column("handed_over_at", UtcDateTime(), nullable=True),
    Column("handed_over_by", String(40), nullable=True),
    Column("how", String(20), nullable=True),  # in_person or post
)

# R-ONCE-2: the one-time notice owed to an enquirer, tracked against its due time (3 days)
one_time_notices = Table(
    "one_time_notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("enquiry_no", String(40), nullable=False, unique=True),
    Column("notice_no", String(40), ForeignKey("notices.notice_no"), nullable=False, unique=True),
    Column("item_code", String(40), nullable=False),
    Column("department", String(60), nullable=False, index=True),
    Column("taken_by", String(40), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("notice_due_at", UtcDateTime(), nullable=False, index=True),
    Column("delivered_at", UtcDateTime(), nullable=True),  # the first delivery that reached them
    Column("delivered_channel", String(20), nullable=True),
    Column("overdue_raised_at", UtcDateTime(), nullable=True),  # raised to supervision, once
)

add_core_tables(metadata)
add_idempotency_table(metadata)
