"""One send on its channel, and the SMS receipts, outside any transaction (the loop records
their outcomes after)."""

from __future__ import annotations

from collections.abc import Generator

from eventlet.semaphore import Semaphore

from notify.delivery.green_pool import as_completed
from notify.delivery.rules import BY_REFERENCE, PERMANENT, TEMPORARY, Delivery, Outcome, Outgoing
from notify.directory import Contact, Unavailable, Unknown


class Contacts:
    """The contacts read during one pass of the loop, each from its owner at most once per
    recipient: sends in flight side by side (``notify.delivery.green_pool``) that want the same
    recipient wait for the first one's answer instead of asking again. A failed read is not
    kept: the next send for that recipient asks again, as one after the other did."""

    def __init__(self, directory) -> None:
        self.directory = directory
        self._found: dict[tuple[str, str], Contact] = {}
        self._asking: dict[tuple[str, str], Semaphore] = {}

    def of(self, delivery: Delivery) -> Contact:
        key = (delivery.audience, delivery.recipient_ref)
        with self._asking.setdefault(key, Semaphore()):
            if key not in self._found:
                self._found[key] = self.directory.contact(
                    delivery.audience, delivery.recipient_ref, delivery.case_no, delivery.complaint_no
                )
            return self._found[key]


def attempt(delivery: Delivery, channels: dict, contacts: Contacts) -> Outcome:
    """Send one delivery on its channel, outside any transaction; the contact is read from its
    owner for this send only (``contacts``: once per recipient and pass)."""
    channel = channels.get(delivery.channel)
    if channel is None:
        return Outcome(TEMPORARY, f"the {delivery.channel} channel is not configured")
    if delivery.channel in BY_REFERENCE:  # no contact is read (R-COMP-4: nor a complainant's opened)
        return channel.send(_outgoing(delivery, delivery.recipient_ref))
    try:
        contact = contacts.of(delivery)
    except Unavailable as exc:
        return Outcome(TEMPORARY, f"contact unavailable: {exc}")
    except Unknown as exc:
        return Outcome(PERMANENT, f"no contact: {exc}")
    address = contact.address(delivery.channel, delivery.recipient_ref)
    if not address:
        return Outcome(PERMANENT, f"the recipient has no {delivery.channel} address")
    return channel.send(_outgoing(delivery, address))


def receipts(sms, sent: list[Delivery], concurrency: int) -> Generator[tuple[Delivery, Outcome]]:
    """The receipts of ``sent``: asked in batches (the gateway's status query), or one GET per
    message, ``concurrency`` side by side, from a gateway without that query."""
    answers = sms.receipts([delivery.provider_ref for delivery in sent]) if sent else {}
    if answers is None:
        yield from as_completed(sent, lambda delivery: sms.receipt(delivery.provider_ref), concurrency)
        return
    yield from ((delivery, answers[delivery.provider_ref]) for delivery in sent)


def _outgoing(delivery: Delivery, address: str) -> Outgoing:
    return Outgoing(delivery.idempotency_key, delivery.notice_no, address, delivery.title, delivery.content)
