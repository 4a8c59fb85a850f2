"""Moving a failed message on: to a delay queue (it comes back later) or to the dead letters.

One confirming channel per container. A copy is published (and confirmed) before the original
is acked, so a crash in between leaves a duplicate, never a loss; the consumer's inbox makes
the duplicate harmless.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlparse

from nameko.extensions import SharedExtension

from hall_contracts import CONTENT_TYPE
from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage, broker_uris
from reliable_events.retry_policy import (
    BROKER_HEADERS,
    ORIGINAL_QUEUE_HEADER,
    REASON_HEADER,
    History,
    RetryPolicy,
    parse_seconds,
)
from reliable_events.senders import believed_headers
from reliable_events.telemetry import DEAD_LETTERED, RETRIED
from reliable_events.topology import (
    QUORUM,
    dead_letter_exchange,
    declare_dead_letters,
    declare_retry_queues,
    parse_retry_delays,
    retry_queue,
)

log = logging.getLogger(__name__)

QUEUE_TYPE_KEY = "QUEUE_TYPE"
MAX_DELIVERIES_KEY = "MAX_DELIVERIES"  # attempts before a failing message is dead-lettered
RETRY_DELAYS_KEY = "RETRY_DELAYS"  # "1,10,60,300,900": seconds before each retry
RETRY_UNAVAILABLE_FOR_KEY = "RETRY_UNAVAILABLE_FOR"  # seconds a dependency may be down
DEFAULT_UNAVAILABLE_FOR = 24 * 3600.0


def broker_user(amqp_uri: str) -> str:
    """The account a service publishes with (the first broker of a ``;`` list)."""
    return unquote(urlparse(broker_uris(amqp_uri)[0]).username or "guest")


class Redelivery(SharedExtension):
    """Retries through the broker's delay queues, and the dead-letter queue."""

    def setup(self) -> None:
        config = self.container.config
        self.service = self.container.service_name
        self.queue_type = config.get(QUEUE_TYPE_KEY, QUORUM)
        self.policy = RetryPolicy(
            max_attempts=int(config.get(MAX_DELIVERIES_KEY, 5)),
            delays=parse_retry_delays(config.get(RETRY_DELAYS_KEY)),
            unavailable_for=parse_seconds(config.get(RETRY_UNAVAILABLE_FOR_KEY), DEFAULT_UNAVAILABLE_FOR),
        )
        self.user = broker_user(config["AMQP_URI"])
        self.publisher = ConfirmingPublisher(config["AMQP_URI"], on_connect=self._declare)
        self.lock = threading.Lock()

    def _declare(self, channel: Any) -> None:
        declare_dead_letters(channel, self.service)
        declare_retry_queues(channel, self.service, self.policy.delays, self.queue_type)

    def start(self) -> None:
        # declare the DLX, DLQ and delay queues before any message; a message that arrives
        # meanwhile (consumers start beside this) must not read the same socket
        with self.lock:
            self.publisher.connect()

    def stop(self) -> None:
        self.publisher.close()

    kill = stop

    def history(self, message: Any) -> History:
        """The message's retry history, if this service's own account wrote it."""
        ours = believed_headers(message.headers, message.properties.get("user_id"), {self.user})
        return History.from_headers(dict(ours), trusted=True)  # another sender's: none are left

    def dead_letter(
        self,
        message: Any,
        queue: str,
        reason: str,
        history: History,
        cause: str,
        origin: dict[str, Any] | None = None,
    ) -> None:
        """``origin``: the consumer's ``x-hall-origin-exchange`` (reliable_events.provenance)."""
        headers = {
            **(origin or {}),
            ORIGINAL_QUEUE_HEADER: queue,
            REASON_HEADER: reason[:1000],
            "x-hall-dead-lettered-at": datetime.now(UTC).isoformat(),
            **history.headers(),
        }
        self._publish(dead_letter_exchange(self.service), queue, message, headers)
        DEAD_LETTERED.labels(self.service, queue).inc()
        log.error(
            "dead-lettered message %s from %s (%s) after %d attempt(s): %s",
            message.properties.get("message_id"),
            queue,
            cause,
            history.attempts,
            reason[:200],
        )

    def retry_later(
        self,
        message: Any,
        queue: str,
        delay: float,
        history: History,
        cause: str,
        origin: dict[str, Any] | None = None,
    ) -> None:
        """A copy waits ``delay`` seconds in a delay queue, then returns to ``queue``."""
        self._publish(
            retry_queue(self.service, delay), queue, message, {**(origin or {}), **history.headers()}
        )
        RETRIED.labels(self.service, queue, cause).inc()
        log.warning(
            "message %s of %s will be retried in %ss (%s)",
            message.properties.get("message_id"),
            queue,
            delay,
            cause,
        )

    def _publish(self, exchange: str, routing_key: str, message: Any, headers: dict[str, Any]) -> None:
        kept = {
            key: value
            for key, value in (message.headers or {}).items()
            if key not in BROKER_HEADERS and not key.startswith("x-hall-")
        }
        outgoing = OutgoingMessage(
            exchange,
            routing_key,
            message.body,
            message.properties.get("message_id") or "",
            {**kept, **headers},
            content_type=message.content_type or CONTENT_TYPE,
            user_id=self.user,
        )
        with self.lock:
            self.publisher.publish_batch([outgoing])
