"""Commands from outside systems, with the same failure policy as events.

A department's own system answers a review task by publishing a plain JSON command (not an
event: it asks for a change) to a durable direct exchange. ``@reliable_command_handler(
"joint_review.commands", "joint_review.opinions", "submit_opinion", parse)`` consumes it with
the policy of ``consumer``: ack after the worker's transaction, bounded redelivery, then the
dead-letter queue; a body ``parse`` refuses goes straight to the dead letters with the reason.
The handler gets the parsed command; its idempotency key is the command's own id (the handler
checks it in the same transaction as its change).
"""

from __future__ import annotations

import json

from kombu import Exchange, Queue

from reliable_events.consumer import ReliableEventHandler
from reliable_events.storage import CORRELATION_CONTEXT_KEY
from reliable_events.topology import consumer_queue_arguments


class CommandRejected(ValueError):
    """The command can never be applied as sent (retrying cannot help)."""


class ReliableCommandHandler(ReliableEventHandler):
    def __init__(self, exchange: str, queue: str, routing_key: str, parse, **kwargs):
        super().__init__(exchange, routing_key, **kwargs)
        self.exchange_name, self.queue_name = exchange, queue
        self.routing_key, self.parse = routing_key, parse

    def setup(self):
        super().setup()
        self.queue = Queue(
            self.queue_name,
            exchange=Exchange(self.exchange_name, "direct", durable=True),
            routing_key=self.routing_key,
            durable=True,
            auto_delete=False,
            queue_arguments=consumer_queue_arguments(
                self.container.service_name, self.queue_type, self.max_deliveries
            ),
        )

    def _parse(self, body, message) -> dict | None:
        try:
            command = json.loads(body) if isinstance(body, (str, bytes)) else body
            return self.parse(command)
        except (ValueError, TypeError, CommandRejected) as exc:
            self.dead_letters.send(
                message, self.queue.name, f"rejected command: {exc}", self._attempts(message)
            )
            self.queue_consumer.ack_message(message)
            return None

    def handle_message(self, body, message):
        command = self._parse(body, message)
        if command is None:
            return
        context = self.unpack_message_headers(message)
        context[CORRELATION_CONTEXT_KEY] = message.properties.get("correlation_id") or None
        try:
            self.container.spawn_worker(
                self,
                (command,),
                {},
                context_data=context,
                handle_result=lambda worker_ctx, result=None, exc_info=None: self.handle_result(
                    message, worker_ctx, result, exc_info
                ),
            )
        except Exception:  # ContainerBeingKilled: give it back to the broker
            self.queue_consumer.requeue_message(message)


reliable_command_handler = ReliableCommandHandler.decorator
