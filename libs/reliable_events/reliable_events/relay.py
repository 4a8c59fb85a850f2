"""The outbox relay: publishes committed events, oldest first, and marks them sent.

A crash between the service's commit and the publish only delays an event: the row stays
pending and the next relay pass (after a restart too) publishes it. A crash between the
broker's confirm and ``mark sent`` publishes that batch again; consumers' inboxes make the
duplicate harmless. A mark that fails without a crash is retried from memory before
anything new is claimed, so it republishes nothing. On PostgreSQL the due rows are claimed
with ``FOR UPDATE SKIP LOCKED`` so replicas of one service share the work.

A row the broker refuses (nack: a full queue that rejects publishes, a quorum queue without
a majority) does not fail its batch: the confirmed rows are marked sent, the refused one
waits alone (growing delay) and is parked after ``max_attempts`` for an operator
(``hall-outbox parked`` / ``retry-parked``).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, Table

from reliable_events import outbox_rows
from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage, PublishNotConfirmed
from reliable_events.relay_settings import RelaySettings
from reliable_events.relay_upkeep import RelayUpkeep, utcnow
from reliable_events.telemetry import (
    OUTBOX_PUBLISH_FAILURES,
    OUTBOX_PUBLISHED,
    OUTBOX_REFUSED,
    OUTBOX_REPUBLISHED,
)
from reliable_events.topology import declare_events_exchange

log = logging.getLogger(__name__)

# test-only: a file whose presence makes the relay SIGKILL itself once, after the broker
# confirmed a batch and before it is marked sent (the reliability scenario of that window)
KILL_AFTER_CONFIRM_ENV = "HALL_OUTBOX_KILL_AFTER_CONFIRM"


def _own_engine_for_sqlite(engine: Engine) -> Engine:
    """On SQLite the service's engine has a single connection (see ``make_engine``); a
    relay queueing for it behind a busy request loop starves. WAL lets the relay read
    beside the writers, and its short UPDATE waits only for a commit in progress (the
    service's transactions never yield to another green thread while open)."""
    if engine.dialect.name != "sqlite" or ":memory:" in str(engine.url):
        return engine
    from reliable_events.storage import make_engine

    return make_engine(engine.url.render_as_string(hide_password=False))


class OutboxRelay(RelayUpkeep):
    """Moves outbox rows to the broker. Framework-free: nameko runs it in a green thread,
    ``hall-outbox relay`` and the benchmark in a plain thread."""

    def __init__(
        self,
        engine: Engine,
        outbox: Table,
        service: str,
        amqp_uri: str,
        settings: RelaySettings | None = None,
        declare: Any = None,
        inbox: Table | None = None,
        publisher: Any = None,
        **overrides: Any,
    ) -> None:
        """``declare(channel)``: extra exchanges and queues a service publishes to besides its
        events exchange (work queues), declared on every (re)connection before publishing.
        ``inbox``: pruned beside the outbox when given. ``overrides``: fields of
        ``RelaySettings`` (``batch_size=50``)."""
        self.engine = _own_engine_for_sqlite(engine)
        self.outbox, self.inbox = outbox, inbox
        self.service = service
        self.settings = settings = replace(settings or RelaySettings(), **overrides)

        def on_connect(channel: Any) -> None:
            declare_events_exchange(channel, service)
            if declare is not None:
                declare(channel)

        self.publisher = publisher or ConfirmingPublisher(
            amqp_uri,
            confirm_timeout=settings.confirm_timeout,
            on_connect=on_connect,
            heartbeat=settings.heartbeat,
        )
        self.wakeup = threading.Event()
        self._stopping = False
        self._last_prune = 0.0
        self._confirmed_unmarked: list[int] = []
        self._unconfirmed_ids: set[int] = set()

    def relay_once(self) -> int:
        """Publish one batch of due rows; return how many events the broker confirmed."""
        if self._confirmed_unmarked:  # confirmed last time, the mark failed: mark, not publish
            with self.engine.begin() as connection:
                outbox_rows.mark_sent(connection, self.outbox, self._confirmed_unmarked, utcnow())
            self._confirmed_unmarked = []
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as connection:  # row locks held across the publish
                rows = outbox_rows.claim(connection, self.outbox, self.settings.batch_size, utcnow())
                confirmed, refused = self._publish(rows)
                self._settle(connection, confirmed, refused)
        else:  # SQLite: do not hold the only connection while waiting on the broker
            with self.engine.begin() as connection:
                rows = outbox_rows.claim(connection, self.outbox, self.settings.batch_size, utcnow())
            confirmed, refused = self._publish(rows)
            with self.engine.begin() as connection:
                self._settle(connection, confirmed, refused)
        self._confirmed_unmarked = []
        if confirmed:
            OUTBOX_PUBLISHED.labels(self.service).inc(len(confirmed))
        return len(confirmed)

    def _publish(self, rows: Any) -> tuple[list[int], list[Any]]:
        """(ids the broker confirmed, rows it refused); raises when some answer is unknown."""
        if not rows:
            return [], []
        again = sum(1 for row in rows if row.id in self._unconfirmed_ids)
        if again:
            OUTBOX_REPUBLISHED.labels(self.service).inc(again)
        messages = [OutgoingMessage(row.exchange, row.routing_key, row.body, row.event_id) for row in rows]
        try:
            refused_at = set(self.publisher.publish_each(messages))
        except PublishNotConfirmed:
            if len(self._unconfirmed_ids) > 20 * self.settings.batch_size:
                self._unconfirmed_ids.clear()  # rows another replica sent meanwhile
            self._unconfirmed_ids.update(row.id for row in rows)
            raise
        self._unconfirmed_ids.difference_update(row.id for row in rows)
        confirmed = [row.id for index, row in enumerate(rows) if index not in refused_at]
        self._confirmed_unmarked = confirmed
        _kill_if_asked()
        return confirmed, [rows[index] for index in sorted(refused_at)]

    def _settle(self, connection: Any, confirmed: list[int], refused: list[Any]) -> None:
        now = utcnow()
        outbox_rows.mark_sent(connection, self.outbox, confirmed, now)
        if not refused:
            return
        OUTBOX_REFUSED.labels(self.service).inc(len(refused))
        parked = outbox_rows.record_refusals(
            connection,
            self.outbox,
            refused,
            "refused by the broker (nack)",
            now,
            self.settings.max_attempts,
            self.settings.retry_base,
            self.settings.retry_cap,
        )
        log.warning(
            "broker refused %d outbox event(s) of %s (%d parked after %d attempts): ids %s",
            len(refused),
            self.service,
            parked,
            self.settings.max_attempts,
            [row.id for row in refused],
        )

    def run(self) -> None:
        """Relay until ``stop()``; broker outages are retried with back-off, never fatal."""
        self._connect_early()
        backoff = 0.0
        while not self._stopping:
            self.wakeup.clear()  # a commit during this pass sets it again: no lost wake-up
            if self.publisher.blocked:  # a broker alarm: publish nothing more until it clears
                self._idle()
                continue
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
            if published < self.settings.batch_size:
                self._idle()

    def _connect_early(self) -> None:
        """Declare the service's exchanges and queues now, not at its first event."""
        try:
            self.publisher.connect()
        except Exception as exc:  # the first batch retries with back-off
            log.warning("outbox relay of %s cannot reach the broker yet: %r", self.service, exc)

    def _idle(self) -> None:
        """Heartbeats and the broker's blocked/unblocked notices are only seen when read."""
        self.publisher.keep_alive()
        self.wakeup.wait(self.settings.poll_seconds)

    def request_stop(self) -> None:
        """End ``run()`` soon; safe from a signal handler (closes nothing under its feet)."""
        self._stopping = True
        self.publisher.aborted = True
        self.wakeup.set()

    def stop(self) -> None:
        self.request_stop()
        self.publisher.close()


def _kill_if_asked() -> None:
    flag = os.environ.get(KILL_AFTER_CONFIRM_ENV)
    if flag and os.path.exists(flag):
        os.unlink(flag)
        os.kill(os.getpid(), signal.SIGKILL)


def main(argv: Any = None) -> int:
    """``python -m reliable_events.relay --config ... --service ...``: ``hall-outbox relay``."""
    from reliable_events.outbox_cli import main as outbox_main

    return outbox_main(["relay", *(argv if argv is not None else __import__("sys").argv[1:])])


if __name__ == "__main__":
    raise SystemExit(main())
