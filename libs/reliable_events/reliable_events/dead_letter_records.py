"""One dead letter as ``hall-dead-letters`` and the operators' routes read it: where it failed,
why, when, and where a re-drive sends it (``reliable_events.dead_letters``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from reliable_events.publisher import OutgoingMessage
from reliable_events.retry_policy import ORIGINAL_QUEUE_HEADER, REASON_HEADER

# where a message was first published, kept on the copies a listing puts back in the queue
HOME_EXCHANGE_HEADER = "x-hall-published-to"
HOME_KEY_HEADER = "x-hall-published-with"
DEAD_LETTERED_AT_HEADER = "x-hall-dead-lettered-at"  # set by reliable_events.redelivery


@dataclass
class DeadLetter:
    delivery_tag: int
    message_id: str
    original_queue: str
    reason: str
    headers: dict[str, Any]
    body: bytes
    content_type: str
    exchange: str = ""  # where it was published: an unrouted event goes back there
    routing_key: str = ""

    def summary(self) -> dict[str, Any]:
        return {"message_id": self.message_id, "queue": self.original_queue, "reason": self.reason}

    @property
    def dead_lettered_at(self) -> str:
        """When the consumer gave up (its ``x-hall-dead-lettered-at``), else the broker's x-death
        time; also the letter's version: a re-drive may ask for exactly this one."""
        stamp = self.headers.get(DEAD_LETTERED_AT_HEADER)
        if stamp:
            return str(stamp)
        deaths = self.headers.get("x-death") or []
        return str(deaths[0].get("time", "")) if deaths else ""

    @property
    def event_type(self) -> str:
        """The envelope's ``type`` (``hall.intake.case_returned``), or "" for a body that is no
        envelope; nothing else of the body is read."""
        try:
            found = json.loads(self.body).get("type", "")
        except (ValueError, AttributeError):
            return ""
        return found if isinstance(found, str) else ""

    def home(self) -> tuple[str, str]:
        """(exchange, routing key) a re-drive sends it to: the queue it failed in, or, for an
        event no queue took, the exchange it was published to (bound by now)."""
        if self.original_queue:
            return "", self.original_queue
        return self.exchange, self.routing_key

    def requeued_headers(self) -> dict[str, Any]:
        return {**self.headers, HOME_EXCHANGE_HEADER: self.exchange, HOME_KEY_HEADER: self.routing_key}

    def copy_to(self, exchange: str, routing_key: str, headers: dict[str, Any]) -> OutgoingMessage:
        return OutgoingMessage(
            exchange, routing_key, self.body, self.message_id, headers, content_type=self.content_type
        )


def describe(message: Any) -> DeadLetter:
    headers = dict(message.properties.get("application_headers") or {})
    deaths = headers.get("x-death") or []
    queue = headers.get(ORIGINAL_QUEUE_HEADER) or (deaths[0].get("queue") if deaths else "")
    reason = headers.get(REASON_HEADER) or (deaths[0].get("reason") if deaths else "unrouted")
    body = message.body if isinstance(message.body, bytes) else str(message.body).encode()
    info = message.delivery_info or {}
    return DeadLetter(
        message.delivery_tag,
        message.properties.get("message_id") or _envelope_id(body),
        str(queue),
        str(reason),
        headers,
        body,
        message.properties.get("content_type", "application/json"),
        headers.get(HOME_EXCHANGE_HEADER, info.get("exchange", "")),
        headers.get(HOME_KEY_HEADER, info.get("routing_key", "")),
    )


def _envelope_id(body: bytes) -> str:
    """Messages published without a message id are still named by their envelope's id."""
    try:
        return str(json.loads(body).get("id", ""))
    except (ValueError, AttributeError):
        return ""
