"""What the operator's routes of ``OperationsEndpoints`` answer: the dead letters as the
``hall-dead-letters`` CLI shows them and the outbox's backlog (their OpenAPI entries and
bodies: ``web_api.openapi.OPERATIONS``, ``web_api.operations_schemas``).

A listing names each letter by its message id, event type, the queue it failed in, the reason and
when it was dead-lettered; nothing else of the body. Showing one gives its headers and body, as
``hall-dead-letters show`` does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from refusals import Conflict, Invalid, NotFound
from reliable_events.columns import as_utc
from reliable_events.dead_letters import DeadLetter
from web_api.operations_schemas import LIST_LIMIT, MAX_LIST_LIMIT, RedriveSchema

OPERATOR = ("operator",)  # web_api.openapi.OPERATIONS documents the same
__all__ = ["LIST_LIMIT", "MAX_LIST_LIMIT", "OPERATOR", "RedriveSchema"]


class DeadLetterNotFound(NotFound):
    code = "dead_letter_not_found"


class DeadLetterChanged(Conflict):
    code = "dead_letter_changed"


def list_limit(args: Any) -> int:
    """``?limit=`` between 1 and ``MAX_LIST_LIMIT`` (default ``LIST_LIMIT``); else 422."""
    raw = args.get("limit")
    if raw is None or raw == "":
        return LIST_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIST_LIMIT:
        raise Invalid(
            f"limit 须为 1 至 {MAX_LIST_LIMIT} 的整数 (limit must be 1 to {MAX_LIST_LIMIT})",
            {"limit": [f"1 to {MAX_LIST_LIMIT}"]},
        )
    return int(raw)


def letter_summary(letter: DeadLetter) -> dict[str, Any]:
    return {
        "id": letter.message_id,
        "event_type": letter.event_type,
        "queue": letter.original_queue,
        "reason": letter.reason,
        "dead_lettered_at": letter.dead_lettered_at,
    }


def letter_shown(letter: DeadLetter) -> dict[str, Any]:
    """What ``hall-dead-letters show`` prints: the summary, the headers as text, the body."""
    return {
        **letter_summary(letter),
        "headers": {key: str(value) for key, value in letter.headers.items()},
        "body": letter.body.decode("utf-8", "replace"),
    }


def redrive_answer(outcome: str, message_id: str) -> dict[str, Any]:
    """The answer to a re-drive, or the refusal of one that found nothing to do."""
    if outcome == "absent":
        raise DeadLetterNotFound(
            "没有该死信，可能已重新投递 (no such dead letter: re-driven already?)", {"id": message_id}
        )
    if outcome == "changed":
        raise DeadLetterChanged(
            "该消息重新投递后再次进入死信，请查看后再操作 "
            "(the message was dead-lettered again since: look at it before re-driving it)",
            {"id": message_id},
        )
    return {"id": message_id, "redriven": 1}


def backlog_answer(service: str, count: int, oldest: datetime | None, parked: int) -> dict[str, Any]:
    age = 0.0
    if oldest is not None:
        age = max((datetime.now(UTC) - as_utc(oldest)).total_seconds(), 0.0)
    return {"service": service, "pending": count, "oldest_pending_seconds": round(age, 1), "parked": parked}
