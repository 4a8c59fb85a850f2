"""nameko's queue consumer, hardened for a broker that restarts and bodies kombu cannot decode."""

from __future__ import annotations

import logging
from typing import Any

from nameko.messaging import QueueConsumer

log = logging.getLogger(__name__)


class ReliableQueueConsumer(QueueConsumer):
    """nameko's queue consumer, but:

    - an ack or requeue on a connection the broker just reset is not fatal (nameko only catches
      py-amqp's ConnectionError; the socket's own ConnectionResetError / BrokenPipeError killed
      the whole container during a broker restart; the broker redelivers the unacked message
      and the inbox makes the redelivery harmless);
    - a body kombu cannot decode is handed to its provider to be dead-lettered, where kombu's
      ``ConsumerMixin.on_decode_error`` acks and drops it.
    """

    def ack_message(self, message: Any) -> None:
        try:
            super().ack_message(message)
        except OSError as exc:
            log.info("connection lost before the ack (%s); the broker will redeliver", exc)

    def requeue_message(self, message: Any) -> None:
        try:
            super().requeue_message(message)
        except OSError as exc:
            log.info("connection lost before the requeue (%s); the broker will redeliver", exc)

    def on_decode_error(self, message: Any, exc: Exception) -> None:
        tag = message.delivery_info.get("consumer_tag")
        for provider, consumer in list(self._consumers.items()):
            if tag in consumer._active_tags.values():
                provider.reject_undecodable(message, exc)
                return
        log.error("undecodable message on an unknown consumer %s: %s; the broker will redeliver it", tag, exc)
