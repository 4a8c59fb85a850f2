"""Settling a handled message: ack it, move it to a delay queue, or dead-letter it; and what
happens when even that fails (back to its queue after a pause)."""

from __future__ import annotations

import logging
import time
from typing import Any

import eventlet

from reliable_events import provenance
from reliable_events.crash_journal import JournalMixin
from reliable_events.redelivery import Redelivery
from reliable_events.retry_policy import DEAD_LETTER, History

log = logging.getLogger(__name__)

HOLD_SECONDS = 5.0  # before a message we could not move on goes back to its queue


class MessageOutcomes(JournalMixin):
    """The outcome side of ``ReliableEventHandler``: every message ends acked exactly once,
    after a copy of it (a retry, a dead letter) is safely with the broker."""

    redelivery: Redelivery
    queue_consumer: Any
    trusted_users: set[str]  # who may vouch for a message's exchange of first arrival

    def delivered_from(self, message: Any) -> str:
        return (message.delivery_info or {}).get("exchange") or ""

    def origin_headers(self, message: Any) -> dict[str, Any]:
        """The exchange of first arrival, for the copy we publish (a retry, a dead letter)."""
        origin = provenance.arrival_exchange(
            self.delivered_from(message),
            message.headers,
            message.properties.get("user_id"),
            self.trusted_users,
        )
        return {provenance.ORIGIN_HEADER: origin} if origin else {}

    def handle_message_processed(self, message: Any, result: Any = None, exc_info: Any = None) -> None:
        self.journal_settled(message)
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return
        history = self.redelivery.history(message)
        verdict = self.redelivery.policy.decide(history, exc_info[1], time.time())
        try:
            if verdict.action == DEAD_LETTER:
                self.redelivery.dead_letter(
                    message,
                    self.queue.name,
                    verdict.reason,
                    verdict.history,
                    "failed",
                    self.origin_headers(message),
                )
            else:
                self.redelivery.retry_later(
                    message,
                    self.queue.name,
                    verdict.delay,
                    verdict.history,
                    verdict.action,
                    self.origin_headers(message),
                )
        except Exception:
            log.exception("could not move a failed message on; it goes back to its queue")
            self._hold_then_requeue(message)
            return
        self.queue_consumer.ack_message(message)

    def _give_up(self, message: Any, reason: str, cause: str) -> None:
        self.journal_settled(message)
        history = self.redelivery.history(message)
        try:
            self.redelivery.dead_letter(
                message,
                self.queue.name,
                reason,
                History(history.attempts + 1, history.waits, history.first_failed_at),
                cause,
                self.origin_headers(message),
            )
        except Exception:
            log.exception("could not dead-letter an unusable message; it goes back to its queue")
            self._hold_then_requeue(message)
            return
        self.queue_consumer.ack_message(message)

    def _hold_then_requeue(self, message: Any) -> None:
        """Back to the queue after a pause, so that a broker refusing our publishes (an alarm)
        is not answered with a tight redelivery loop."""

        def later() -> None:
            eventlet.sleep(HOLD_SECONDS)
            self.queue_consumer.requeue_message(message)

        try:
            self.container.spawn_managed_thread(later, identifier="hold_then_requeue")
        except Exception:  # the container is going: closing the channel returns the message
            log.info("not requeued: the service is stopping; the broker will redeliver")
