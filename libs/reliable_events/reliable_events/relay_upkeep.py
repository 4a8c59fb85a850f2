"""The relay's upkeep: pruning sent outbox rows and old inbox marks, and the backlog gauges."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table

from reliable_events import outbox_rows
from reliable_events.columns import as_utc
from reliable_events.relay_settings import RelaySettings
from reliable_events.telemetry import OUTBOX_OLDEST_AGE, OUTBOX_PARKED, OUTBOX_PENDING


def utcnow() -> datetime:
    return datetime.now(UTC)


class RelayUpkeep:
    """The housekeeping side of ``OutboxRelay``, run between its passes and at scrape time."""

    # set by OutboxRelay.__init__
    engine: Engine
    outbox: Table
    inbox: Table | None
    service: str
    settings: RelaySettings
    _last_prune: float

    def _prune_if_due(self) -> None:
        if time.monotonic() - self._last_prune < self.settings.prune_seconds:
            return
        self._last_prune = time.monotonic()
        self.prune()

    def prune(self, progress: Any = None) -> tuple[int, int]:
        """Delete sent rows older than the outbox retention and, when the relay has the
        inbox, marks older than the inbox retention; returns (outbox rows, inbox rows)."""
        now = utcnow()
        sent = outbox_rows.prune(
            self.engine,
            self.outbox,
            self.outbox.c.sent_at,
            now - timedelta(days=self.settings.retention_days),
            progress=progress,
        )
        applied = 0
        if self.inbox is not None:
            applied = outbox_rows.prune(
                self.engine,
                self.inbox,
                self.inbox.c.applied_at,
                now - timedelta(days=self.settings.inbox_retention_days),
                progress=progress,
            )
        return sent, applied

    def refresh_gauges(self) -> None:
        """Backlog, oldest pending age and parked rows, computed at scrape time."""
        with self.engine.connect() as connection:
            count, oldest, parked = outbox_rows.backlog(connection, self.outbox)
        OUTBOX_PENDING.labels(self.service).set(count)
        OUTBOX_PARKED.labels(self.service).set(parked)
        age = 0.0
        if oldest is not None:
            age = max((utcnow() - as_utc(oldest)).total_seconds(), 0.0)  # SQLite's is naive
        OUTBOX_OLDEST_AGE.labels(self.service).set(age)
