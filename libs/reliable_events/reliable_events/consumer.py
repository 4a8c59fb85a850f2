"""Event handlers that never drop a message silently, and that no message can stop.

Failure policy (every consumer of every service; the decisions are ``retry_policy``'s):
- success: ack after the worker (and so its transaction) finished;
- a body that cannot be decoded (bad bytes, a content type we do not accept) or is not a valid
  envelope: straight to the service's dead-letter queue, with the reason (retrying cannot fix
  it). kombu's default would ack and drop it;
- the handler raised: a copy waits in a delay queue (1 s, 10 s, 1 min, 5 min, 15 min by
  default: ``RETRY_DELAYS``) and comes back; after ``MAX_DELIVERIES`` failed attempts it is
  dead-lettered with the exception text. A dependency that is down (``Unavailable``, a database
  or peer unreachable) retries the same way without counting an attempt;
- the handler raised ``Unprocessable``: dead-lettered at once with the reason;
- the consumer died before acking: the broker redelivers; on a quorum queue the broker's
  ``x-delivery-limit`` (``BROKER_DELIVERY_LIMIT``) stops a message that kills its consumer
  every time;
- moving a message on failed (the broker refuses publishes under an alarm): the message goes
  back to its queue after a pause; nothing raises into nameko, which would stop the service;
- an event that did not come from the exchange of the service owning its type (a forgery):
  dead-lettered unapplied with the reason, counted in ``hall_events_refused_total``
  (``provenance``); its exchange of first arrival travels with its retries and dead letters.
Dead letters are counted (``hall_dead_lettered_total``) and can be listed, inspected and
re-driven with ``hall-dead-letters``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from kombu import Exchange, Queue
from kombu.serialization import register
from nameko.events import EventHandler

from hall_contracts import CONTENT_TYPE, EnvelopeError, parse_envelope
from hall_contracts.owners import event_owners
from reliable_events import provenance
from reliable_events.crash_journal import ALONE_AFTER, HandlingGate
from reliable_events.queue_consumer import ReliableQueueConsumer
from reliable_events.redelivery import QUEUE_TYPE_KEY, Redelivery, broker_user
from reliable_events.retry_policy import Unavailable, Unprocessable, parse_seconds
from reliable_events.storage import CORRELATION_CONTEXT_KEY
from reliable_events.timed_workers import HandlerTimedOut, TimedWorkers
from reliable_events.topology import (
    DEFAULT_BROKER_DELIVERY_LIMIT,
    QUORUM,
    consumer_queue_arguments,
    events_exchange,
    events_exchange_arguments,
)

log = logging.getLogger(__name__)

BROKER_DELIVERY_LIMIT_KEY = "BROKER_DELIVERY_LIMIT"
HANDLER_TIME_LIMIT_KEY = "HANDLER_TIME_LIMIT"
# well under the broker's consumer_timeout (deploy/rabbitmq/rabbitmq.conf; a contract test
# keeps the two apart), so a slow handler is failed by us before the broker closes the channel
DEFAULT_HANDLER_TIME_LIMIT = 300.0
SERIALIZER_NAME = "cloudevents"

register(
    SERIALIZER_NAME,
    lambda obj: json.dumps(obj, ensure_ascii=False),
    lambda text: json.loads(text),
    content_type=CONTENT_TYPE,
    content_encoding="utf-8",
)

__all__ = [
    "HandlerTimedOut",
    "ReliableEventHandler",
    "ReliableQueueConsumer",
    "Unavailable",
    "Unprocessable",
    "reliable_event_handler",
]


class ReliableEventHandler(TimedWorkers, EventHandler):
    """``@reliable_event_handler("intake", "case_accepted")``: the method gets the envelope.

    Declares its queue durable with the dead-letter exchange (and as a quorum queue with a
    broker delivery limit unless ``QUEUE_TYPE`` is ``classic``), bound to the source's events
    exchange declared exactly as its producer declares it.
    """

    redelivery = Redelivery()
    gate = HandlingGate()
    queue_consumer = ReliableQueueConsumer()

    def __init__(self, source_service: Any, event_type: Any, **kwargs: Any) -> None:
        super().__init__(source_service, event_type, requeue_on_error=True, **kwargs)

    def setup(self) -> None:
        super().setup()
        config = self.container.config
        self.queue_type = config.get(QUEUE_TYPE_KEY, QUORUM)
        limit = int(config.get(BROKER_DELIVERY_LIMIT_KEY, DEFAULT_BROKER_DELIVERY_LIMIT))
        self.time_limit = parse_seconds(config.get(HANDLER_TIME_LIMIT_KEY), DEFAULT_HANDLER_TIME_LIMIT)
        self.queue = Queue(
            self.queue.name,
            exchange=self.source_exchange(),
            routing_key=self.event_type,
            durable=True,
            auto_delete=False,
            queue_arguments=consumer_queue_arguments(self.container.service_name, self.queue_type, limit),
        )
        if SERIALIZER_NAME not in self.container.accept:
            self.container.accept = [*self.container.accept, SERIALIZER_NAME]
        # who may vouch for the exchange of first arrival of a retried or re-driven message
        self.trusted_users = {
            broker_user(config["AMQP_URI"]),
            config.get(provenance.OPERATOR_USER_KEY) or provenance.DEFAULT_OPERATOR_USER,
        }

    def source_exchange(self) -> Exchange:
        """The source's events exchange. Another hall service's is only checked (a passive
        declare), never declared: the broker account of a service may configure only its own
        exchanges, and the deploy definitions (or ``make up``, the test stack) declare it
        beforehand. A source outside the contracts (the benchmark's) is declared as before."""
        foreign = self.source_service != self.container.service_name and self.source_service in set(
            event_owners().values()
        )
        return Exchange(
            events_exchange(self.source_service),
            "topic",
            durable=True,
            auto_delete=False,
            arguments=events_exchange_arguments(self.source_service),
            passive=foreign,
        )

    # -- arrival -------------------------------------------------------------------------

    def parse(self, body: Any, message: Any) -> Any:
        """What the worker gets (the envelope); raises ValueError for a body it can never use,
        ``provenance.WrongExchange`` for an event not from its owner's exchange."""
        try:
            envelope = parse_envelope(body)
        except EnvelopeError as exc:
            raise ValueError(str(exc)) from exc
        provenance.check(
            envelope,
            self.delivered_from(message),
            message.headers,
            message.properties.get("user_id"),
            self.trusted_users,
        )
        return envelope

    def _parse(self, body: Any, message: Any) -> Any:
        """The parsed body, or None once an unusable message has been dead-lettered."""
        try:
            return self.parse(body, message)
        except provenance.WrongExchange as exc:
            provenance.REFUSED.labels(self.container.service_name, self.queue.name).inc()
            self._give_up(message, str(exc), "forged")
            return None
        except (ValueError, TypeError) as exc:
            self._give_up(message, str(exc), "invalid")
            return None

    def reject_undecodable(self, message: Any, exc: Any) -> None:
        reason = (
            f"undecodable body ({type(exc).__name__}: {exc}); content type "
            f"{message.content_type!r}, encoding {message.content_encoding!r}"
        )
        self._give_up(message, reason, "undecodable")

    def handle_message(self, body: Any, message: Any) -> None:
        try:
            parsed = self._parse(body, message)
            if parsed is not None:
                self.admit(parsed, message)
        except Exception:  # never into nameko's managed thread: that stops the container
            log.exception(
                "could not handle message %s; it goes back to its queue", message.properties.get("message_id")
            )
            self._hold_then_requeue(message)

    def admit(self, parsed: Any, message: Any) -> None:
        """Run the message, alone if its process died while handling it, or dead-letter it
        once that happened ``MAX_DELIVERIES`` times (see ``crash_journal``)."""
        died = self.journal_previous(parsed, message)
        if died >= self.redelivery.policy.max_attempts:
            self._give_up(
                message, f"killed its consumer: its handling began {died} times and never ended", "crashed"
            )
            return
        self.start_worker(parsed, message, alone=died >= ALONE_AFTER)

    def start_worker(self, parsed: Any, message: Any, alone: bool = False) -> None:
        context = self.unpack_message_headers(message)
        context[CORRELATION_CONTEXT_KEY] = self.correlation_id(parsed, message)
        self.spawn_timed_worker(
            (parsed,),
            context,
            lambda worker_ctx, result, exc_info: self.handle_result(message, worker_ctx, result, exc_info),
            alone,
            [message],
        )

    def correlation_id(self, parsed: Any, message: Any) -> Any:
        return parsed["correlationid"]


reliable_event_handler = ReliableEventHandler.decorator
