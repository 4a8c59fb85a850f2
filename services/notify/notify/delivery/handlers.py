"""Deliveries a person can trust: pending -> sending -> sent -> delivered, or failed.

One run of the loop (``run_once``; each step a use case ``(command, uow)``), on a timer in every replica:
1. settle the in-doubt: a delivery left ``sending`` longer than ``SENDING_TIMEOUT_SECONDS``
   (its replica died mid-send) goes back to ``pending`` when its channel cannot send twice (the
   SMS gateway deduplicates by idempotency key; inbox and letters by their unique keys), and to
   ``in_doubt`` for email (SMTP has no such key: an operator checks and resends, never the loop);
2. claim due deliveries one by one with a compare-and-set on their status, so two replicas never
   send the same one (on PostgreSQL the candidates are also locked with SKIP LOCKED);
3. send them outside any transaction, up to ``DELIVERY_CONCURRENCY`` side by side (green threads:
   ``notify.delivery.green_pool``), and record the outcomes as they come back, ``RECORD_BATCH`` to
   a transaction (one that fails is recorded again one by one: a bad record fails alone):
   - sent: wait for the receipt (SMS); delivered: done;
   - temporary: back to pending after ``RETRY_BASE_SECONDS * 2**(attempts-1)`` (capped), at
     most ``DELIVERY_ATTEMPTS`` attempts; then failed as temporary;
   - permanent (or retries exhausted): failed, and the next channel of the audience's chain is
     queued as a fallback (SMS -> email -> letter; a complainant's email -> letter);
4. ask the SMS gateway for receipts of messages sent: 100 per request (its batch status query),
   or one GET per message, side by side, from a gateway without that query (404/405).
A replica killed mid-pass has at most ``DELIVERY_CONCURRENCY + RECORD_BATCH`` sends made and not
recorded; they stay ``sending`` and are settled as in 1 (an SMS resent under the same key).
Events: ``notice_delivered`` and ``notice_failed`` (never the address or the peer's words, which
may quote it: those stay in the delivery record).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from notify.delivery import events
from notify.delivery.green_pool import as_completed
from notify.delivery.rules import (
    DELIVERED,
    FAILED,
    IN_DOUBT,
    PENDING,
    SENDING,
    SENT,
    Delivery,
    Outcome,
    Report,
    Settings,
    changes_after,
    fallback_key,
    next_channel,
    settled_status,
)
from notify.delivery.sending import Contacts, attempt, receipts
from notify.enquiries.handlers import note_delivered
from notify.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
IN_DOUBT_DETAIL = "in doubt: the sender stopped mid-send"
# outcomes recorded per transaction: one commit for many sends; with the sends in flight, the
# most a crash leaves sent and unrecorded (settled after SENDING_TIMEOUT_SECONDS; email in doubt)
RECORD_BATCH = 20


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
    with start() as uow:
        claimed = claim_due(ClaimDue(now, settings), uow)
    contacts = Contacts(directory)
    send = lambda delivery: attempt(delivery, channels, contacts)  # noqa: E731
    _record_as_they_come(
        start, as_completed(claimed, send, settings.concurrency), now, settings, report, SENDING
    )
    sms = channels.get("sms")
    if sms is not None:  # ask the SMS gateway what became of the messages it accepted
        with start() as uow:
            sent = claim_due(ClaimDue(now, settings, statuses=(SENT,)), uow)
        sent = [delivery for delivery in sent if delivery.channel == "sms" and delivery.provider_ref]
        answers = receipts(sms, sent, settings.concurrency)
        _record_as_they_come(start, answers, now, settings, report, SENT)
    return report


def _record_as_they_come(start, outcomes: Generator, now, settings, report, expected) -> None:
    """Record ``(delivery, outcome)`` pairs ``RECORD_BATCH`` to a transaction, as the sends (or
    receipt checks) answer; a recording that fails stops the sends not yet started."""
    done: list[tuple[Delivery, Outcome]] = []
    with closing(outcomes):
        for pair in outcomes:
            done.append(pair)
            if len(done) == RECORD_BATCH:
                _record(start, done, now, settings, report, expected)
                done = []
    _record(start, done, now, settings, report, expected)


def _record(start, outcomes: list[tuple[Delivery, Outcome]], now, settings, report, expected) -> None:
    """Record ``outcomes`` in one transaction; when it fails, each in one of its own, so that
    one bad record keeps none of the others from being written (the first error is raised)."""
    if not outcomes:
        return
    counted = Report()
    try:
        with start() as uow:
            for delivery, outcome in outcomes:
                record_outcome(RecordOutcome(delivery, outcome, now, settings, counted, expected), uow)
    except Exception:
        if len(outcomes) == 1:
            raise
        log.warning("recording %d outcomes failed; recording them one by one", len(outcomes))
        failure: Exception | None = None
        for one in outcomes:
            try:
                _record(start, [one], now, settings, report, expected)
            except Exception as exc:
                failure = failure or exc
        if failure is not None:
            raise failure from None
        return
    report.absorb(counted)
