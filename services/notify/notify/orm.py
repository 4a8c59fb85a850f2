"""Notify's tables: the archive of rendered notices."""

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint

from reliable_events import add_core_tables

metadata = MetaData()

notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notice_no", String(40), nullable=False, unique=True),
    Column("notice_type", String(40), nullable=False),
    Column("case_no", String(40), nullable=True, index=True),
    Column("recipient_ref", String(80), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("template", String(60), nullable=False),
    Column("template_version", Integer, nullable=False),
    Column("content", Text, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("source_event_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source_event_id", "notice_type", "recipient_ref", name="uq_notice_idempotency"),
)

add_core_tables(metadata)
