"""An event is accepted only from the exchange of the service that owns its type.

Each service's broker account may write only to its own exchanges (deploy/rabbitmq), so the
exchange an event was published to says who published it: ``complaint_substantiated`` is
owned by complaints (``hall_contracts.owners``) and believed only when it was published to
``complaints.events``. Anything else (another service's exchange, the default exchange, an
unknown type) is dead-lettered unapplied with the reason, and counted
(``hall_events_refused_total``).

The exchange is the broker's ``delivery_info['exchange']`` on a first delivery. A retried
message comes back through the service's delay queue and the default exchange (exchange
``""``), and a re-driven dead letter through the default exchange too; for those the exchange
of first arrival travels in the ``x-hall-origin-exchange`` header, believed only when the
message's ``user_id`` is the service's own broker account or the operator's: RabbitMQ refuses
a publish whose ``user_id`` is not the publishing account, so no other account can fake it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from prometheus_client import Counter

from hall_contracts.owners import owner_of_type_name
from reliable_events.senders import believed_headers
from reliable_events.topology import events_exchange

ORIGIN_HEADER = "x-hall-origin-exchange"
OPERATOR_USER_KEY = "BROKER_OPERATOR_USER"  # the full-rights account hall-dead-letters uses
DEFAULT_OPERATOR_USER = "admin"
DEFAULT_EXCHANGE_NAME = "the default exchange"

REFUSED = Counter(
    "hall_events_refused_total",
    "Events dead-lettered unapplied: not published to the exchange of the service owning "
    "their type (a forgery, or a message moved by hand)",
    ["service", "queue"],
)


class WrongExchange(ValueError):
    """The event did not come from its owner's exchange: never applied, dead-lettered."""


def arrival_exchange(
    delivery_exchange: str | None,
    headers: dict[str, Any] | None,
    user_id: str | None,
    trusted_users: Collection[str],
) -> str:
    """The exchange the message was first published to ("" when nobody can vouch for it).

    ``delivery_exchange`` is what the broker says; the origin header is read only for a
    message delivered through the default exchange (a retry, a re-drive) and published by one
    of ``trusted_users`` (the service's own account, the operator's)."""
    if delivery_exchange:
        return str(delivery_exchange)
    origin = believed_headers(headers, user_id, trusted_users).get(ORIGIN_HEADER)
    if isinstance(origin, bytes):
        origin = origin.decode("utf-8", "replace")
    return str(origin or "")


def refusal(type_name: Any, origin: str) -> str | None:
    """Why an event of envelope type ``type_name`` that came from ``origin`` must not be
    applied, or None when it came from its owner's exchange."""
    owner = owner_of_type_name(type_name)
    if owner is None:
        return f"event type {type_name!r} has no owning service"
    expected = events_exchange(owner)
    if origin != expected:
        return (
            f"forged or misrouted event: {type_name} is published only by {owner} to "
            f"{expected}, but this one came from {origin or DEFAULT_EXCHANGE_NAME}"
        )
    return None


def check(
    envelope: dict[str, Any],
    delivery_exchange: str | None,
    headers: dict[str, Any] | None,
    user_id: str | None,
    trusted_users: Collection[str],
) -> str:
    """The exchange of first arrival of a parsed envelope; raises ``WrongExchange``."""
    origin = arrival_exchange(delivery_exchange, headers, user_id, trusted_users)
    reason = refusal(envelope.get("type"), origin)
    if reason:
        raise WrongExchange(reason)
    return origin


__all__ = [
    "DEFAULT_OPERATOR_USER",
    "OPERATOR_USER_KEY",
    "ORIGIN_HEADER",
    "REFUSED",
    "WrongExchange",
    "arrival_exchange",
    "check",
    "refusal",
]
