"""Deliveries a person can trust: pending -> sending -> sent -> delivered, or failed.

One run of the loop (``run_once``), on a timer in every replica:
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
from datetime import datetime, timedelta

from sqlalchemy import and_, select, update

from notify.delivery.rules import (
    BY_REFERENCE,
    DELIVERED,
    FAILED,
    IN_DOUBT,
    PENDING,
    PERMANENT,
    RESENDABLE,
    SENDING,
    SENT,
    TEMPORARY,
    Outcome,
    Outgoing,
    Report,
    Settings,
    next_channel,
)
from notify.directory import Unavailable, Unknown
from notify.orm import deliveries, notices, print_jobs
from reliable_events import insert_once

log = logging.getLogger(__name__)

COLUMNS = (
    deliveries,
    notices.c.notice_type,
    notices.c.audience,
    notices.c.recipient_ref,
    notices.c.case_no,
    notices.c.complaint_no,
    notices.c.title,
    notices.c.content,
    notices.c.created_at.label("notice_created_at"),
    notices.c.correlation_id,
)


def _joined():
    return select(*COLUMNS).join(notices, notices.c.notice_no == deliveries.c.notice_no)


def settle_in_doubt(transaction, now: datetime, settings: Settings, report: Report) -> None:
    stale = now - timedelta(seconds=settings.sending_timeout)
    with transaction() as tx:
        rows = tx.connection.execute(
            select(deliveries.c.id, deliveries.c.channel).where(
                deliveries.c.status == SENDING, deliveries.c.claimed_at < stale
            )
        ).all()
        for row in rows:
            status = PENDING if row.channel in RESENDABLE else IN_DOUBT
            tx.connection.execute(
                update(deliveries)
                .where(deliveries.c.id == row.id, deliveries.c.status == SENDING)
                .values(
                    status=status,
                    next_attempt_at=now,
                    updated_at=now,
                    detail="in doubt: the sender stopped mid-send" if status == IN_DOUBT else None,
                )
            )
            if status == IN_DOUBT:
                report.in_doubt += 1
                log.warning("delivery %s (email) is in doubt: check and resend by hand", row.id)


def claim(transaction, now: datetime, settings: Settings, statuses=(PENDING,)) -> list:
    """The due deliveries this replica won, now ``sending`` (pending) or re-checked (sent)."""
    with transaction() as tx:
        query = (
            _joined()
            .where(deliveries.c.status.in_(statuses), deliveries.c.next_attempt_at <= now)
            .order_by(deliveries.c.id)
            .limit(settings.batch)
        )
        if tx.connection.dialect.name == "postgresql":
            query = query.with_for_update(of=deliveries, skip_locked=True)
        candidates = tx.connection.execute(query).all()
        won = []
        for row in candidates:
            changes = (
                {"status": SENDING, "claimed_at": now, "attempts": row.attempts + 1}
                if row.status == PENDING
                else {"next_attempt_at": now + timedelta(seconds=settings.receipt_every)}
            )
            taken = tx.connection.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == row.id,
                    deliveries.c.status == row.status,
                    deliveries.c.attempts == row.attempts,
                )
                .values(updated_at=now, **changes)
            ).rowcount
            if taken:
                won.append(row)
        return won


def attempt(row, channels: dict, directory, cache: dict) -> Outcome:
    channel = channels.get(row.channel)
    if channel is None:
        return Outcome(TEMPORARY, f"the {row.channel} channel is not configured")
    if row.channel in BY_REFERENCE:  # no contact is read (R-COMP-4: nor a complainant's opened)
        return channel.send(
            Outgoing(row.idempotency_key, row.notice_no, row.recipient_ref, row.title, row.content)
        )
    key = (row.audience, row.recipient_ref)
    try:
        if key not in cache:
            cache[key] = directory.contact(row.audience, row.recipient_ref, row.case_no, row.complaint_no)
    except Unavailable as exc:
        return Outcome(TEMPORARY, f"contact unavailable: {exc}")
    except Unknown as exc:
        return Outcome(PERMANENT, f"no contact: {exc}")
    address = cache[key].address(row.channel, row.recipient_ref)
    if not address:
        return Outcome(PERMANENT, f"the recipient has no {row.channel} address")
    return channel.send(Outgoing(row.idempotency_key, row.notice_no, address, row.title, row.content))


def _subject(row) -> str:
    return row.complaint_no or row.case_no or row.notice_no


def _event_facts(row) -> dict:
    return {
        "notice_no": row.notice_no,
        "notice_type": row.notice_type,
        "case_no": row.case_no,
        **({"complaint_no": row.complaint_no} if row.complaint_no else {}),
        "channel": row.channel,
    }


def record(
    tx, row, outcome: Outcome, now: datetime, settings: Settings, report: Report, expected: str = SENDING
) -> None:
    """Write the outcome of one send (or receipt check); only if the row is still as claimed."""
    values: dict = {"updated_at": now, "detail": outcome.detail[:500] or None}
    attempts = row.attempts + 1 if expected == SENDING else row.attempts
    if outcome.status == SENT:
        values.update(
            status=SENT,
            provider_ref=outcome.provider_ref or row.provider_ref,
            next_attempt_at=(
                now + timedelta(seconds=settings.receipt_every) if row.channel == "sms" else None
            ),
        )
    elif outcome.status == DELIVERED:
        values.update(
            status=DELIVERED,
            delivered_at=now,
            next_attempt_at=None,
            provider_ref=outcome.provider_ref or row.provider_ref,
        )
    elif outcome.status == TEMPORARY and expected == SENT:
        values.update(
            next_attempt_at=(
                now + timedelta(seconds=settings.receipt_every)
                if now - row.notice_created_at < timedelta(seconds=settings.receipt_for)
                else None
            )
        )
        outcome = Outcome(SENT, outcome.detail)
    elif outcome.status == TEMPORARY and attempts < settings.attempts:
        values.update(status=PENDING, next_attempt_at=now + settings.backoff(attempts))
    else:
        failure = PERMANENT if outcome.status == PERMANENT else TEMPORARY
        values.update(status=FAILED, failure=failure, next_attempt_at=None)
    changed = tx.connection.execute(
        update(deliveries).where(deliveries.c.id == row.id, deliveries.c.status == expected).values(**values)
    ).rowcount
    if not changed:
        return
    status = values.get("status", expected)
    if status == PENDING:
        report.retries.append(row.channel)
    if status == DELIVERED:
        latency = (now - row.notice_created_at).total_seconds()
        report.latencies.append((row.channel, latency))
        tx.publish(
            "notice_delivered",
            _subject(row),
            {**_event_facts(row), "delivered_at": now.isoformat(), "attempts": attempts},
            correlation_id=row.correlation_id,
        )
    if status == FAILED:
        fallback = next_channel(row)
        key = f"{row.idempotency_key.rsplit(':', 1)[0]}:{fallback}"
        # an operator's resend that fails again finds its fallback queued already: not twice
        if fallback and insert_once(
            tx.connection,
            deliveries,
            {
                "notice_no": row.notice_no,
                "channel": fallback,
                "status": PENDING,
                "attempts": 0,
                "idempotency_key": key,
                "next_attempt_at": now,
                "fallback_from": row.id,
                "created_at": now,
                "updated_at": now,
            },
        ):
            report.fallbacks.append((row.channel, fallback))
        tx.publish(
            "notice_failed",
            _subject(row),
            {
                **_event_facts(row),
                "failure": values["failure"],
                "attempts": attempts,
                "fallback_channel": fallback,
            },
            correlation_id=row.correlation_id,
        )
    if status != expected:  # a receipt check that finds it still on its way counts nothing
        report.outcomes.append((row.channel, status if status != PENDING else "retry"))


def run_once(transaction, channels: dict, directory, now: datetime, settings: Settings) -> Report:
    """One pass of the loop; returns what happened (nothing is counted twice: see ``record``)."""
    report = Report()
    settle_in_doubt(transaction, now, settings, report)
    cache: dict = {}
    for row in claim(transaction, now, settings):
        outcome = attempt(row, channels, directory, cache)
        with transaction() as tx:
            record(tx, row, outcome, now, settings, report)
    sms = channels.get("sms")
    if sms is not None and hasattr(sms, "receipt"):
        for row in claim(transaction, now, settings, statuses=(SENT,)):
            if row.channel != "sms" or not row.provider_ref:
                continue
            with transaction() as tx:
                record(tx, row, sms.receipt(row.provider_ref), now, settings, report, expected=SENT)
    return report


def resend(tx, delivery_id: int, now: datetime) -> bool:
    """An operator's decision on an in-doubt or failed delivery: try it again (same key)."""
    return bool(
        tx.connection.execute(
            update(deliveries)
            .where(and_(deliveries.c.id == delivery_id, deliveries.c.status.in_((IN_DOUBT, FAILED))))
            .values(
                status=PENDING,
                failure=None,
                next_attempt_at=now,
                updated_at=now,
                detail="resent by an operator",
            )
        ).rowcount
    )


def hand_over_letter(tx, job_id: int, how: str, by: str, now: datetime, settings: Settings) -> bool | None:
    """The window handed a letter over (or posted it): its delivery is delivered. None: no such
    job; False: handed over already (nothing changes)."""
    job = tx.connection.execute(select(print_jobs).where(print_jobs.c.id == job_id)).mappings().first()
    if job is None:
        return None
    if job["handed_over_at"] is not None:
        return False
    tx.connection.execute(
        update(print_jobs)
        .where(print_jobs.c.id == job_id)
        .values(handed_over_at=now, printed_at=job["printed_at"] or now, handed_over_by=by, how=how)
    )
    rows = tx.connection.execute(
        _joined().where(
            deliveries.c.notice_no == job["notice_no"],
            deliveries.c.channel == "letter",
            deliveries.c.status == SENT,
        )
    ).all()
    for row in rows:
        record(tx, row, Outcome(DELIVERED, f"handed over ({how})"), now, settings, Report(), expected=SENT)
    return True
