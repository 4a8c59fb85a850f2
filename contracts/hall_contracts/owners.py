"""Which service owns each event type: the one service that may publish it.

An event type is owned by the service whose folder holds its schema
(``schemas/complaints/complaint_substantiated.v1.json`` -> ``complaints``), and it is published
only to that service's events exchange ``<owner>.events``. Consumers accept an event only from
its owner's exchange (``reliable_events.provenance``); the broker accounts let each service
write only to its own exchanges (deploy/rabbitmq/definitions.json).
"""

from __future__ import annotations

from functools import cache

from hall_contracts.envelope import TYPE_PREFIX
from hall_contracts.registry import known_event_types


class OwnershipClash(RuntimeError):
    """Two services publish a schema of the same event type: the owner would be ambiguous."""


@cache
def event_owners() -> dict[str, str]:
    """``{"complaint_substantiated": "complaints", "case_accepted": "intake", ...}``."""
    owners: dict[str, str] = {}
    for event in known_event_types():
        if owners.setdefault(event.event_type, event.source) != event.source:
            raise OwnershipClash(
                f"{event.event_type} has schemas under both {owners[event.event_type]} and {event.source}"
            )
    return owners


def owner_of(event_type: str) -> str | None:
    """The owning service of a bare event type, None for a type outside the contracts."""
    return event_owners().get(event_type)


def owner_of_type_name(type_name: str) -> str | None:
    """The owner of an envelope ``type`` (``hall.complaints.complaint_substantiated``).

    For a type of the contracts this is the contracts' owner, whatever service the name
    claims; for any other type (a test probe's, the benchmark's) the service the name
    claims; None for a name that is not ``hall.<service>.<event_type>``.
    """
    parts = str(type_name).split(".")
    if len(parts) != 3 or parts[0] != TYPE_PREFIX or not parts[1] or not parts[2]:
        return None
    return owner_of(parts[2]) or parts[1]


__all__ = ["OwnershipClash", "event_owners", "owner_of", "owner_of_type_name"]
