"""The delivery policy: statuses, retries with back-off, the fallback chains. No framework here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from notify.notices.rules import APPLICANT, APPLICANT_CHAIN, COMPLAINANT, COMPLAINANT_CHAIN
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
CHAINS = {APPLICANT: APPLICANT_CHAIN, COMPLAINANT: COMPLAINANT_CHAIN}


@dataclass(frozen=True)
class Settings:
    attempts: int = 5  # DELIVERY_ATTEMPTS
    retry_base: float = 30.0  # RETRY_BASE_SECONDS: 30 s, 1, 2, 4 min...
    retry_cap: float = 3600.0  # RETRY_CAP_SECONDS
    batch: int = 200  # DELIVERY_BATCH
    sending_timeout: float = 120.0  # SENDING_TIMEOUT_SECONDS
    receipt_every: float = 60.0  # RECEIPT_POLL_SECONDS
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


def next_channel(row) -> str | None:
    chain = CHAINS.get(row.audience, ())
    if row.channel not in chain:
        return None
    index = chain.index(row.channel)
    return chain[index + 1] if index + 1 < len(chain) else None


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

    def __post_init__(self):
        if self.status not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.status!r}")
