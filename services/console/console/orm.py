"""The console's one table: the sessions of people signed in."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text

metadata = MetaData()

sessions = Table(
    "console_sessions",
    metadata,
    # sha256 of the session id the cookie carries: a copy of the table opens no session
    Column("id_hash", String(64), primary_key=True),
    Column("subject", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("department", String(80)),
    Column("window", String(40)),
    # the bearer token the console calls the services with, sealed (Fernet, CONSOLE_SESSION_KEY)
    Column("token_sealed", Text, nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("signed_in_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)
