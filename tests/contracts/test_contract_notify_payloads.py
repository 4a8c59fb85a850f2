"""Notify's events, built by notify's real code from a real acceptance, honour their schemas and
carry no applicant data: issued (issuing), delivered and failed with a fallback (delivery)."""

from __future__ import annotations

from intake_producer import APPLICANT, NOW, Hall
from sqlalchemy import create_engine, select

from hall_contracts import build_envelope
from hall_contracts.registry import validate_event
from notify.delivery import rules
from notify.delivery.handlers import RecordOutcome, record_outcome
from notify.delivery.repository import as_delivery, joined
from notify.delivery.rules import DELIVERED, PERMANENT, Outcome
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.orm import deliveries, metadata
from notify.unit_of_work import UnitOfWork


class NotifyTransaction:
    def __init__(self, connection):
        self.connection = connection
        self.published: list[dict] = []

    def publish(self, event_type: str, subject: str, data: dict, version: int = 1, **routing) -> None:
        self.published.append(build_envelope("notify", event_type, subject, data, version=version, time=NOW))

    def seen_before(self, event: dict) -> bool:
        return False


def test_notice_issued_delivered_and_failed_of_a_real_acceptance_honour_their_schemas():
    hall = Hall()
    hall.accept("SC-010")
    accepted = hall.events[-1]
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    published = []
    with engine.begin() as connection:
        tx = NotifyTransaction(connection)
        issue_notices(IssueNotices(accepted, rendered_plans(accepted), NOW), UnitOfWork(tx))
        rows = connection.execute(
            joined().where(deliveries.c.channel.in_(("sms", "inbox"))).order_by(deliveries.c.id)
        ).all()
        report = rules.Report()
        for row, outcome in zip(rows, [Outcome(DELIVERED), Outcome(PERMANENT, "404")] * 2, strict=True):
            record_outcome(
                RecordOutcome(as_delivery(row), outcome, NOW, rules.Settings(), report, row.status),
                UnitOfWork(tx),
            )
        published = tx.published
        fallback = (
            connection.execute(select(deliveries.c.channel).where(deliveries.c.fallback_from.is_not(None)))
            .scalars()
            .all()
        )
    types = sorted(event["type"].rsplit(".", 1)[1] for event in published)
    assert types == [
        "notice_delivered",
        "notice_delivered",
        "notice_failed",
        "notice_failed",
        "notice_issued",
        "notice_issued",
    ]
    assert fallback == ["email", "email"]
    for event in published:
        validate_event(event)
        text = str(event)
        assert not [value for value in APPLICANT.values() if value in text], event["type"]
