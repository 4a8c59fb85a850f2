"""The statements of the outbox relay and of ``hall-outbox``: claim, settle, park, prune.

A row is due when it is not sent, not parked and its ``next_attempt_at`` (set when the
broker refused it) has passed; only due rows are claimed, so a refused row waits alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Delete,
    Engine,
    Integer,
    Select,
    Table,
    Update,
    bindparam,
    delete,
    func,
    or_,
    select,
    tuple_,
    update,
)

PRUNE_BATCH = 5000


# The relay's statements are built once per table (and dialect): SQLAlchemy then finds their
# compiled form in its cache by identity instead of building and hashing a new tree each pass.
@cache
def _claim(outbox: Table, dialect_name: str) -> Select[Any]:
    c = outbox.c
    query = (
        select(c.id, c.event_id, c.exchange, c.routing_key, c.body, c.attempts)
        .where(
            c.sent_at.is_(None),
            c.parked_at.is_(None),
            or_(c.next_attempt_at.is_(None), c.next_attempt_at <= bindparam("now")),
        )
        .order_by(c.id)
        .limit(bindparam("limit", type_=Integer()))
    )
    if dialect_name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return query


@cache
def _mark_sent(outbox: Table) -> Update:
    return (
        update(outbox)
        .where(outbox.c.id.in_(bindparam("ids", expanding=True)))
        .values(sent_at=bindparam("now"), next_attempt_at=None)
    )


def claim(connection: Connection, outbox: Table, limit: int, now: datetime) -> Any:
    query = _claim(outbox, connection.dialect.name)
    return connection.execute(query, {"now": now, "limit": limit}).all()


def mark_sent(connection: Connection, outbox: Table, ids: Any, now: datetime) -> None:
    if ids:
        connection.execute(_mark_sent(outbox), {"ids": list(ids), "now": now})


def retry_delay(attempts: int, base: float, cap: float) -> timedelta:
    """1 s, 2 s, 4 s... up to ``cap``: a full queue gets time to drain."""
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def record_refusals(
    connection: Connection,
    outbox: Table,
    rows: Any,
    error: str,
    now: datetime,
    max_attempts: int,
    delay_base: float,
    delay_cap: float,
) -> int:
    """Count one more attempt on each refused row: wait before the next, or park the row
    after ``max_attempts``. Returns how many rows were parked."""
    parked = 0
    for row in rows:
        attempts = row.attempts + 1
        values = {"attempts": attempts, "last_error": error[:500]}
        if attempts >= max_attempts:
            values["parked_at"] = now
            parked += 1
        else:
            values["next_attempt_at"] = now + retry_delay(attempts, delay_base, delay_cap)
        connection.execute(update(outbox).where(outbox.c.id == row.id).values(**values))
    return parked


def backlog(connection: Connection, outbox: Table) -> tuple[int, datetime | None, int]:
    """(pending rows, oldest pending created_at, parked rows)."""
    c = outbox.c
    count, oldest = connection.execute(
        select(func.count(), func.min(c.created_at)).where(c.sent_at.is_(None), c.parked_at.is_(None))
    ).one()
    parked = connection.execute(
        select(func.count()).where(c.sent_at.is_(None), c.parked_at.is_not(None))
    ).scalar_one()
    return count, oldest, parked


def parked_rows(connection: Connection, outbox: Table) -> Any:
    c = outbox.c
    return connection.execute(
        select(c.id, c.event_id, c.exchange, c.routing_key, c.attempts, c.parked_at, c.last_error)
        .where(c.sent_at.is_(None), c.parked_at.is_not(None))
        .order_by(c.id)
    ).all()


def unpark(connection: Connection, outbox: Table, ids: Any = None) -> int:
    """Make parked rows due again with a fresh count of attempts (all of them by default)."""
    query = update(outbox).where(outbox.c.sent_at.is_(None), outbox.c.parked_at.is_not(None))
    if ids:
        query = query.where(outbox.c.id.in_(ids))
    return connection.execute(query.values(parked_at=None, next_attempt_at=None, attempts=0)).rowcount


def prune(
    engine: Engine,
    table: Table,
    column: Any,
    older_than: datetime,
    batch: int = PRUNE_BATCH,
    progress: Any = None,
) -> int:
    """Delete rows whose ``column`` is before ``older_than``, ``batch`` rows per transaction,
    so a large prune never holds a long lock (SQLite has one writer) nor a huge undo log."""
    statement = _prune(table, column.name)
    removed = 0
    while True:
        with engine.begin() as connection:
            gone = connection.execute(statement, {"before": older_than, "batch": batch}).rowcount
        removed += gone
        if progress is not None and gone:
            progress(removed)
        if gone < batch:
            return removed


@cache
def _prune(table: Table, column_name: str) -> Delete:
    """Up to ``batch`` rows with ``column`` before ``before``, chosen through the index on
    ``column`` and deleted by primary key (``ix_outbox_sent_at``, ``ix_inbox_applied_at``)."""
    key = tuple_(*table.primary_key.columns)
    chosen = (
        select(*table.primary_key.columns)
        .where(table.c[column_name] < bindparam("before"))
        .limit(bindparam("batch", type_=Integer()))
    )
    return delete(table).where(key.in_(chosen))
