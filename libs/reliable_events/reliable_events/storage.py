"""One database per service, and the transaction that carries state, events and inbox.

``Database`` is the nameko DependencyProvider (nameko-sqlalchemy does not support
SQLAlchemy 2). A worker opens ``with self.db.transaction() as tx:`` and, in that one
transaction, changes its tables, records the events it causes (``tx.publish``) and, when it
consumes an event, records that event as applied (``tx.seen_before``). The provider also
runs the outbox relay for the service.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from nameko.extensions import DependencyProvider
from sqlalchemy import Engine, MetaData, create_engine

from reliable_events.relay import OutboxRelay
from reliable_events.relay_settings import RelaySettings
from reliable_events.sqlite_engine import health_engine, sqlite_file_engine
from reliable_events.tables import add_core_tables
from reliable_events.transaction import Transaction

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


class Store:
    """The worker-facing face of ``Database``; also usable without nameko (tests, tools)."""

    def __init__(
        self,
        engine: Engine,
        tables: Any,
        service: str,
        consumer: str,
        correlation_id: Any = None,
        amqp_uri: str = "",
        relay: OutboxRelay | None = None,
        ping_engine: Engine | None = None,
    ) -> None:
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
    def of(cls, service_class: Any) -> Database | None:
        """The provider a service class declares (its tables, its declare hook), if any."""
        for _, value in inspect.getmembers(service_class):
            if isinstance(value, cls):
                return value
        return None

    def __init__(self, metadata: MetaData, declare: Any = None) -> None:
        """``declare(channel, config)``: what the relay declares besides the events exchange."""
        self.metadata = metadata
        self.declare = declare
        self.tables = add_core_tables(metadata)
        self.engine: Engine | None = None  # both set up with the container
        self.relay: OutboxRelay | None = None

    def setup(self) -> None:
        config = self.container.config
        self.service = self.container.service_name
        busy_timeout = config.get(SQLITE_BUSY_TIMEOUT_KEY)
        self.engine = engine = make_engine(
            config[DATABASE_URL_KEY],
            pool_size=int(config.get("max_workers", 10)),
            sqlite_busy_timeout=float(busy_timeout) if busy_timeout else None,
        )
        self.ping_engine = health_engine(engine)
        self.relay = OutboxRelay(
            engine,
            self.tables[0],
            self.service,
            config["AMQP_URI"],
            RelaySettings.from_config(config),
            declare=self.relay_declare(config),
            inbox=self.tables[1],
        )
        self.run_relay = str(config.get(OUTBOX_RELAY_ENABLED_KEY, True)).lower() not in ("0", "false", "no")

    def relay_declare(self, config: Any) -> Callable[[Any], None] | None:
        """The service's declare hook bound to its config (``hall-outbox relay`` uses it too)."""
        declare = self.declare
        if declare is None:
            return None
        return lambda channel: declare(channel, config)

    def set_up(self) -> tuple[Engine, OutboxRelay]:
        """The engine and relay, which exist once the container has set this provider up."""
        if self.engine is None or self.relay is None:
            raise RuntimeError("the Database provider is used before its setup")
        return self.engine, self.relay

    def start(self) -> None:
        if self.run_relay:
            self.container.spawn_managed_thread(self.set_up()[1].run, identifier="outbox_relay")

    def stop(self) -> None:
        engine, relay = self.set_up()
        relay.stop()
        engine.dispose()
        self.ping_engine.dispose()

    def kill(self) -> None:
        self.set_up()[1].stop()

    def get_dependency(self, worker_ctx: Any) -> Store:
        return Store(
            self.set_up()[0],
            self.tables,
            self.service,
            consumer=f"{self.service}.{worker_ctx.entrypoint.method_name}",
            correlation_id=worker_ctx.data.get(CORRELATION_CONTEXT_KEY),
            amqp_uri=self.container.config["AMQP_URI"],
            relay=self.relay,
            ping_engine=self.ping_engine,
        )


__all__ = ["Database", "Store", "Transaction", "make_engine"]
