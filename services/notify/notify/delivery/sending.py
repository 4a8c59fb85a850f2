"""One send on its channel, outside any transaction (the loop records its outcome after)."""

from __future__ import annotations

from notify.delivery.rules import BY_REFERENCE, PERMANENT, TEMPORARY, Delivery, Outcome, Outgoing
from notify.directory import Unavailable, Unknown


def attempt(delivery: Delivery, channels: dict, directory, cache: dict) -> Outcome:
    """Send one delivery on its channel, outside any transaction; the contact is read from its
    owner for this send only (``cache``: once per recipient and run)."""
    channel = channels.get(delivery.channel)
    if channel is None:
        return Outcome(TEMPORARY, f"the {delivery.channel} channel is not configured")
    if delivery.channel in BY_REFERENCE:  # no contact is read (R-COMP-4: nor a complainant's opened)
        return channel.send(_outgoing(delivery, delivery.recipient_ref))
    key = (delivery.audience, delivery.recipient_ref)
    try:
        if key not in cache:
            cache[key] = directory.contact(
                delivery.audience, delivery.recipient_ref, delivery.case_no, delivery.complaint_no
            )
    except Unavailable as exc:
        return Outcome(TEMPORARY, f"contact unavailable: {exc}")
    except Unknown as exc:
        return Outcome(PERMANENT, f"no contact: {exc}")
    address = cache[key].address(delivery.channel, delivery.recipient_ref)
    if not address:
        return Outcome(PERMANENT, f"the recipient has no {delivery.channel} address")
    return channel.send(_outgoing(delivery, address))


def _outgoing(delivery: Delivery, address: str) -> Outgoing:
    return Outgoing(delivery.idempotency_key, delivery.notice_no, address, delivery.title, delivery.content)
