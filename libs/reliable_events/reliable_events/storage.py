"""One database per service, and the transaction that carries state, events and inbox.

``Database`` is the nameko DependencyProvider (nameko-sqlalchemy does not support
SQLAlchemy 2). A worker opens ``with self.db.transaction() as tx:`` and, in that one
transaction, changes its tables, records the events it causes (``tx.publish``) and, when it
consumes an event, records that event as applied (``tx.seen_before``). The provider also
runs the outbox relay for the service.
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from nameko.extensions import DependencyProvider
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, insert

from hall_contracts import build_envelope
from reliable_events.relay import OutboxRelay, utcnow
from reliable_events.relay_settings import RelaySettings
from reliable_events.sqlite_engine import health_engine, sqlite_file_engine
from reliable_events.tables import add_core_tables
from reliable_events.telemetry import INBOX_DUPLICATES
from reliable_events.topology import events_exchange

log = logging.getLogger(__name__)

DATABASE_URL_KEY = "DATABASE_URL"
OUTBOX_RELAY_ENABLED_KEY = "OUTBOX_RELAY_ENABLED"
# seconds a write waits for another process's lock on a SQLite file before "database is locked"
SQLITE_BUSY_TIMEOUT_KEY = "SQLITE_BUSY_TIMEOUT"
CORRELATION_CONTEXT_KEY = "correlation_id"


def make_engine(url: str, pool_size: int = 10, sqlite_busy_timeout: float | None = None) -> Engine:
    """An engine tuned for the service: a SQLite file in WAL mode behind a single connection,
    waiting for another process's lock off the hub and briefly (``reliable_events.sqlite_engine``;
    ``sqlite_busy_timeout`` None: the URL's ``?timeout=`` or 1 s), PostgreSQL with a normal pool."""
    if url.startswith("sqlite") and ":memory:" in url:
        return create_engine(url)
    if url.startswith("sqlite"):
        return sqlite_file_engine(url, sqlite_busy_timeout)
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


class Transaction:
    """What a use case gets: a connection in an open transaction, plus the outbox and the
    inbox of that same transaction. (SQLAlchemy Core: services map tables, not objects, so
    an ORM Session would only add cost on the hot path.)"""

    def __init__(self, connection: Connection, tables, service: str, consumer: str, correlation_id):
        self.connection = connection
        self._outbox, self._inbox = tables
        self.service = service
        self.consumer = consumer
        # every event one action causes shares a correlation id, even when no message started it
        self.correlation_id = correlation_id or str(uuid.uuid4())
        self.published: list[dict] = []

    def publish(
        self,
        event_type: str,
        subject: str,
        data: dict,
        version: int = 1,
        exchange: str | None = None,
        routing_key: str | None = None,
        correlation_id: str | None = None,
    ) -> dict:
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

    def seen_before(self, envelope: dict) -> bool:
        """True if this consumer already applied the event; otherwise mark it applied.

        The mark commits with the consumer's change, so either both happen or neither does.
        Two replicas racing on copies of one event: the primary key lets one insert; the
        other waits for its commit (PostgreSQL) or the file lock (SQLite) and then sees the
        conflict, so it skips.
        """
        return not self.new_events([envelope])

    def new_events(self, envelopes: list[dict]) -> list[dict]:
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
def _outbox_insert(outbox: Table):
    return insert(outbox)


@cache
def _inbox_mark(inbox: Table, dialect_name: str):
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING event_id``: one statement marks the
    inbox and names the events that were new."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise ValueError(f"unsupported database {dialect_name}")
    return dialect_insert(inbox).on_conflict_do_nothing().returning(inbox.c.event_id)


class Store:
    """The worker-facing face of ``Database``; also usable without nameko (tests, tools)."""

    def __init__(
        self,
        engine: Engine,
        tables,
        service: str,
        consumer: str,
        correlation_id=None,
        amqp_uri: str = "",
        relay: OutboxRelay | None = None,
        ping_engine: Engine | None = None,
    ):
        self.engine = engine
        self.ping_engine = ping_engine or engine
        self.tables = tables
        self.service = service
        self.consumer = consumer
        self.correlation_id = correlation_id
        self.amqp_uri = amqp_uri
        self.relay = relay

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.engine.begin() as connection:
            tx = Transaction(connection, self.tables, self.service, self.consumer, self.correlation_id)
            yield tx
        if tx.published and self.relay is not None:
            self.relay.wakeup.set()

    def refresh_gauges(self) -> None:
        if self.relay is not None:
            self.relay.refresh_gauges()

    def ping(self) -> None:
        with self.ping_engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")


class Database(DependencyProvider):
    """Engine, unit of work and outbox relay of one service.

    Example::

        class Intake:
            name = "intake"
            db = Database(orm.metadata)

            @http("POST", "/cases")
            def accept_case(self, request):
                with self.db.transaction() as tx:
                    handlers.accept_case(command, tx)
    """

    @classmethod
    def of(cls, service_class) -> Database | None:
        """The provider a service class declares (its tables, its declare hook), if any."""
        for _, value in inspect.getmembers(service_class):
            if isinstance(value, cls):
                return value
        return None

    def __init__(self, metadata: MetaData, declare=None):
        """``declare(channel, config)``: what the relay declares besides the events exchange."""
        self.metadata = metadata
        self.declare = declare
        self.tables = add_core_tables(metadata)
        self.engine = None
        self.relay = None

    def setup(self):
        config = self.container.config
        self.service = self.container.service_name
        busy_timeout = config.get(SQLITE_BUSY_TIMEOUT_KEY)
        self.engine = make_engine(
            config[DATABASE_URL_KEY],
            pool_size=int(config.get("max_workers", 10)),
            sqlite_busy_timeout=float(busy_timeout) if busy_timeout else None,
        )
        self.ping_engine = health_engine(self.engine)
        self.relay = OutboxRelay(
            self.engine,
            self.tables[0],
            self.service,
            config["AMQP_URI"],
            RelaySettings.from_config(config),
            declare=self.relay_declare(config),
            inbox=self.tables[1],
        )
        self.run_relay = str(config.get(OUTBOX_RELAY_ENABLED_KEY, True)).lower() not in ("0", "false", "no")

    def relay_declare(self, config):
        """The service's declare hook bound to its config (``hall-outbox relay`` uses it too)."""
        if self.declare is None:
            return None
        return lambda channel: self.declare(channel, config)

    def start(self):
        if self.run_relay:
            self.container.spawn_managed_thread(self.relay.run, identifier="outbox_relay")

    def stop(self):
        self.relay.stop()
        self.engine.dispose()
        self.ping_engine.dispose()

    def kill(self):
        self.relay.stop()

    def get_dependency(self, worker_ctx) -> Store:
        return Store(
            self.engine,
            self.tables,
            self.service,
            consumer=f"{self.service}.{worker_ctx.entrypoint.method_name}",
            correlation_id=worker_ctx.data.get(CORRELATION_CONTEXT_KEY),
            amqp_uri=self.container.config["AMQP_URI"],
            relay=self.relay,
            ping_engine=self.ping_engine,
        )


__all__ = ["Database", "Store", "Transaction", "make_engine"]
