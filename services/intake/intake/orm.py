"""Intake's tables (SQLAlchemy 2 Core tables; the outbox and inbox are added beside them)."""

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table

from reliable_events import add_core_tables

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_no", String(40), nullable=False, unique=True),
    Column("item_code", String(40), nullable=False),
    Column("item_name", String(200), nullable=False),
    Column("department", String(80), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("status", String(40), nullable=False),
    Column("applicant_name", String(100), nullable=False),
    Column("applicant_phone", String(40), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("urgent", Boolean, nullable=False, default=False),
    Column("staff_id", String(40), nullable=False),
    Column("staff_name", String(100), nullable=False),
    Column("staff_phone", String(40), nullable=False),
    Column("window", String(40), nullable=False),
    Column("accepted_at", DateTime(timezone=True), nullable=False),
)

add_core_tables(metadata)
