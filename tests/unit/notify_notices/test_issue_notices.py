"""Issuing notices from an event, as a use case on in-memory fakes (no database, no broker)."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from unit.notify_fakes import FakeUnitOfWork

from hall_contracts.sample_clock import case_overdue_decided_v1, case_resumed_v1
from hall_contracts.samples import (
    case_accepted_at_registration,
    case_accepted_v1,
    case_escalated_v1,
    case_transferred_v1,
    supplement_requested_v1,
)
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def issue(event: dict, uow: FakeUnitOfWork) -> list:
    return issue_notices(IssueNotices(event, rendered_plans(event), NOW), uow)


def test_an_event_delivered_twice_issues_its_notices_once():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_accepted_at_registration())
    first = issue(event, uow)
    again = issue(event, uow)
    assert sorted(notice["notice_type"] for notice in first) == ["acceptance", "receipt"]
    assert again == []
    assert len(uow.notices.rows) == 2
    assert uow.tx.types() == ["notice_issued", "notice_issued"]


def test_an_applicants_notice_is_queued_for_the_inbox_and_the_first_channel_of_the_chain():
    uow = FakeUnitOfWork()
    issue(copy.deepcopy(case_accepted_at_registration()), uow)
    queued = sorted((row["channel"], row["status"], row["attempts"]) for row in uow.deliveries.rows.values())
    assert queued == [("inbox", "pending", 0)] * 2 + [("sms", "pending", 0)] * 2
    assert {row["next_attempt_at"] for row in uow.deliveries.rows.values()} == {NOW}


def test_a_case_notice_records_the_department_whose_windows_print_its_letters():
    uow = FakeUnitOfWork()
    issue(copy.deepcopy(case_accepted_at_registration()), uow)
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


CATALOGUE = Path(__file__).resolve().parents[3] / "services" / "intake" / "intake" / "catalogue.json"
CODE = "W4RB9TZ3"  # what intake's internal path answers for the story's case


def catalogue_item(code: str) -> dict:
    return next(i for i in json.loads(CATALOGUE.read_text(encoding="utf-8"))["items"] if i["code"] == code)


def issue_reading(event: dict, uow: FakeUnitOfWork, codes: dict) -> list:
    """As notify's consumer does: the catalogue for the one-time notice, intake for the code."""
    return issue_notices(IssueNotices(event, rendered_plans(event, catalogue_item, codes.get), NOW), uow)


def test_r_kind_3_a_registered_supplement_case_gets_its_receipt_with_its_code_at_registration():
    uow, event = FakeUnitOfWork(), copy.deepcopy(supplement_requested_v1())
    issued = {n["notice_type"]: n for n in issue_reading(event, uow, {event["data"]["case_no"]: CODE})}
    assert sorted(issued) == ["one_time", "receipt", "supplement"]
    receipt = issued["receipt"]["content"]
    assert f"查询码：{CODE}" in receipt and "收件时间：2026年1月5日 09:30" in receipt
    assert "自材料补齐之日起计算" in receipt and "李敏" in receipt and "0571-8765-4321" in receipt
    # the code is printed, never published: notice_issued carries the hash of the masked text
    assert CODE not in json.dumps(uow.tx.published, ensure_ascii=False)
    masked = receipt.replace(CODE, "********")
    published = {e["data"]["notice_type"]: e["data"]["content_sha256"] for e in uow.tx.published}
    assert published["receipt"] == hashlib.sha256(masked.encode()).hexdigest()
    assert issued["receipt"]["content_sha256"] == hashlib.sha256(receipt.encode()).hexdigest()


def test_r_kind_3_the_acceptance_of_a_completed_supplement_case_issues_no_second_receipt():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_accepted_v1())  # notices_due ["acceptance"]
    issued = issue_reading(event, uow, {event["data"]["case_no"]: CODE})
    assert [n["notice_type"] for n in issued] == ["acceptance"]


def test_a_case_accepted_at_registration_gets_one_receipt_printing_its_code():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_accepted_at_registration())
    issued = {n["notice_type"]: n for n in issue_reading(event, uow, {event["data"]["case_no"]: CODE})}
    assert sorted(issued) == ["acceptance", "receipt"]
    assert (issued["receipt"]["template_version"], f"查询码：{CODE}" in issued["receipt"]["content"]) == (
        2,
        True,
    )
    assert CODE not in issued["acceptance"]["content"]


def test_a_receipt_whose_code_intake_does_not_keep_is_issued_with_the_version_without_a_code():
    uow, event = FakeUnitOfWork(), copy.deepcopy(case_accepted_at_registration())
    issued = {n["notice_type"]: n for n in issue_reading(event, uow, {})}  # registered before 0008
    assert issued["receipt"]["template_version"] == 1 and "查询码" not in issued["receipt"]["content"]
