"""Batch event handlers: one transaction and one inbox statement for up to ``max_batch``
events, for consumers whose volume makes a worker per message too dear (see the benchmark
in docs/architecture.md). The failure policy per message is the same as ``ReliableEventHandler``'s.
"""

from __future__ import annotations

import logging
from typing import Any

import eventlet

from reliable_events.consumer import ReliableEventHandler, ReliableQueueConsumer

log = logging.getLogger(__name__)

PREFETCH_KEY = "CONSUMER_PREFETCH"
DEFAULT_PREFETCH = 400


class PrefetchingQueueConsumer(ReliableQueueConsumer):
    """nameko's queue consumer, with a prefetch of its own (``CONSUMER_PREFETCH``) instead
    of ``max_workers``, so that batches can fill while earlier ones are being applied."""

    @property
    def prefetch_count(self) -> int:
        return int(self.container.config.get(PREFETCH_KEY, DEFAULT_PREFETCH))

    def handle_message(self, provider: Any, body: Any, message: Any) -> None:
        # nameko spawns a green thread per message so a handler cannot block the consumer;
        # a batch handler only appends to its batch, so it is called in line.
        provider.handle_message(body, message)


class ReliableBatchHandler(ReliableEventHandler):
    """``@reliable_batch_handler("bench", "bench_event")``: the method gets a list of
    envelopes (up to ``max_batch``, gathered for at most ``max_wait`` seconds) and applies
    them in one transaction, typically ``for event in tx.new_events(events): ...``.

    The same failure policy per message: if a batch fails, each of its messages is tried
    again alone, so one poison message cannot drag its neighbours to the dead-letter queue.
    """

    queue_consumer = PrefetchingQueueConsumer()

    def __init__(
        self, source_service: Any, event_type: Any, max_batch: Any = 200, max_wait: Any = 0.02, **kwargs: Any
    ) -> None:
        super().__init__(source_service, event_type, **kwargs)
        self.max_batch = max_batch
        self.max_wait = max_wait

    def setup(self) -> None:
        super().setup()
        self._pending: list[tuple[Any, Any]] = []  # (envelope, message) gathered for a batch
        self._timer: Any = None

    def start_worker(self, parsed: Any, message: Any, alone: bool = False) -> None:
        """Called in the consumer's own thread (see ``PrefetchingQueueConsumer``): it only
        gathers the batch; a message to run alone is a batch of its own."""
        if alone:
            self._spawn([(parsed, message)], alone=True)
            return
        self._pending.append((parsed, message))
        if len(self._pending) >= self.max_batch:
            self._flush()
        elif self._timer is None:
            self._timer = self.container.spawn_managed_thread(self._flush_later)

    def _flush_later(self) -> None:
        eventlet.sleep(self.max_wait)
        self._timer = None
        self._flush()

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            self._spawn(batch)

    def _spawn(self, batch: Any, alone: bool = False) -> None:
        self.spawn_timed_worker(
            ([envelope for envelope, _ in batch],),
            self.unpack_message_headers(batch[0][1]),
            lambda worker_ctx, result, exc_info: self._batch_done(batch, result, exc_info),
            alone,
            [message for _, message in batch],
        )

    def _batch_done(self, batch: list[tuple[Any, Any]], result: Any, exc_info: Any) -> tuple[Any, Any]:
        if exc_info is None or len(batch) == 1:
            for _, message in batch:
                self.handle_message_processed(message, result, exc_info)
        else:
            log.warning(
                "a batch of %d failed (%s); retrying its messages one by one", len(batch), exc_info[1]
            )

            # not from this worker's own thread: with every worker here, spawning would wait
            # for a free worker forever
            def one_by_one() -> None:
                for item in batch:
                    self._spawn([item])

            self.container.spawn_managed_thread(one_by_one)
        return result, exc_info


reliable_batch_handler = ReliableBatchHandler.decorator
