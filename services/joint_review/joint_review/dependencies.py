"""What only joint_review needs: the metered database, the task queues' configuration.

The time and the calendar are the library's providers (``workday_calendar.providers``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from joint_review.metrics import observe_committed
from reliable_events import Database, Transaction

log = logging.getLogger(__name__)

DEPARTMENTS_KEY = "DEPARTMENTS"  # comma-separated: the task queues declared up front
TASK_LIMIT_KEY = "TASK_LIMIT_DAYS"


def configured_departments(config) -> list[str]:
    return [code.strip() for code in str(config.get(DEPARTMENTS_KEY) or "").split(",") if code.strip()]


class MeteredStore:
    """The worker's store; its transactions are counted once they committed."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._store.transaction() as tx:
            yield tx
        try:
            observe_committed(self._store.engine, tx.published)
        except Exception:  # a metric must never fail the work that already committed
            log.warning("metrics: could not count a committed transaction", exc_info=True)


class MeteredDatabase(Database):
    """``Database`` whose workers' transactions feed the business counters after commit."""

    # the worker gets the metered wrapper, which answers every attribute of a Store
    def get_dependency(self, worker_ctx) -> MeteredStore:  # type: ignore[override]
        return MeteredStore(super().get_dependency(worker_ctx))
