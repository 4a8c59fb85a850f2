"""The outbox, inbox and handling journal every service database carries beside its own."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

OUTBOX = "outbox"
INBOX = "inbox"
HANDLING = "handling_journal"


def add_core_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Declare ``outbox`` and ``inbox`` on a service's metadata (once per metadata)."""
    if OUTBOX in metadata.tables:
        return metadata.tables[OUTBOX], metadata.tables[INBOX]
    outbox, inbox = _outbox(metadata), _inbox(metadata)
    _handling_journal(metadata)
    return outbox, inbox


def _outbox(metadata: MetaData) -> Table:
    return Table(
        OUTBOX,
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        # a uuid4: unique by construction, so no unique index to maintain on every commit
        Column("event_id", String(64), nullable=False),
        Column("exchange", String(120), nullable=False),
        Column("routing_key", String(120), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        # a row the broker refused waits until then, alone, instead of failing its batch
        Column("next_attempt_at", DateTime(timezone=True), nullable=True),
        # refused OUTBOX_MAX_ATTEMPTS times: left for an operator (hall-outbox retry-parked)
        Column("parked_at", DateTime(timezone=True), nullable=True),
        Column("last_error", String(500), nullable=True),
        # only pending rows are indexed: the index stays as small as the backlog
        Index(
            "ix_outbox_pending",
            "id",
            sqlite_where=text("sent_at IS NULL"),
            postgresql_where=text("sent_at IS NULL"),
        ),
        # the prune deletes by age of sending, in batches
        Index("ix_outbox_sent_at", "sent_at"),
    )


def _inbox(metadata: MetaData) -> Table:
    return Table(
        INBOX,
        metadata,
        Column("event_id", String(64), primary_key=True),
        Column("consumer", String(160), primary_key=True),
        Column("applied_at", DateTime(timezone=True), nullable=False),
        Index("ix_inbox_applied_at", "applied_at"),
    )


def _handling_journal(metadata: MetaData) -> Table:
    # a redelivered message's handling starts, committed before it runs: a message that keeps
    # dying with its process is told from the ones that were only beside it (crash_journal.py)
    return Table(
        HANDLING,
        metadata,
        Column("consumer", String(160), primary_key=True),
        Column("message_id", String(200), primary_key=True),
        Column("starts", Integer, nullable=False),
        Column("first_started_at", DateTime(timezone=True), nullable=False),
    )
