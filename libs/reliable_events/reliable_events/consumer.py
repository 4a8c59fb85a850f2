"""Event handlers that never drop a message silently.

Failure policy (every consumer of every service):
- success: ack after the worker (and so its transaction) finished;
- the body is not a valid envelope: straight to the service's dead-letter queue, with the
  reason (retrying cannot fix it);
- the handler raised: the message goes back to its queue and is tried again, up to
  ``MAX_DELIVERIES`` deliveries in all; then it is dead-lettered with the exception text;
- the handler raised ``Unprocessable`` (the data can never be used, e.g. a notice it cannot
  fill): dead-lettered at once with the reason, no retries;
- the consumer died before acking: the broker redelivers; on a quorum queue the broker's
  ``x-delivery-limit`` stops a message that kills its consumer every time.
Dead letters are counted (``hall_dead_lettered_total``) and can be listed, inspected and
re-driven with ``hall-dead-letters``.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime

from kombu import Queue
from kombu.serialization import register
from nameko.events import EventHandler
from nameko.extensions import SharedExtension
from nameko.messaging import QueueConsumer

from hall_contracts import CONTENT_TYPE, EnvelopeError, parse_envelope
from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage
from reliable_events.storage import CORRELATION_CONTEXT_KEY
from reliable_events.telemetry import DEAD_LETTERED
from reliable_events.topology import (
    CLASSIC,
    QUORUM,
    consumer_queue_arguments,
    dead_letter_exchange,
    declare_dead_letters,
)

log = logging.getLogger(__name__)

QUEUE_TYPE_KEY = "QUEUE_TYPE"
MAX_DELIVERIES_KEY = "MAX_DELIVERIES"
SERIALIZER_NAME = "cloudevents"
ATTEMPTS_HEADER = "x-hall-attempts"
REASON_HEADER = "x-hall-reason"
ORIGINAL_QUEUE_HEADER = "x-hall-original-queue"

register(
    SERIALIZER_NAME,
    lambda obj: json.dumps(obj, ensure_ascii=False),
    lambda text: json.loads(text),
    content_type=CONTENT_TYPE,
    content_encoding="utf-8",
)


class Unprocessable(Exception):
    """A handler's verdict that no retry can help: the message is dead-lettered at once."""


class DeadLetters(SharedExtension):
    """One confirming channel per container for dead-lettering and classic-queue retries."""

    def setup(self):
        self.service = self.container.service_name
        self.publisher = ConfirmingPublisher(
            self.container.config["AMQP_URI"],
            on_connect=lambda channel: declare_dead_letters(channel, self.service),
        )
        self.lock = threading.Lock()

    def start(self):
        self.publisher.connect()  # declare the DLX and DLQ before the first message arrives

    def stop(self):
        self.publisher.close()

    kill = stop

    def send(self, message, queue: str, reason: str, attempts: int) -> None:
        headers = dict(message.headers or {})
        headers.update({
            ORIGINAL_QUEUE_HEADER: queue,
            REASON_HEADER: reason[:1000],
            ATTEMPTS_HEADER: attempts,
            "x-hall-dead-lettered-at": datetime.now(UTC).isoformat(),
        })
        self._publish(dead_letter_exchange(self.service), queue, message, headers)
        DEAD_LETTERED.labels(self.service, queue).inc()
        log.error("dead-lettered message %s from %s after %d attempt(s): %s",
                  message.properties.get("message_id"), queue, attempts, reason[:200])

    def retry_later(self, message, queue: str, attempts: int) -> None:
        """Classic queues count no deliveries: put a copy back with the count in a header."""
        headers = dict(message.headers or {}, **{ATTEMPTS_HEADER: attempts})
        self._publish("", queue, message, headers)

    def _publish(self, exchange, routing_key, message, headers) -> None:
        outgoing = OutgoingMessage(
            exchange, routing_key, message.body,
            message.properties.get("message_id") or "", headers,
            content_type=message.content_type or CONTENT_TYPE,
        )
        with self.lock:
            self.publisher.publish_batch([outgoing])


