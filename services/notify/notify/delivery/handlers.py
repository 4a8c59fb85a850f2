"""Deliveries a person can trust: pending -> sending -> sent -> delivered, or failed.

One run of the loop (``run_once``; each step a use case ``(command, uow)``), on a timer in every replica:
1. settle the in-doubt: a delivery left ``sending`` longer than ``SENDING_TIMEOUT_SECONDS``
   (its replica died mid-send) goes back to ``pending`` when its channel cannot send twice (the
   SMS gateway deduplicates by idempotency key; inbox and letters by their unique keys), and to
   ``in_doubt`` for email (SMTP has no such key: an operator checks and resends, never the loop);
2. claim due deliveries one by one with a compare-and-set on their status, so two replicas never
   send the same one (on PostgreSQL the candidates are also locked with SKIP LOCKED);
3. send each outside any transaction, then record the outcome in a transaction of its own:
   - sent: wait for the receipt (SMS); delivered: done;
   - temporary: back to pending after ``RETRY_BASE_SECONDS * 2**(attempts-1)`` (capped), at
     most ``DELIVERY_ATTEMPTS`` attempts; then failed as temporary;
   - permanent (or retries exhausted): failed, and the next channel of the audience's chain is
     queued as a fallback (SMS -> email -> letter; a complainant's email -> letter);
4. ask the SMS gateway for receipts of messages sent.
Events: ``notice_delivered`` and ``notice_failed`` (never the address or the peer's words, which
may quote it: those stay in the delivery record).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from notify.delivery import events
from notify.delivery.rules import (
    BY_REFERENCE,
    DELIVERED,
    FAILED,
    IN_DOUBT,
    PENDING,
    PERMANENT,
    SENDING,
    SENT,
    TEMPORARY,
    Delivery,
    Outcome,
    Outgoing,
    Report,
    Settings,
    changes_after,
    fallback_key,
    next_channel,
    settled_status,
)
from notify.directory import Unavailable, Unknown
from notify.enquiries.handlers import note_delivered
from notify.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
IN_DOUBT_DETAIL = "in doubt: the sender stopped mid-send"


@dataclass(frozen=True)
class SettleInDoubt:
    now: datetime
    settings: Settings
    report: Report


@dataclass(frozen=True)
class ClaimDue:
    now: datetime
    settings: Settings
    statuses: tuple[str, ...] = (PENDING,)


@dataclass(frozen=True)
class RecordOutcome:
    delivery: Delivery
    outcome: Outcome
    now: datetime
    settings: Settings
    report: Report = field(default_factory=Report)
    expected: str = SENDING  # the status the delivery was claimed in


@dataclass(frozen=True)
class Resend:
    delivery_id: int
    now: datetime


def settle_in_doubt(command: SettleInDoubt, uow: UnitOfWork) -> None:
    """Deliveries left ``sending`` by a replica that died: pending again, or in doubt (email)."""
    now = command.now
    stale = now - timedelta(seconds=command.settings.sending_timeout)
    for delivery in uow.deliveries.stale_sending(stale):
        status = settled_status(delivery.channel)
        detail = IN_DOUBT_DETAIL if status == IN_DOUBT else None
        values = {"status": status, "next_attempt_at": now, "updated_at": now, "detail": detail}
        uow.deliveries.change(delivery.id, SENDING, values)
        if status == IN_DOUBT:
            command.report.in_doubt += 1
            log.warning("delivery %s (email) is in doubt: check and resend by hand", delivery.id)


def claim_due(command: ClaimDue, uow: UnitOfWork) -> list[Delivery]:
    """The due deliveries this replica won, now ``sending`` (pending) or re-checked (sent)."""
    now, settings = command.now, command.settings
    won = []
    for delivery in uow.deliveries.due(command.statuses, now, settings.batch):
        changes: dict[str, Any] = (
            {"status": SENDING, "claimed_at": now, "attempts": delivery.attempts + 1}
            if delivery.status == PENDING
            else {"next_attempt_at": now + timedelta(seconds=settings.receipt_every)}
        )
        if uow.deliveries.change(
            delivery.id, delivery.status, {"updated_at": now, **changes}, delivery.attempts
        ):
            won.append(delivery)
    return won


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


def record_outcome(command: RecordOutcome, uow: UnitOfWork) -> None:
    """Write the outcome of one send (or receipt check); only if the delivery is still as claimed."""
    delivery, now, expected, report = command.delivery, command.now, command.expected, command.report
    values = changes_after(delivery, command.outcome, now, command.settings, expected)
    if not uow.deliveries.change(delivery.id, expected, values):
        return
    attempts = delivery.attempts + 1 if expected == SENDING else delivery.attempts
    status = values.get("status", expected)
    if status == PENDING:
        report.retries.append(delivery.channel)
    if status == DELIVERED:
        report.latencies.append((delivery.channel, (now - delivery.notice_created_at).total_seconds()))
        note_delivered(delivery.notice_type, delivery.notice_no, now, delivery.channel, uow)  # R-ONCE-2
        data = events.delivered(delivery, now, attempts)
        uow.tx.publish("notice_delivered", delivery.subject, data, correlation_id=delivery.correlation_id)
    if status == FAILED:
        fallback = _queue_fallback(delivery, now, uow, report)
        data = events.failed(delivery, values["failure"], attempts, fallback)
        uow.tx.publish("notice_failed", delivery.subject, data, correlation_id=delivery.correlation_id)
    if status != expected:  # a receipt check that finds it still on its way counts nothing
        report.outcomes.append((delivery.channel, status if status != PENDING else "retry"))


def _queue_fallback(delivery: Delivery, now: datetime, uow: UnitOfWork, report: Report) -> str | None:
    """Queue the next channel of the chain; an operator's resend that fails again finds its
    fallback queued already (the idempotency key is unique): not twice."""
    fallback = next_channel(delivery)
    if fallback is None:
        return None
    queued = uow.deliveries.add(
        {
            "notice_no": delivery.notice_no,
            "channel": fallback,
            "status": PENDING,
            "attempts": 0,
            "idempotency_key": fallback_key(delivery, fallback),
            "next_attempt_at": now,
            "fallback_from": delivery.id,
            "created_at": now,
            "updated_at": now,
        }
    )
    if queued:
        report.fallbacks.append((delivery.channel, fallback))
    return fallback


def resend(command: Resend, uow: UnitOfWork) -> bool:
    """An operator's decision on an in-doubt or failed delivery: try it again (same key)."""
    return uow.deliveries.resend(command.delivery_id, command.now)


