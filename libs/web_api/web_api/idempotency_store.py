"""Claiming a key, recording its answer and pruning old keys: the SQL of idempotent POSTs.

A claim is an ``INSERT ... ON CONFLICT DO NOTHING`` on the (principal, key) primary key, made
first in the transaction of the change, so two requests with one key can never both go on:

* PostgreSQL: an uncommitted conflicting insert would make the second request *wait*, and
  psycopg2 blocks the whole eventlet hub while it waits (the first request could then never
  finish). So a claim first takes ``pg_try_advisory_xact_lock`` on the key, which never waits:
  held elsewhere means "in progress" (409). Holding it, every row found is committed.
* SQLite: one writer at a time (one pooled connection per process, the file lock across
  processes), so the second request runs after the first committed and finds its row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, delete, func, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

from reliable_events.columns import as_utc
from web_api.idempotency_table import keys


@dataclass(frozen=True)
class Attempt:
    """One keyed request: who sent which key, and what it asked for."""

    principal: str
    key: str
    method: str
    path: str
    fingerprint: str

    @property
    def lock_id(self) -> int:
        """A signed 64-bit number for PostgreSQL's advisory lock of this (principal, key)."""
        digest = hashlib.sha256(f"{self.principal}\0{self.key}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def where(self) -> ColumnElement[bool]:
        return (keys.c.principal == self.principal) & (keys.c.idem_key == self.key)


class KeyBusy(Exception):
    """Another transaction holds this key right now."""


# Every statement of a keyed request is built once: SQLAlchemy then finds its compiled form by
# the statement's memoized cache key instead of building and hashing a new one per request.
_CLAIMS: dict[str, ReturningInsert[tuple[str]]] = {
    "postgresql": postgresql.insert(keys).on_conflict_do_nothing().returning(keys.c.principal),
    "sqlite": sqlite.insert(keys).on_conflict_do_nothing().returning(keys.c.principal),
}
_THIS_KEY = (keys.c.principal == bindparam("b_principal")) & (keys.c.idem_key == bindparam("b_key"))
_HELD = select(keys).where(_THIS_KEY)
_REWRITE = update(keys).where(_THIS_KEY)
_TRY_LOCK = select(func.pg_try_advisory_xact_lock(bindparam("lock_id")))


def _insert(dialect: str) -> ReturningInsert[tuple[str]]:
    return _CLAIMS["postgresql" if dialect == "postgresql" else "sqlite"]


def _key(attempt: Attempt) -> dict[str, str]:
    return {"b_principal": attempt.principal, "b_key": attempt.key}


def claim(connection: Connection, attempt: Attempt, now: datetime, kept: timedelta) -> dict[str, Any] | None:
    """Claim ``attempt``'s key in the open transaction: None when this request owns it now,
    else the committed row of the request that used it first (an expired one is replaced)."""
    dialect = connection.dialect.name
    if (
        dialect == "postgresql"
        and not connection.execute(_TRY_LOCK, {"lock_id": attempt.lock_id}).scalar_one()
    ):
        raise KeyBusy(attempt.key)
    row = {
        "principal": attempt.principal,
        "idem_key": attempt.key,
        "method": attempt.method,
        "path": attempt.path,
        "fingerprint": attempt.fingerprint,
        "created_at": now,
    }
    if connection.execute(_insert(dialect), row).first() is not None:
        return None
    held = connection.execute(_HELD, _key(attempt)).mappings().first()
    if held is None or held["status"] is None:  # pruned or written in between: let the client retry
        raise KeyBusy(attempt.key)
    if as_utc(held["created_at"]) >= now - kept:
        return dict(held)
    connection.execute(_REWRITE, {**_key(attempt), **row, "status": None, "content_type": None, "body": None})
    return None


def record(connection: Connection, attempt: Attempt, status: int, content_type: str, body: str) -> None:
    """Store the answer beside the change it answers (same transaction)."""
    answer = {"status": status, "content_type": content_type, "body": body}
    connection.execute(_REWRITE, {**_key(attempt), **answer})


def prune(connection: Connection, cutoff: datetime, batch: int) -> int:
    """Delete up to ``batch`` keys created before ``cutoff``, oldest first; how many went.

    ``SKIP LOCKED`` on PostgreSQL: two replicas pruning at once take different rows instead
    of one waiting on the other (a wait would block its whole process, see the module doc).
    """
    oldest = (
        select(keys.c.principal, keys.c.idem_key)
        .where(keys.c.created_at < cutoff)
        .order_by(keys.c.created_at)
        .limit(batch)
    )
    if connection.dialect.name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    gone = connection.execute(delete(keys).where(tuple_(keys.c.principal, keys.c.idem_key).in_(oldest)))
    return gone.rowcount
