"""Whether this process consumes yet: ``/health`` is not 200 before it does.

nameko starts a container's extensions side by side: the HTTP server answers while the queue
consumer is still connecting and declaring its consumers. A ``/health`` that said 200 then would
tell an orchestrator (compose's healthcheck, a test stack waiting for its services, a rolling
restart) that the service works when no event is consumed yet, and a stop sent at that moment
hits nameko's half-started consumer (it never exits: "re-send() an already-triggered event").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nameko.extensions import DependencyProvider
from nameko.messaging import QueueConsumer

STARTING = "starting: not consuming yet"


def consumer_state(consumers: list[Any]) -> str:
    """``ok`` when every queue consumer consumes (or the container has none), else why not.

    A consumer is ready once nameko's ``_consumers_ready`` event has been sent; one that failed
    to start has it sent with the exception (the container then dies), which is not ready either.
    """
    for consumer in consumers:
        ready = consumer._consumers_ready
        if not ready.ready() or ready.has_exception():
            return STARTING
    return "ok"


class ConsumersReady(DependencyProvider):
    """``self.consumers_ready()``: ``ok`` once every queue consumer of this container consumes."""

    def get_dependency(self, worker_ctx: Any) -> Callable[[], str]:
        consumers = [ext for ext in self.container.extensions if isinstance(ext, QueueConsumer)]
        return lambda: consumer_state(consumers)
