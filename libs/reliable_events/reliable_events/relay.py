"""The outbox relay: publishes committed events, oldest first, and marks them sent.

A crash between the service's commit and the publish only delays an event: the row stays
pending and the next relay pass (after a restart too) publishes it. A crash between the
broker's confirm and ``mark sent`` publishes that batch again; consumers' inboxes make the
duplicate harmless. On PostgreSQL the pending rows are claimed with ``FOR UPDATE SKIP
LOCKED`` so replicas of one service share the work instead of publishing the same rows.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, Table, delete, func, select, update

from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage, PublishNotConfirmed
from reliable_events.telemetry import (
    OUTBOX_OLDEST_AGE,
    OUTBOX_PENDING,
    OUTBOX_PUBLISH_FAILURES,
    OUTBOX_PUBLISHED,
)
from reliable_events.topology import declare_events_exchange

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _own_engine_for_sqlite(engine: Engine) -> Engine:
    """On SQLite the service's engine has a single connection (see ``make_engine``); a
    relay queueing for it behind a busy request loop starves. WAL lets the relay read
    beside the writers, and its short UPDATE waits only for a commit in progress (the
    service's transactions never yield to another green thread while open)."""
    if engine.dialect.name != "sqlite" or ":memory:" in str(engine.url):
        return engine
    from reliable_events.storage import make_engine

    return make_engine(engine.url.render_as_string(hide_password=False))


class OutboxRelay:
    """Moves outbox rows to the broker. Framework-free: nameko runs it in a green thread,
    the benchmark in a plain thread."""

    def __init__(
        self,
        engine: Engine,
        outbox: Table,
        service: str,
        amqp_uri: str,
        batch_size: int = 500,
        poll_seconds: float = 0.5,
        retention: timedelta = timedelta(days=7),
        declare=None,
    ):
        """``declare(channel)``: extra exchanges and queues a service publishes to besides its
        events exchange (work queues), declared on every (re)connection before publishing."""
        self.engine = _own_engine_for_sqlite(engine)
        self.outbox = outbox
        self.service = service
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.retention = retention
        def on_connect(channel):
            declare_events_exchange(channel, service)
            if declare is not None:
                declare(channel)

        self.publisher = ConfirmingPublisher(amqp_uri, on_connect=on_connect)
        self.wakeup = threading.Event()
        self._stopping = False
        self._last_prune = 0.0

    def _claim(self, connection):
        query = (
            select(self.outbox.c.id, self.outbox.c.event_id, self.outbox.c.exchange,
                   self.outbox.c.routing_key, self.outbox.c.body)
            .where(self.outbox.c.sent_at.is_(None))
            .order_by(self.outbox.c.id)
            .limit(self.batch_size)
        )
        if connection.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return connection.execute(query).all()

    def _mark_sent(self, connection, ids) -> None:
        connection.execute(
            update(self.outbox).where(self.outbox.c.id.in_(ids)).values(sent_at=utcnow())
        )

    def relay_once(self) -> int:
        """Publish one batch; return how many events the broker confirmed."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as connection:  # row locks held across the publish
                rows = self._claim(connection)
                self._publish(rows)
                self._mark_sent(connection, [row.id for row in rows])
        else:  # SQLite: do not hold the only connection while waiting on the broker
            with self.engine.begin() as connection:
                rows = self._claim(connection)
            self._publish(rows)
            with self.engine.begin() as connection:
                self._mark_sent(connection, [row.id for row in rows])
        if rows:
            OUTBOX_PUBLISHED.labels(self.service).inc(len(rows))
        return len(rows)

    def _publish(self, rows) -> None:
        self.publisher.publish_batch(
            [OutgoingMessage(row.exchange, row.routing_key, row.body, row.event_id) for row in rows]
        )

    def run(self) -> None:
        """Relay until ``stop()``; broker outages are retried with back-off, never fatal."""
        backoff = 0.0
        while not self._stopping:
            self.wakeup.clear()  # a commit during this pass sets it again: no lost wake-up
            try:
                published = self.relay_once()
                backoff = 0.0
            except PublishNotConfirmed as exc:
                OUTBOX_PUBLISH_FAILURES.labels(self.service).inc()
                backoff = min(max(backoff * 2, 0.2), 5.0)
                log.warning("outbox relay of %s will retry in %.1fs: %s", self.service, backoff, exc)
                time.sleep(backoff)
                continue
            except Exception:  # database hiccup: keep the relay alive, say so loudly
                OUTBOX_PUBLISH_FAILURES.labels(self.service).inc()
                log.exception("outbox relay of %s failed; retrying", self.service)
                time.sleep(1.0)
                continue
            self._prune_if_due()
            if published < self.batch_size:
                self.wakeup.wait(self.poll_seconds)

    def stop(self) -> None:
        self._stopping = True
        self.wakeup.set()
        self.publisher.close()

    def _prune_if_due(self) -> None:
        if time.monotonic() - self._last_prune < 600:
            return
        self._last_prune = time.monotonic()
        with self.engine.begin() as connection:
            connection.execute(
                delete(self.outbox).where(self.outbox.c.sent_at < utcnow() - self.retention)
            )

    def refresh_gauges(self) -> None:
        """Backlog and oldest pending age, computed at scrape time."""
        with self.engine.connect() as connection:
            count, oldest = connection.execute(
                select(func.count(), func.min(self.outbox.c.created_at)).where(
                    self.outbox.c.sent_at.is_(None)
                )
            ).one()
        OUTBOX_PENDING.labels(self.service).set(count)
        age = 0.0
        if oldest is not None:
            if oldest.tzinfo is None:  # SQLite returns naive datetimes
                oldest = oldest.replace(tzinfo=UTC)
            age = max((utcnow() - oldest).total_seconds(), 0.0)
        OUTBOX_OLDEST_AGE.labels(self.service).set(age)


def main(argv=None) -> int:
    """``hall-outbox-relay --config services/intake/config.yml --service intake``

    Runs a service's relay as a process of its own (set ``OUTBOX_RELAY_ENABLED: false`` in
    the service then), so that publishing has a core to itself on a busy machine.
    """
    import argparse
    import signal

    import yaml
    from nameko.cli.main import setup_yaml_parser
    from sqlalchemy import MetaData

    from reliable_events.storage import make_engine
    from reliable_events.tables import add_core_tables

    parser = argparse.ArgumentParser(prog="hall-outbox-relay", description=main.__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--service", required=True)
    args = parser.parse_args(argv)
    setup_yaml_parser()
    with open(args.config) as stream:
        config = yaml.safe_load(stream)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s relay %(message)s")
    outbox, _ = add_core_tables(MetaData())
    relay = OutboxRelay(
        make_engine(config["DATABASE_URL"]), outbox, args.service, config["AMQP_URI"],
        batch_size=int(config.get("OUTBOX_BATCH_SIZE", 500)),
        poll_seconds=float(config.get("OUTBOX_POLL_SECONDS", 0.5)),
    )
    signal.signal(signal.SIGTERM, lambda *_: relay.stop())
    signal.signal(signal.SIGINT, lambda *_: relay.stop())
    relay.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
