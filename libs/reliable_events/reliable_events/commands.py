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
from typing import Any

from kombu import Exchange, Queue

from reliable_events.consumer import ReliableEventHandler


class CommandRejected(ValueError):
    """The command can never be applied as sent (retrying cannot help)."""


class ReliableCommandHandler(ReliableEventHandler):
    def __init__(self, exchange: str, queue: str, routing_key: str, parse: Any, **kwargs: Any) -> None:
        super().__init__(exchange, routing_key, **kwargs)
        self.exchange_name, self.queue_name = exchange, queue
        self.routing_key, self.parse_command = routing_key, parse

    def setup(self) -> None:
        super().setup()
        self.queue = Queue(
            self.queue_name,
            exchange=Exchange(self.exchange_name, "direct", durable=True),
            routing_key=self.routing_key,
            durable=True,
            auto_delete=False,
            queue_arguments=self.queue.queue_arguments,
        )

    def parse(self, body: Any, message: Any) -> dict[str, Any]:
        try:
            command = json.loads(body) if isinstance(body, (str, bytes)) else body
            parsed: dict[str, Any] = self.parse_command(command)
            return parsed
        except (ValueError, TypeError) as exc:  # CommandRejected is a ValueError
            raise ValueError(f"rejected command: {exc}") from exc

    def correlation_id(self, parsed: Any, message: Any) -> Any:
        return message.properties.get("correlation_id") or None


reliable_command_handler = ReliableCommandHandler.decorator
