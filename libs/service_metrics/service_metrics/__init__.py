"""RED metrics for every nameko entrypoint and the Prometheus text exposition.

Labels are bounded: the service name, the entrypoint's method name and an outcome
(``ok``, ``client_error``, ``error``), never an id.
"""

from __future__ import annotations

import time
from typing import Any

from nameko.extensions import DependencyProvider
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

CALLS = Counter(
    "hall_entrypoint_calls_total", "Entrypoint calls by outcome", ["service", "entrypoint", "outcome"]
)
DURATION = Histogram(
    "hall_entrypoint_duration_seconds",
    "Entrypoint duration",
    ["service", "entrypoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def outcome_of(result: object, exc_info: Any) -> str:
    if exc_info is not None:
        return "client_error" if getattr(exc_info[1], "status", 500) < 500 else "error"
    status = getattr(result, "status_code", None)
    if status is None and isinstance(result, tuple) and result and isinstance(result[0], int):
        status = result[0]
    if status is not None and 400 <= status < 500:
        return "client_error"
    if status is not None and status >= 500:
        return "error"
    return "ok"


class EntrypointMetrics(DependencyProvider):
    """Counts and times every worker of the service; add it to each service class."""

    def setup(self) -> None:
        self.service = self.container.service_name
        self._started: dict[Any, float] = {}
        # each series' child, kept: ``.labels(...)`` hashes and locks on every call (two per worker)
        self._calls: dict[tuple[str, str], Any] = {}
        self._durations: dict[str, Any] = {}

    def worker_setup(self, worker_ctx: Any) -> None:
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx: Any, result: object = None, exc_info: Any = None) -> None:
        started = self._started.pop(worker_ctx, None)
        entrypoint = worker_ctx.entrypoint.method_name
        key = (entrypoint, outcome_of(result, exc_info))
        calls = self._calls.get(key) or self._calls.setdefault(key, CALLS.labels(self.service, *key))
        calls.inc()
        if started is not None:
            duration = self._durations.get(entrypoint) or self._durations.setdefault(
                entrypoint, DURATION.labels(self.service, entrypoint)
            )
            duration.observe(time.perf_counter() - started)

    def worker_teardown(self, worker_ctx: Any) -> None:
        self._started.pop(worker_ctx, None)

    def get_dependency(self, worker_ctx: Any) -> EntrypointMetrics:
        return self


def exposition() -> tuple[bytes, str]:
    """The process's metrics in Prometheus text format, with its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST


__all__ = ["CALLS", "DURATION", "EntrypointMetrics", "exposition", "outcome_of"]
