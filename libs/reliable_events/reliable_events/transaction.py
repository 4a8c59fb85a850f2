"""The unit of work a use case gets: one transaction carrying state, outbox and inbox."""

from __future__ import annotations

import json
import logging
import uuid
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

from hall_contracts import build_envelope
from reliable_events.relay_upkeep import utcnow
from reliable_events.telemetry import INBOX_DUPLICATES
from reliable_events.topology import events_exchange

log = logging.getLogger(__name__)


class Transaction:
    """What a use case gets: a connection in an open transaction, plus the outbox and the
    inbox of that same transaction. (SQLAlchemy Core: services map tables, not objects, so
    an ORM Session would only add cost on the hot path.)"""

    def __init__(
        self, connection: Connection, tables: Any, service: str, consumer: str, correlation_id: Any
    ) -> None:
        self.connection = connection
        self._outbox, self._inbox = tables
        self.service = service
        self.consumer = consumer
        # every event one action causes shares a correlation id, even when no message started it
        self.correlation_id = correlation_id or str(uuid.uuid4())
        self.published: list[dict[str, Any]] = []

    def publish(
        self,
        event_type: str,
        subject: str,
        data: dict[str, Any],
        version: int = 1,
        exchange: str | None = None,
        routing_key: str | None = None,
        correlation_id: str | None = None,
    ) -> dict[str, Any]:
        """Record an event to go out once (and only if) this transaction commits.

        By default it goes to the service's events exchange with the event type as routing key;
        work messages (a review task for one department's queue) name their own exchange and key.
        ``correlation_id`` continues an earlier action's story (a delivery, later, of a notice
        an event caused) instead of this transaction's.
        """
        envelope = build_envelope(
            self.service,
            event_type,
            subject,
            data,
            version=version,
            correlation_id=correlation_id or self.correlation_id,
        )
        self.connection.execute(
            _outbox_insert(self._outbox),
            {
                "event_id": envelope["id"],
                "exchange": exchange or events_exchange(self.service),
                "routing_key": routing_key or event_type,
                "body": json.dumps(envelope, ensure_ascii=False),
                "created_at": utcnow(),
                "attempts": 0,
            },
        )
        self.published.append(envelope)
        return envelope

    def seen_before(self, envelope: dict[str, Any]) -> bool:
        """True if this consumer already applied the event; otherwise mark it applied.

        The mark commits with the consumer's change, so either both happen or neither does.
        Two replicas racing on copies of one event: the primary key lets one insert; the
        other waits for its commit (PostgreSQL) or the file lock (SQLite) and then sees the
        conflict, so it skips.
        """
        return not self.new_events([envelope])

    def new_events(self, envelopes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Mark a batch applied in one statement; return only the events not applied before
        (in their order, each once even if the batch carried it twice)."""
        unique = list({envelope["id"]: envelope for envelope in envelopes}.values())
        now = utcnow()
        marked = set(
            self.connection.execute(
                _inbox_mark(self._inbox, self.connection.dialect.name),
                [{"event_id": e["id"], "consumer": self.consumer, "applied_at": now} for e in unique],
            ).scalars()
        )
        duplicates = len(envelopes) - len(marked)
        if duplicates:
            INBOX_DUPLICATES.labels(self.service, self.consumer).inc(duplicates)
            log.info("%s skipped %d already applied event(s)", self.consumer, duplicates)
        fresh = [envelope for envelope in unique if envelope["id"] in marked]
        if len(fresh) == 1 and fresh[0].get("correlationid"):
            self.correlation_id = fresh[0]["correlationid"]
        return fresh


@cache
def _outbox_insert(outbox: Table) -> Insert:
    return insert(outbox)


@cache
def _inbox_mark(inbox: Table, dialect_name: str) -> ReturningInsert[tuple[str]]:
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING event_id``: one statement marks the
    inbox and names the events that were new."""
    if dialect_name == "postgresql":
        return postgresql.insert(inbox).on_conflict_do_nothing().returning(inbox.c.event_id)
    if dialect_name == "sqlite":
        return sqlite.insert(inbox).on_conflict_do_nothing().returning(inbox.c.event_id)
    raise ValueError(f"unsupported database {dialect_name}")  # pragma: no cover - only these two
