"""The delivery loop keeps ``DELIVERY_CONCURRENCY`` sends in flight, never more, and reads each
recipient's contact once per pass even when two of its sends are in flight together.

The gateway and the directory are fakes whose answers wait on an eventlet ``Event`` the test
opens once the loop has as many sends in flight as it will start: what is counted is who is
waiting, never how long anything took. The ``Event``'s timeout only turns a loop that never
reaches the expected number (sends one at a time) into a failure instead of a hang.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import eventlet
import pytest
from eventlet.event import Event
from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.samples import case_accepted_at_registration
from notify.delivery.handlers import run_once
from notify.delivery.rules import DELIVERED, SENT, Outcome, Settings
from notify.directory import Contact
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
CASES = 12  # each: a receipt and an acceptance, by SMS and in the inbox, for one applicant
DEADLOCK_GUARD = 30.0  # seconds; never reached when the loop sends side by side


class Gathering:
    """Counts the callers waiting in it; lets them all go once ``expected`` are in."""

    def __init__(self, expected: int):
        self.expected, self.inside, self.peak = expected, 0, 0
        self.full, self.open = Event(), Event()

    def wait(self) -> None:
        self.inside += 1
        self.peak = max(self.peak, self.inside)
        if self.inside == self.expected and not self.full.ready():
            self.full.send()
        self.open.wait(DEADLOCK_GUARD)
        self.inside -= 1


class HeldGateway:
    """An SMS gateway whose answers wait in a ``Gathering`` (given one), else come at once."""

    name = "sms"

    def __init__(self, gathering: Gathering | None = None):
        self.gathering, self.sent = gathering, []

    def send(self, message) -> Outcome:
        if self.gathering is not None:
            self.gathering.wait()
        self.sent.append(message.idempotency_key)
        return Outcome(SENT, "accepted", f"m-{len(self.sent)}")

    def receipt(self, provider_ref: str) -> Outcome:
        return Outcome(SENT, "not yet")

    def receipts(self, provider_refs: list[str]) -> dict[str, Outcome]:
        return {ref: self.receipt(ref) for ref in provider_refs}


class Inbox:
    name = "inbox"

    def send(self, message) -> Outcome:
        return Outcome(DELIVERED)


class CountingDirectory:
    """Answers every contact at once (or, given a ``Gathering``, once it opens); counts calls."""

    def __init__(self, gathering: Gathering | None = None):
        self.gathering, self.calls = gathering, []

    def contact(self, audience, recipient_ref, case_no, complaint_no) -> Contact:
        self.calls.append(recipient_ref)
        if self.gathering is not None:
            self.gathering.wait()
        return Contact(phone="13900000001")


def accepted_cases(count: int) -> FakeUnitOfWork:
    """``count`` cases accepted, each for an applicant of its own."""
    uow = FakeUnitOfWork()
    for n in range(count):
        event = copy.deepcopy(case_accepted_at_registration())
        event["id"] = f"evt-{n}"
        event["subject"] = event["data"]["case_no"] = f"HALL-20261123-{n:08d}"
        event["data"]["applicant_ref"] = f"APP-{n}"
        issue_notices(IssueNotices(event, rendered_plans(event), NOW), uow)
    return uow


def run_held(uow: FakeUnitOfWork, channels: dict, directory, concurrency: int, gathering: Gathering):
    """One pass in a green thread; the gathering is opened once it is full (or the guard ends)."""
    loop = eventlet.spawn(run_once, uow.start, channels, directory, NOW, Settings(concurrency=concurrency))
    gathering.full.wait(DEADLOCK_GUARD)
    eventlet.sleep(0)  # anything the loop had started beyond the limit has run up to the gathering
    in_flight = gathering.inside
    gathering.open.send()
    loop.wait()
    return in_flight


@pytest.mark.parametrize("concurrency", [1, 3, 8])
def test_the_loop_keeps_exactly_its_concurrency_of_sends_in_flight(concurrency):
    uow, gathering = accepted_cases(CASES), Gathering(concurrency)
    gateway = HeldGateway(gathering)

    in_flight = run_held(uow, {"sms": gateway, "inbox": Inbox()}, CountingDirectory(), concurrency, gathering)

    assert in_flight == gathering.peak == concurrency
    sms = uow.deliveries.of_channel("sms")
    assert sorted(gateway.sent) == sorted(row["idempotency_key"] for row in sms)  # each once
    assert {row["status"] for row in sms} == {"sent"} and len(sms) == 2 * CASES


def test_two_sends_in_flight_for_one_recipient_read_the_contact_once():
    """Each applicant has two SMS (receipt, acceptance): with both in flight together, the
    second waits for the first one's contact instead of asking the directory again."""
    uow, gathering = accepted_cases(CASES), Gathering(1)  # opened once all eight have started
    directory = CountingDirectory(gathering)

    in_flight = run_held(uow, {"sms": HeldGateway(), "inbox": Inbox()}, directory, 8, gathering)

    assert 1 < in_flight < 8  # several applicants asked at once; their second SMS waited
    assert sorted(directory.calls) == sorted(f"APP-{n}" for n in range(CASES))
    assert {row["status"] for row in uow.deliveries.of_channel("sms")} == {"sent"}
