"""The window's print queue as use cases on in-memory fakes: who sees, prints and hands over
which letter (R-COMP-4), and a letter is handed over once."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.sample_complaints import complaint_answered_v1
from hall_contracts.samples import case_accepted_at_registration
from notify.delivery.rules import Settings
from notify.letters.handlers import (
    HandOver,
    ListPrintJobs,
    ReadPrintJob,
    hand_over_letter,
    print_queue,
    printable_letter,
)
from notify.letters.rules import AlreadyHandedOver
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from refusals import NotFound

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
WINDOW_MARKET = SimpleNamespace(role="window_staff", department="market_regulation", subject="w-1")
WINDOW_CIVIL = SimpleNamespace(role="window_staff", department="civil_affairs", subject="w-2")
OFFICE = SimpleNamespace(role="complaints_office", department=None, subject="c-1")


@pytest.fixture
def letters():
    """A case's receipt and its complaint's written answer, each queued as a letter (sent)."""
    uow, case = FakeUnitOfWork(), copy.deepcopy(case_accepted_at_registration())
    answer = copy.deepcopy(complaint_answered_v1())
    answer["data"]["case_no"] = case["data"]["case_no"]  # a complaint about this very case
    jobs = {}
    for event in (case, answer):
        issued = issue_notices(IssueNotices(event, rendered_plans(event), NOW), uow)
        notice = issued[-1] if event is answer else issued[0]  # the receipt comes first
        jobs[notice["notice_type"]] = uow.print_jobs.queue_letter(notice["notice_no"], NOW)
        key = f"{event['id']}:{notice['notice_type']}:letter"
        uow.deliveries.add(
            {"notice_no": notice["notice_no"], "channel": "letter", "status": "sent", "attempts": 1}
            | {"idempotency_key": key, "next_attempt_at": None, "created_at": NOW, "updated_at": NOW}
        )
    return uow, jobs


def test_r_comp_4_the_queue_shows_a_window_its_case_letters_and_the_office_the_complaint_letters(letters):
    uow, jobs = letters
    listed = {
        who: [job["id"] for job in print_queue(ListPrintJobs(principal, True), uow)]
        for who, principal in (("market", WINDOW_MARKET), ("civil", WINDOW_CIVIL), ("office", OFFICE))
    }
    assert listed == {"market": [jobs["receipt"]], "civil": [], "office": [jobs["complaint_answer"]]}


def test_r_comp_4_a_letter_the_caller_may_not_print_is_not_found_as_if_it_did_not_exist(letters):
    uow, jobs = letters
    with pytest.raises(NotFound, match="没有打印任务"):
        printable_letter(ReadPrintJob(WINDOW_MARKET, jobs["complaint_answer"]), uow)
    with pytest.raises(NotFound, match="没有打印任务"):
        printable_letter(ReadPrintJob(WINDOW_MARKET, 999), uow)
    assert printable_letter(ReadPrintJob(OFFICE, jobs["complaint_answer"]), uow)["audience"] == "complainant"


def test_a_letter_handed_over_is_delivered_once_and_a_second_hand_over_is_refused(letters):
    uow, jobs = letters
    hand_over = HandOver(jobs["receipt"], "in_person", "w-1", NOW, Settings())
    hand_over_letter(hand_over, uow)
    assert [row["status"] for row in uow.deliveries.of_channel("letter")] == ["delivered", "sent"]
    assert uow.tx.types().count("notice_delivered") == 1
    with pytest.raises(AlreadyHandedOver):
        hand_over_letter(hand_over, uow)
    assert print_queue(ListPrintJobs(WINDOW_MARKET, True), uow) == []
