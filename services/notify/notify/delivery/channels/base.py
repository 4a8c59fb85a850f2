"""One interface for every way a notice reaches a person.

A channel takes an ``Outgoing`` message and answers with an ``Outcome``; it never raises for a
refusal by the other side (that is an outcome), only for a bug. The delivery loop
(``notify.delivery``) owns statuses, retries, back-off and fallback; a channel only speaks its
protocol once per call.

Exactly once: ``Outgoing.idempotency_key`` is stable for one delivery across retries and
restarts. A channel passes it to the peer where the protocol has a place for it (the SMS
gateway's ``Idempotency-Key`` header, the email's ``Message-ID``), so a peer that deduplicates
never sends twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

SENT = "sent"  # the peer accepted it; delivery to the person is confirmed later (SMS receipt)
DELIVERED = "delivered"  # it reached the person's mailbox, inbox or hands
TEMPORARY = "temporary"  # refused or unreachable for now: try again later
PERMANENT = "permanent"  # will never work at this address: fall back to another channel
OUTCOMES = (SENT, DELIVERED, TEMPORARY, PERMANENT)


@dataclass(frozen=True)
class Outgoing:
    idempotency_key: str  # e.g. "<source event id>:<notice type>:<recipient ref>:<channel>"
    notice_no: str
    address: str  # a phone number (sms), an email address (email), a reference (inbox, letter)
    subject: str  # the notice's title (email subject, letter heading)
    text: str  # the rendered notice


@dataclass(frozen=True)
class Outcome:
    status: str  # one of OUTCOMES
    detail: str = ""  # the peer's words (status code, SMTP reply), for the delivery record
    provider_ref: str | None = None  # the peer's id of the message, to ask for its receipt later

    def __post_init__(self):
        if self.status not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.status!r}")


class Channel(Protocol):
    name: str  # "sms", "email", "inbox", "letter"

    def send(self, message: Outgoing) -> Outcome: ...
