"""Headers believed only from the senders allowed to set them.

RabbitMQ refuses a publish whose AMQP ``user_id`` property is not the account of the publishing
connection, so ``user_id`` says who sent a message. A header a consumer acts on (the retry
counts of ``retry_policy``, the exchange of first arrival of ``provenance``, a department's
``x-joint-review-sender``) is read only from a message one of its allowed senders published;
from anyone else it is as if it were absent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

__all__ = ["believed_headers"]


def believed_headers(
    headers: Mapping[str, Any] | None, user_id: str | None, senders: Collection[str]
) -> Mapping[str, Any]:
    """``headers`` when the message's ``user_id`` is one of ``senders``, else no headers at all.

    >>> believed_headers({"x-hall-attempts": 3}, "intake", {"intake"})
    {'x-hall-attempts': 3}
    >>> believed_headers({"x-hall-attempts": 3}, "complaints", {"intake"})
    {}
    """
    if user_id and user_id in senders:
        return headers or {}
    return {}
