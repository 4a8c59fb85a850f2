"""Who sent an opinion command, and what it says: the broker's word, never the body's.

No framework here. RabbitMQ refuses a publish whose ``user_id`` property is not the publishing
connection's account, so ``user_id`` proves the sender; the sender survives retries and
re-drives in the ``x-joint-review-sender`` header, believed only on a copy published by a
trusted account (joint_review's own retry, the operator's re-drive).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from hall_contracts.commands import validate_opinion
from hall_contracts.topology import department_user
from reliable_events import CommandRejected
from reliable_events.senders import believed_headers

SENDER_HEADER = "x-joint-review-sender"  # not x-hall-*: those are dropped from retry copies


def parse_opinion(body: object) -> dict[str, Any]:
    """A department's opinion command as its published contract states it (``submit_opinion`` v1),
    or ``CommandRejected`` naming every problem (the command goes to the dead letters)."""
    if not isinstance(body, dict):
        raise CommandRejected("an opinion command is a JSON object")
    problems = validate_opinion(body)
    if problems:
        raise CommandRejected("; ".join(problems))
    return {**body, "reviewer_id": body["reviewer"]["id"]}


def authenticated_sender(message: Any, trusted_users: Collection[str]) -> str | None:
    """The broker account that sent the opinion command (its ``user_id``, which the broker
    checked), or, on a copy published by one of ``trusted_users`` (joint_review's own account
    retrying it, the operator's re-driving it), the sender recorded on first arrival."""
    user: str | None = message.properties.get("user_id")
    if user in trusted_users:
        recorded: str | None = believed_headers(message.headers, user, trusted_users).get(SENDER_HEADER)
        return recorded
    message.headers[SENDER_HEADER] = user or ""  # overwrites a forged one; a retry copy carries it
    return user or None


def department_of(account: str | None) -> str | None:
    """``dept_natural_resources`` -> ``natural_resources``; None for any other account."""
    prefix = department_user("")
    if not account or not account.startswith(prefix) or len(account) == len(prefix):
        return None
    return account[len(prefix) :]
