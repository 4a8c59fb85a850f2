"""The delivery policy: statuses, retries with back-off, the fallback chains, and the delivery
record the loop works on. No framework here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from notify.notices.rules import (
    APPLICANT,
    APPLICANT_CHAIN,
    COMPLAINANT,
    COMPLAINANT_CHAIN,
    REPORTER,
    REPORTER_CHAIN,
)
from refusals import Conflict

# what a channel answers (it never raises for a refusal by the other side: that is an outcome)
SENT = "sent"  # the peer accepted it; delivery to the person is confirmed later (SMS receipt)
DELIVERED = "delivered"  # it reached the person's mailbox, inbox or hands
TEMPORARY = "temporary"  # refused or unreachable for now: try again later
PERMANENT = "permanent"  # will never work at this address: fall back to another channel
OUTCOMES = (SENT, DELIVERED, TEMPORARY, PERMANENT)

PENDING, SENDING, FAILED, IN_DOUBT = "pending", "sending", "failed", "in_doubt"
RESENDABLE = ("sms", "inbox", "letter")  # a second send of the same key adds nothing
# addressed by the recipient's reference: the inbox, and the print queue (the window reads the
# postal address when it prints, for that page only)
BY_REFERENCE = ("inbox", "letter")
CHAINS = {APPLICANT: APPLICANT_CHAIN, COMPLAINANT: COMPLAINANT_CHAIN, REPORTER: REPORTER_CHAIN}


@dataclass(frozen=True)
class Settings:
    attempts: int = 5  # DELIVERY_ATTEMPTS
    retry_base: float = 30.0  # RETRY_BASE_SECONDS: 30 s, 1, 2, 4 min...
    retry_cap: float = 3600.0  # RETRY_CAP_SECONDS
    batch: int = 200  # DELIVERY_BATCH
    sending_timeout: float = 120.0  # SENDING_TIMEOUT_SECONDS
    receipt_every: float = 60.0  # RECEIPT_POLL_SECONDS
    concurrency: int = 8  # DELIVERY_CONCURRENCY: sends in flight side by side (1: one at a time)
    receipt_for: float = 3 * 86400.0  # stop asking for a receipt after 3 days

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.retry_cap, self.retry_base * 2 ** max(attempts - 1, 0)))


@dataclass
class Report:
    """What one run did, for the metrics (counted after each commit)."""

    outcomes: list[tuple[str, str]] = field(default_factory=list)  # (channel, outcome)
    retries: list[str] = field(default_factory=list)  # channel
    fallbacks: list[tuple[str, str]] = field(default_factory=list)  # (from, to)
    latencies: list[tuple[str, float]] = field(default_factory=list)  # (channel, seconds)
    in_doubt: int = 0

    def absorb(self, other: Report) -> None:
        """Add what ``other`` counted (a transaction that committed)."""
        self.outcomes += other.outcomes
        self.retries += other.retries
        self.fallbacks += other.fallbacks
        self.latencies += other.latencies
        self.in_doubt += other.in_doubt


def next_channel(delivery: Delivery) -> str | None:
    """The channel a failed delivery falls back to, in its audience's chain; None at its end."""
    chain = CHAINS.get(delivery.audience, ())
    if delivery.channel not in chain:
        return None
    index = chain.index(delivery.channel)
    return chain[index + 1] if index + 1 < len(chain) else None


def fallback_key(delivery: Delivery, fallback: str) -> str:
    """The fallback's idempotency key: the failed one's, with the next channel in its place."""
    return f"{delivery.idempotency_key.rsplit(':', 1)[0]}:{fallback}"


class NotResendable(Conflict):
    """Only an in-doubt or failed delivery is resent; pending, sent or delivered ones stay as they are."""

    code = "not_resendable"


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

    def __post_init__(self) -> None:
        if self.status not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.status!r}")


@dataclass(frozen=True)
class Delivery:
    """One delivery with the facts of its notice the loop needs (a row of deliveries ⋈ notices)."""

    id: int
    notice_no: str
    channel: str
    idempotency_key: str
    status: str
    attempts: int
    notice_type: str
    audience: str
    recipient_ref: str
    title: str
    content: str
    notice_created_at: datetime
    case_no: str | None = None
    complaint_no: str | None = None
    item_no: str | None = None
    correlation_id: str | None = None
    provider_ref: str | None = None
    failure: str | None = None
    next_attempt_at: datetime | None = None
    claimed_at: datetime | None = None
    detail: str | None = None
    fallback_from: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    delivered_at: datetime | None = None

    @property
    def subject(self) -> str:
        """What its events are about: the complaint or desk item, else the case, else the notice."""
        return self.complaint_no or self.item_no or self.case_no or self.notice_no


def after_receipt_check(delivery: Delivery, now: datetime, settings: Settings) -> dict[str, Any]:
    """A receipt not known yet: ask again later, until ``receipt_for`` after the notice's issue."""
    if now - delivery.notice_created_at < timedelta(seconds=settings.receipt_for):
        return {"next_attempt_at": now + timedelta(seconds=settings.receipt_every)}
    return {"next_attempt_at": None}


def changes_after(
    delivery: Delivery, outcome: Outcome, now: datetime, settings: Settings, expected: str
) -> dict[str, Any]:
    """What one send (or receipt check, ``expected == SENT``) changes on the delivery record."""
    values: dict[str, Any] = {"updated_at": now, "detail": outcome.detail[:500] or None}
    attempts = delivery.attempts + 1 if expected == SENDING else delivery.attempts
    provider_ref = outcome.provider_ref or delivery.provider_ref
    if outcome.status == SENT:
        receipt_at = now + timedelta(seconds=settings.receipt_every) if delivery.channel == "sms" else None
        values.update(status=SENT, provider_ref=provider_ref, next_attempt_at=receipt_at)
    elif outcome.status == DELIVERED:
        values.update(status=DELIVERED, delivered_at=now, next_attempt_at=None, provider_ref=provider_ref)
    elif outcome.status == TEMPORARY and expected == SENT:
        values.update(after_receipt_check(delivery, now, settings))
    elif outcome.status == TEMPORARY and attempts < settings.attempts:
        values.update(status=PENDING, next_attempt_at=now + settings.backoff(attempts))
    else:
        failure = PERMANENT if outcome.status == PERMANENT else TEMPORARY
        values.update(status=FAILED, failure=failure, next_attempt_at=None)
    return values


def settled_status(channel: str) -> str:
    """Where a delivery left ``sending`` by a replica that died goes: back to pending when its
    channel cannot send twice, else in doubt (email: an operator checks and resends)."""
    return PENDING if channel in RESENDABLE else IN_DOUBT
