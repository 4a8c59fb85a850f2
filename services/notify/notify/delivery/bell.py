"""The delivery loop's timer, and the bell that wakes it when this process queues a delivery.

The loop runs every ``DELIVERY_POLL_SECONDS`` (deliveries another replica queued, retries and
receipts coming due), and at once when a consumer of this process has committed a new delivery
(``DeliveryBell``: ``self.delivery_bell()``), after ``DELIVERY_WAKE_DELAY_SECONDS`` (5 ms) so
that the deliveries written meanwhile go in the same pass. A ring while a pass runs makes one
more pass right after it: nothing written during a pass waits for the next poll. When nothing
is due a pass costs a few index lookups (``notify.orm``: the partial index of open deliveries).
"""

from __future__ import annotations

from typing import Any

import eventlet
from eventlet import Timeout
from eventlet.event import Event
from nameko.extensions import DependencyProvider

from reliable_events.timers import ConfiguredTimer

WAKE_DELAY_KEY = "DELIVERY_WAKE_DELAY_SECONDS"
# 5 ms: at a steady load a notice waits for it on every hop; under a burst, passes run back to
# back anyway (a ring during a pass makes the next one), so a longer delay gathered no more
# (20 ms gave the same CPU per case and 35 ms more p50: docs/performance.md)
WAKE_DELAY = 0.005


class DeliveryTimer(ConfiguredTimer):
    """A ``ConfiguredTimer`` that a ``ring`` fires early (one pass at a time, as nameko's)."""

    def setup(self) -> None:
        super().setup()
        self.wake_delay = float(self.container.config.get(WAKE_DELAY_KEY) or WAKE_DELAY)
        self.bell = Event()

    def ring(self) -> None:
        if not self.bell.ready():
            self.bell.send(True)

    def stop(self) -> None:
        self.should_stop.send(True)
        self.ring()
        self.gt.wait()

    def _run(self) -> None:
        while not self.should_stop.ready():
            with Timeout(self.interval, exception=False):
                self.bell.wait()
            if self.should_stop.ready():
                break
            if self.bell.ready():
                eventlet.sleep(self.wake_delay)
                self.bell.reset()
            self.handle_timer_tick()
            self.worker_complete.wait()
            self.worker_complete.reset()


delivery_timer = DeliveryTimer.decorator


class DeliveryBell(DependencyProvider):
    """``self.delivery_bell()``: wake this process's delivery loop (after a commit that queued
    a delivery); nothing when the service runs without its loop."""

    def get_dependency(self, worker_ctx: Any) -> Any:
        timers = [entry for entry in self.container.entrypoints if isinstance(entry, DeliveryTimer)]

        def ring() -> None:
            for timer in timers:
                timer.ring()

        return ring
