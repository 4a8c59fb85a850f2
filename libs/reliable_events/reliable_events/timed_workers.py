"""Workers with a time limit: a handler that hangs is failed (and retried) by us, long before
the broker's ``consumer_timeout`` closes the channel every other message of the service is on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import eventlet
from eventlet import hubs

from reliable_events.crash_journal import HandlingGate
from reliable_events.outcomes import MessageOutcomes

log = logging.getLogger(__name__)

OnResult = Callable[[Any, Any, Any], Any]  # (worker context, result, exc_info) -> what nameko keeps


class HandlerTimedOut(Exception):
    """A handler ran past ``HANDLER_TIME_LIMIT``: a failed attempt, retried later."""


class TimedWorkers(MessageOutcomes):
    """The worker-starting side of ``ReliableEventHandler`` (and of its batch variant)."""

    gate: HandlingGate
    time_limit: float

    def spawn_timed_worker(
        self,
        args: tuple[Any, ...],
        context: dict[str, Any],
        on_result: OnResult,
        alone: bool,
        messages: list[Any],
    ) -> None:
        """A worker, started through the service's ``HandlingGate``, that fails with
        ``HandlerTimedOut`` once it has run ``HANDLER_TIME_LIMIT`` seconds: its message is
        retried like any failure, and the broker's ``consumer_timeout`` (longer, see
        deploy/rabbitmq/rabbitmq.conf) never closes the channel that every other message of the
        service is in flight on."""
        timers: dict[Any, Any] = {}  # worker context -> its time-out timer (the hub's)

        def finished(worker_ctx: Any, result: Any = None, exc_info: Any = None) -> Any:
            timer = timers.pop(worker_ctx, None)
            if timer is not None:
                timer.cancel()
            self.gate.release(alone)
            return on_result(worker_ctx, result, exc_info)

        def start() -> None:
            try:
                for message in messages:
                    self.journal_begin(message)
                worker_ctx = self.container.spawn_worker(
                    self, args, {}, context_data=context, handle_result=finished
                )
            except Exception:  # ContainerBeingKilled, no database: back to the broker
                log.warning("could not start a worker; its messages go back", exc_info=True)
                self.gate.release(alone)
                for message in messages:
                    self._hold_then_requeue(message)
                return
            self._arm_time_limit(timers, worker_ctx)

        self.gate.admit(alone, start)

    def _arm_time_limit(self, timers: dict[Any, Any], worker_ctx: Any) -> None:
        """A timer of the hub, not ``eventlet.spawn_after``: a cancelled timer drops what it
        holds at once, where a cancelled ``spawn_after`` kept the finished worker (its context,
        the service instance, its messages and, through the cancellation's traceback, every
        frame it ran in) until the limit passed: 120 s of workers, 100 MiB and more under load
        (docs/performance.md). It fires in the hub: the kill runs in a green thread of its own."""
        thread = self.container._worker_threads.get(worker_ctx)
        if thread is not None:  # nothing yielded since the spawn: it has not run yet
            timers[worker_ctx] = hubs.get_hub().schedule_call_global(
                self.time_limit, eventlet.spawn_n, self._time_out, timers, worker_ctx, thread
            )

    def _time_out(self, timers: dict[Any, Any], worker_ctx: Any, thread: Any) -> None:
        if timers.pop(worker_ctx, None) is not None:  # still in the handler, not yet finished
            log.error("%s ran past its time limit of %ss; failing it", worker_ctx, self.time_limit)
            thread.kill(HandlerTimedOut(f"the handler ran past HANDLER_TIME_LIMIT ({self.time_limit:g}s)"))
