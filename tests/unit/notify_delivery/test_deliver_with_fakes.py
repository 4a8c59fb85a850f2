"""The delivery loop as use cases on in-memory fakes: a send that succeeds, a temporary failure
retried after its back-off, a failure for good that falls back, retries that run out."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.samples import case_accepted_at_registration
from notify.delivery.handlers import run_once
from notify.delivery.rules import DELIVERED, PERMANENT, SENT, TEMPORARY, Outcome, Settings
from notify.directory import Contact
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


class FakeChannel:
    """Answers each send with the next of its outcomes (the last one again when they run out)."""

    def __init__(self, *answers: Outcome, receipts: tuple[Outcome, ...] = ()):
        self.answers, self.answered = list(answers), list(receipts)
        self.sent: list = []

    def send(self, message) -> Outcome:
        self.sent.append(message)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def receipt(self, provider_ref: str) -> Outcome:
        return self.answered.pop(0) if len(self.answered) > 1 else self.answered[0]

    def receipts(self, provider_refs: list[str]) -> dict[str, Outcome]:
        return {ref: self.receipt(ref) for ref in provider_refs}


class FakeDirectory:
    def contact(self, audience, recipient_ref, case_no, complaint_no) -> Contact:
        return Contact(phone="13900000001", email="applicant@example.cn")


def accepted_case() -> FakeUnitOfWork:
    """A case accepted: its receipt and acceptance, each for the inbox and by SMS."""
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_accepted_at_registration())
    issue_notices(IssueNotices(event, rendered_plans(event), NOW), uow)
    return uow


def run(uow: FakeUnitOfWork, sms: FakeChannel, at: datetime = NOW, settings: Settings = Settings()):
    channels = {
        "inbox": FakeChannel(Outcome(DELIVERED)),
        "sms": sms,
        "email": FakeChannel(Outcome(DELIVERED)),
    }
    return run_once(uow.start, channels, FakeDirectory(), at, settings)


def statuses(uow: FakeUnitOfWork, channel: str) -> list[str]:
    return [row["status"] for row in uow.deliveries.of_channel(channel)]


def test_an_sms_the_gateway_accepts_is_delivered_when_its_receipt_comes():
    uow = accepted_case()
    sms = FakeChannel(Outcome(SENT, "accepted", "m-1"), receipts=(Outcome(DELIVERED, "receipt"),))
    first = run(uow, sms)
    assert statuses(uow, "inbox") == ["delivered", "delivered"] and statuses(uow, "sms") == ["sent", "sent"]
    second = run(uow, sms, NOW + timedelta(seconds=60))  # RECEIPT_POLL_SECONDS later
    assert statuses(uow, "sms") == ["delivered", "delivered"]
    assert (
        sorted(first.outcomes + second.outcomes)
        == [("inbox", "delivered")] * 2 + [("sms", "delivered")] * 2 + [("sms", "sent")] * 2
    )
    assert uow.tx.types().count("notice_delivered") == 4


def test_a_temporary_failure_is_retried_after_its_back_off_and_then_sent():
    uow = accepted_case()
    sms = FakeChannel(Outcome(TEMPORARY, "503"), Outcome(TEMPORARY, "503"), Outcome(SENT, "accepted", "m-1"))
    report = run(uow, sms)
    assert report.retries == ["sms", "sms"] and statuses(uow, "sms") == ["pending", "pending"]
    assert {row["next_attempt_at"] for row in uow.deliveries.of_channel("sms")} == {
        NOW + timedelta(seconds=30)
    }
    run(uow, sms, NOW + timedelta(seconds=10))  # before the back-off: nothing is sent
    assert len(sms.sent) == 2
    run(uow, sms, NOW + timedelta(seconds=30))
    assert statuses(uow, "sms") == ["sent", "sent"] and len(sms.sent) == 4


def test_a_failure_for_good_gives_up_the_channel_and_falls_back_to_email():
    uow = accepted_case()
    report = run(uow, FakeChannel(Outcome(PERMANENT, "404 unknown subscriber")))
    assert statuses(uow, "sms") == ["failed", "failed"]
    assert {row["failure"] for row in uow.deliveries.of_channel("sms")} == {"permanent"}
    assert report.fallbacks == [("sms", "email")] * 2 and statuses(uow, "email") == ["pending", "pending"]
    failed = [event["data"] for event in uow.tx.published if event["type"] == "notice_failed"]
    assert [data["fallback_channel"] for data in failed] == ["email", "email"]
    assert "13900000001" not in str(uow.tx.published)  # the address stays in the delivery record


def test_when_the_retries_run_out_the_delivery_fails_as_temporary_and_falls_back():
    uow, settings = accepted_case(), Settings(attempts=2)
    sms = FakeChannel(Outcome(TEMPORARY, "503"))
    run(uow, sms, NOW, settings)
    run(uow, sms, NOW + timedelta(seconds=30), settings)
    assert statuses(uow, "sms") == ["failed", "failed"]
    assert {row["failure"] for row in uow.deliveries.of_channel("sms")} == {"temporary"}
    assert statuses(uow, "email") == ["pending", "pending"]


def test_a_receipt_the_gateway_cannot_give_yet_is_asked_for_again_later():
    uow = accepted_case()
    sms = FakeChannel(Outcome(SENT, "accepted", "m-1"), receipts=(Outcome(TEMPORARY, "503"),))
    run(uow, sms)
    report = run(uow, sms, NOW + timedelta(seconds=60))
    assert statuses(uow, "sms") == ["sent", "sent"] and report.outcomes == []
    assert {row["next_attempt_at"] for row in uow.deliveries.of_channel("sms")} == {
        NOW + timedelta(seconds=120)
    }
