"""The delivery policy on a real (in-memory SQLite) database: back-off, fallback, an operator's
resend, receipts. The channels' answers are given as outcomes; no peer is needed here."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select

from hall_contracts import build_envelope
from hall_contracts.samples import case_accepted_at_registration
from notify.delivery import rules
from notify.delivery.handlers import RecordOutcome, Resend, record_outcome, resend
from notify.delivery.repository import as_delivery, joined
from notify.delivery.rules import PERMANENT, SENT, TEMPORARY, Outcome
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.notices.rules import CODES
from notify.orm import deliveries, metadata
from notify.unit_of_work import UnitOfWork
from reliable_events import as_utc

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


class KeepingTransaction:
    def __init__(self, connection):
        self.connection = connection
        self.published: list[dict] = []

    def publish(self, event_type, subject, data, version=1, **routing):
        self.published.append(build_envelope("notify", event_type, subject, data, time=NOW))

    def seen_before(self, event) -> bool:
        return False


@pytest.fixture
def db():
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    event = copy.deepcopy(case_accepted_at_registration())
    with engine.begin() as connection:
        issue_notices(
            IssueNotices(event, rendered_plans(event), NOW), UnitOfWork(KeepingTransaction(connection))
        )
    yield engine
    engine.dispose()


def sms_row(engine, notice_type="receipt"):
    with engine.connect() as connection:
        code = CODES[notice_type]
        return as_delivery(
            connection.execute(
                joined().where(deliveries.c.channel == "sms", deliveries.c.notice_no.like(f"%-{code}-%"))
            ).one()
        )


def record(engine, row, outcome, expected=rules.PENDING, now=NOW):
    report = rules.Report()
    with engine.begin() as connection:
        tx = KeepingTransaction(connection)
        record_outcome(RecordOutcome(row, outcome, now, rules.Settings(), report, expected), UnitOfWork(tx))
    return report, tx.published


def test_the_back_off_doubles_from_the_base_and_is_capped():
    settings = rules.Settings(retry_base=30, retry_cap=100)
    assert [settings.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_a_temporary_failure_goes_back_to_pending_after_its_back_off(db):
    report, published = record(db, sms_row(db), Outcome(TEMPORARY, "503"))
    row = sms_row(db)
    assert (row.status, row.attempts) == ("pending", 0)  # attempts are counted at the claim
    assert as_utc(row.next_attempt_at) == NOW + timedelta(seconds=30)
    assert report.retries == ["sms"] and published == []


def test_an_operators_resend_that_fails_again_does_not_queue_the_fallback_twice(db):
    record(db, sms_row(db), Outcome(PERMANENT, "404"))
    with db.begin() as connection:
        assert resend(Resend(sms_row(db).id, NOW), UnitOfWork(KeepingTransaction(connection)))
    report, published = record(db, sms_row(db), Outcome(PERMANENT, "404 again"))
    with db.connect() as connection:
        emails = connection.execute(select(deliveries).where(deliveries.c.channel == "email")).all()
    assert len(emails) == 1  # the receipt's fallback, queued by the first failure only
    assert report.fallbacks == [] and [e["type"] for e in published] == ["hall.notify.notice_failed"]


def test_a_receipt_check_that_finds_the_sms_still_on_its_way_counts_nothing(db):
    record(db, sms_row(db), Outcome(SENT, "accepted", provider_ref="m-1"))
    report, published = record(db, sms_row(db), Outcome(SENT, "still accepted"), expected=SENT)
    assert report.outcomes == [] and published == [] and sms_row(db).status == "sent"
