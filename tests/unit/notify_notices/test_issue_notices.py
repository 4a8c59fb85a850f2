"""Issuing notices from an event, as a use case on in-memory fakes (no database, no broker)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.sample_clock import case_overdue_decided_v1, case_resumed_v1
from hall_contracts.samples import case_accepted_v1, case_escalated_v1
from hall_contracts.sample_clock import case_resumed_v1
from hall_contracts.samples import case_accepted_v1, case_transferred_v1
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def issue(event: dict, uow: FakeUnitOfWork) -> list:
    return issue_notices(IssueNotices(event, rendered_plans(event), NOW), uow)


def test_r_once_3_an_event_delivered_twice_issues_its_notices_once():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_accepted_v1())
    first = issue(event, uow)
    again = issue(event, uow)
    assert sorted(notice["notice_type"] for notice in first) == ["acceptance", "receipt"]
    assert again == []
    assert len(uow.notices.rows) == 2
    assert uow.tx.types() == ["notice_issued", "notice_issued"]


def test_an_applicants_notice_is_queued_for_the_inbox_and_the_first_channel_of_the_chain():
    uow = FakeUnitOfWork()
    issue(copy.deepcopy(case_accepted_v1()), uow)
    queued = sorted((row["channel"], row["status"], row["attempts"]) for row in uow.deliveries.rows.values())
    assert queued == [("inbox", "pending", 0)] * 2 + [("sms", "pending", 0)] * 2
    assert {row["next_attempt_at"] for row in uow.deliveries.rows.values()} == {NOW}


def test_a_case_notice_records_the_department_whose_windows_print_its_letters():
    uow = FakeUnitOfWork()
    issue(copy.deepcopy(case_accepted_v1()), uow)
    assert {notice["department"] for notice in uow.notices.rows} == {"market_regulation"}


def test_r_clock_2_a_windows_resumption_issues_the_applicant_the_resumption_notice():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_resumed_v1())
    [notice] = issue(event, uow)
    assert (notice["notice_type"], notice["audience"]) == ("resumption", "applicant")
    assert "-RSUM-" in notice["notice_no"] and "2026年1月16日" in notice["content"]


def test_r_clock_2_a_resumption_that_owes_no_notice_issues_none():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_resumed_v1())
    event["data"]["notices_due"] = []
    assert issue(event, uow) == []


def test_r_kind_6_a_forwarding_issues_the_applicant_the_forwarding_notice():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_escalated_v1())
    [notice] = issue(event, uow)
    assert (notice["notice_type"], notice["audience"], notice["title"]) == (
        "forwarding",
        "applicant",
        "上报件告知书",
    )
    assert "-FWRD-" in notice["notice_no"] and "市民政局" in notice["content"]


def test_r_clock_5_a_legal_obstacle_issues_the_overdue_explanation_and_an_approval_issues_none():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_overdue_decided_v1())
    [notice] = issue(event, uow)
    assert (notice["notice_type"], notice["audience"]) == ("overdue_explanation", "applicant")
    assert "-OVEX-" in notice["notice_no"] and "逾期原因" in notice["content"]
    approved = copy.deepcopy(case_overdue_decided_v1())
    approved["id"] = "another-event"
    approved["data"].update(decision="approve_as_normal", reason=None, notices_due=[])
    assert issue(approved, uow) == []  # its completion notice comes with case_completed
def test_r_first_2_a_transfer_with_an_agreed_time_issues_the_applicant_the_transfer_notice():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_transferred_v1())
    [notice] = issue(event, uow)
    assert (notice["notice_type"], notice["audience"]) == ("transfer", "applicant")
    assert notice["recipient_ref"] == "APP-HALL-20260105-7KQ2M9XA" and "-TRNS-" in notice["notice_no"]
    assert "2026年1月8日 09:30" in notice["content"]


def test_r_first_2_a_transfer_that_owes_no_notice_issues_none():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_transferred_v1())
    event["data"]["notices_due"] = []
    assert issue(event, uow) == []
