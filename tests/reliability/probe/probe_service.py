"""A consumer built on the reliability core, instrumented for the reliability scenarios.

It records every delivery (in its own committed transaction, so a crash cannot erase it)
and every application (in the handler's transaction, with the inbox mark). Test-only
behaviour is driven by the event's ``data.probe``:
- ``{"crash_after_commit": true}``: on the first delivery, SIGKILL itself after the
  transaction committed and before the ack;
- ``{"fail": true}``: raise while the file named by ``PROBE_FAIL_FILE`` exists;
- ``{"slow_seconds": 5}``: take that long (yielding), recording any overlapping run.
- ``{"crash_always": true}``: SIGKILL itself on every delivery, before anything commits (only
  the broker's delivery limit stops it);
- ``{"block_hub": seconds}``: on the first delivery, block the whole eventlet hub with a real,
  non-green sleep (no heartbeat, no other green thread runs), as a long C call would.
"""

import os
import signal
from datetime import UTC, datetime

import eventlet
from eventlet import patcher
from nameko.extensions import DependencyProvider
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, insert, select

from reliable_events import Database, reliable_batch_handler, reliable_event_handler
from service_metrics import EntrypointMetrics, endpoints

# eventlet patches time.sleep into a green one; the original blocks the hub for real
blocking_sleep = patcher.original("time").sleep
metadata = MetaData()
deliveries = Table(
    "probe_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
overlaps = Table(
    "probe_overlaps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
)
IN_FLIGHT: set[str] = set()
applications = Table(
    "probe_applications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, index=True),
)


class Config(DependencyProvider):
    def get_dependency(self, worker_ctx):
        return self.container.config


class ProbeService(endpoints.OperationsEndpoints):
    name = "probe"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    config = Config()

    def refresh_business_gauges(self) -> None:
        """The probe has no business gauges of its own."""

    @reliable_event_handler("intake", "case_accepted")
    def handle_case_accepted(self, event):
        probe = event["data"].get("probe") or {}
        with self.db.transaction() as tx:
            tx.connection.execute(insert(deliveries).values(event_id=event["id"], at=datetime.now(UTC)))
        if probe.get("crash_always"):
            os.kill(os.getpid(), signal.SIGKILL)
        if probe.get("block_hub") and self._deliveries_of(event["id"]) == 1:
            blocking_sleep(float(probe["block_hub"]))
        if probe.get("fail") and os.path.exists(self.config.get("PROBE_FAIL_FILE", "")):
            raise RuntimeError(f"poison message {event['id']}")
        if probe.get("slow_seconds"):
            self._run_slowly(event["id"], float(probe["slow_seconds"]))
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            tx.connection.execute(insert(applications).values(event_id=event["id"]))
        if probe.get("crash_after_commit") and self._deliveries_of(event["id"]) == 1:
            os.kill(os.getpid(), signal.SIGKILL)

    def _run_slowly(self, event_id, seconds):
        """A handler that takes ``seconds`` (yielding, as a call to a slow peer does); a second
        run of the same event while one is in flight is recorded as an overlap."""
        if event_id in IN_FLIGHT:
            with self.db.transaction() as tx:
                tx.connection.execute(insert(overlaps).values(event_id=event_id))
        IN_FLIGHT.add(event_id)
        try:
            eventlet.sleep(seconds)
        finally:
            IN_FLIGHT.discard(event_id)

    def _deliveries_of(self, event_id):
        with self.db.transaction() as tx:
            return tx.connection.execute(
                select(func.count()).where(deliveries.c.event_id == event_id)
            ).scalar_one()


class BatchProbeService(ProbeService):
    """The same instrumentation on the batch handler: one transaction per batch."""

    name = "probe"

    @reliable_batch_handler("intake", "case_accepted", max_batch=50)
    def handle_case_accepted(self, events):
        with self.db.transaction() as tx:
            tx.connection.execute(
                insert(deliveries), [{"event_id": event["id"], "at": datetime.now(UTC)} for event in events]
            )
        if any((event["data"].get("probe") or {}).get("fail") for event in events) and os.path.exists(
            self.config.get("PROBE_FAIL_FILE", "")
        ):
            raise RuntimeError(f"poison message in a batch of {len(events)}")
        with self.db.transaction() as tx:
            fresh = tx.new_events(events)
            if fresh:
                tx.connection.execute(insert(applications), [{"event_id": event["id"]} for event in fresh])