def run_once(
    start: Callable[[], AbstractContextManager[UnitOfWork]],
    channels: dict,
    directory,
    now: datetime,
    settings: Settings,
) -> Report:
    """One pass of the loop, each step in a transaction of its own (``start``); sends happen
    outside any. Returns what happened (nothing is counted twice: see ``record_outcome``)."""
    report = Report()
    with start() as uow:
        settle_in_doubt(SettleInDoubt(now, settings, report), uow)
    cache: dict = {}
    with start() as uow:
        claimed = claim_due(ClaimDue(now, settings), uow)
    for delivery in claimed:
        outcome = attempt(delivery, channels, directory, cache)
        with start() as uow:
            record_outcome(RecordOutcome(delivery, outcome, now, settings, report), uow)
    _check_receipts(start, channels.get("sms"), now, settings, report)
    return report


def _check_receipts(start, sms, now: datetime, settings: Settings, report: Report) -> None:
    """Ask the SMS gateway what became of the messages it accepted."""
    if sms is None:
        return
    with start() as uow:
        sent = claim_due(ClaimDue(now, settings, statuses=(SENT,)), uow)
    for delivery in sent:
        if delivery.channel != "sms" or not delivery.provider_ref:
            continue
        outcome = sms.receipt(delivery.provider_ref)
        with start() as uow:
            record_outcome(RecordOutcome(delivery, outcome, now, settings, report, expected=SENT), uow)
