"""The table that remembers each ``Idempotency-Key`` a caller sent and the answer it got.

One row per (principal, key): the primary key is the unique constraint two racing requests meet,
so a key is never claimed twice. A row is written in the transaction of the change it answers,
and only a 2xx answer is ever committed (a refusal rolls the claim back with the work).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

IDEMPOTENCY_KEYS = "idempotency_keys"
MAX_KEY_LENGTH = 200

_shared = MetaData()
# statements are built on this copy; a service's metadata gets an equal one for its migrations
keys = Table(
    IDEMPOTENCY_KEYS,
    _shared,
    Column("principal", String(200), primary_key=True),  # a token's subject, or a hashed api_key
    Column("idem_key", String(MAX_KEY_LENGTH), primary_key=True),
    Column("method", String(10), nullable=False),
    Column("path", String(500), nullable=False),
    Column("fingerprint", String(64), nullable=False),  # sha256 of method, path and body
    Column("status", Integer, nullable=True),  # null only inside the claiming transaction
    Column("content_type", String(120), nullable=True),
    Column("body", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_idempotency_keys_created_at", "created_at"),  # pruning walks the oldest first
)


def add_idempotency_table(metadata: MetaData) -> Table:
    """Declare ``idempotency_keys`` on a service's metadata (once per metadata)."""
    if IDEMPOTENCY_KEYS in metadata.tables:
        return metadata.tables[IDEMPOTENCY_KEYS]
    return keys.to_metadata(metadata)