class ReliableQueueConsumer(QueueConsumer):
    """nameko's queue consumer, but an ack or requeue on a connection the broker just
    reset is not fatal. nameko only catches py-amqp's ConnectionError there; the socket's
    own ConnectionResetError / BrokenPipeError escaped into the worker and killed the whole
    container during a broker restart. The broker redelivers the unacked message and the
    inbox makes the redelivery harmless."""

    def ack_message(self, message):
        try:
            super().ack_message(message)
        except OSError as exc:
            log.info("connection lost before the ack (%s); the broker will redeliver", exc)

    def requeue_message(self, message):
        try:
            super().requeue_message(message)
        except OSError as exc:
            log.info("connection lost before the requeue (%s); the broker will redeliver", exc)


class ReliableEventHandler(EventHandler):
    """``@reliable_event_handler("intake", "case_accepted")``: the method gets the envelope.

    Declares its queue durable with the dead-letter exchange (and as a quorum queue with a
    delivery limit unless ``QUEUE_TYPE`` is ``classic``).
    """

    dead_letters = DeadLetters()
    queue_consumer = ReliableQueueConsumer()

    def __init__(self, source_service, event_type, **kwargs):
        super().__init__(source_service, event_type, requeue_on_error=True, **kwargs)

    def setup(self):
        super().setup()
        config = self.container.config
        self.queue_type = config.get(QUEUE_TYPE_KEY, QUORUM)
        self.max_deliveries = int(config.get(MAX_DELIVERIES_KEY, 5))
        arguments = consumer_queue_arguments(
            self.container.service_name, self.queue_type, self.max_deliveries
        )
        self.queue = Queue(
            self.queue.name, exchange=self.queue.exchange, routing_key=self.event_type,
            durable=True, auto_delete=False, queue_arguments=arguments,
        )
        if SERIALIZER_NAME not in self.container.accept:
            self.container.accept = [*self.container.accept, SERIALIZER_NAME]

    def _parse(self, body, message) -> dict | None:
        """The envelope, or None once an invalid message has been dead-lettered."""
        try:
            return parse_envelope(body)
        except EnvelopeError as exc:
            self.dead_letters.send(message, self.queue.name, str(exc), self._attempts(message))
            self.queue_consumer.ack_message(message)
            return None

    def handle_message(self, body, message):
        envelope = self._parse(body, message)
        if envelope is None:
            return
        context = self.unpack_message_headers(message)
        context[CORRELATION_CONTEXT_KEY] = envelope["correlationid"]
        try:
            self.container.spawn_worker(
                self, (envelope,), {}, context_data=context,
                handle_result=lambda worker_ctx, result=None, exc_info=None:
                    self.handle_result(message, worker_ctx, result, exc_info),
            )
        except Exception:  # ContainerBeingKilled: give it back to the broker
            self.queue_consumer.requeue_message(message)

    def _attempts(self, message) -> int:
        headers = message.headers or {}
        if self.queue_type == CLASSIC:
            return int(headers.get(ATTEMPTS_HEADER, 0)) + 1
        return int(headers.get("x-delivery-count", 0)) + 1

    def handle_message_processed(self, message, result=None, exc_info=None):
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return
        attempts = self._attempts(message)
        try:
            if attempts >= self.max_deliveries or issubclass(exc_info[0], Unprocessable):
                reason = f"{exc_info[0].__name__}: {exc_info[1]}"
                self.dead_letters.send(message, self.queue.name, reason, attempts)
            elif self.queue_type == CLASSIC:
                self.dead_letters.retry_later(message, self.queue.name, attempts)
            else:
                self.queue_consumer.requeue_message(message)
                return
        except Exception:
            log.exception("could not move a failed message; the broker will redeliver it")
            self.queue_consumer.requeue_message(message)
            return
        self.queue_consumer.ack_message(message)


reliable_event_handler = ReliableEventHandler.decorator
