"""The notices of a complaint's steps (R-COMP-5, R-COMP-8): planned from complaints' published
samples, rendered with every time in China time, never naming who complained (R-COMP-4)."""

from __future__ import annotations

import copy

from hall_contracts.samples import SAMPLES
from notify.notices.rendering import render
from notify.notices.rules import COMPLAINANT_CHAIN, plans_for


def sample(event_type: str, **changes) -> dict:
    data = copy.deepcopy(SAMPLES[f"complaints/{event_type}.v1.json"]()["data"])
    return {**data, **changes}


def test_r_comp_5_a_written_complaint_gets_the_delay_notice_with_the_reason_and_the_new_date():
    data = sample("complaint_explained", explained_at="2026-01-21T03:00:00+00:00")
    [plan] = plans_for("complaints", "complaint_explained", data)
    assert (plan.notice_type, plan.audience, plan.recipient_ref) == (
        "complaint_delay",
        "complainant",
        "P-3F9A0C21",
    )
    assert plan.chain == COMPLAINANT_CHAIN and not plan.inbox  # email, else a letter (R-COMP-6)
    text = render("complaint_delay", plan.data).text
    assert text.startswith("投诉延期答复说明")
    assert data["reason"] in text and "原定于2026年1月21日" in text
    assert "预计于2026年1月22日前答复" in text
    assert "2026年1月21日 11:00" in text  # 03:00 UTC is 11:00 China time
    assert "便民服务中心投诉办" in text and "0571-12345" in text


def test_r_comp_5_an_oral_complaint_is_told_by_phone_and_gets_no_written_delay_notice():
    data = sample("complaint_explained", complaint_channel="phone", answer_channel="oral")
    assert plans_for("complaints", "complaint_explained", data) == []


def test_r_comp_8_the_forwarded_department_is_told_in_its_inbox_without_the_complainant():
    data = sample("complaint_forwarded", forwarded_at="2026-01-20T01:30:00+00:00")
    [plan] = plans_for("complaints", "complaint_forwarded", data)
    assert (plan.audience, plan.recipient_ref, plan.inbox, plan.chain) == (
        "staff",
        "department:civil_affairs",
        True,
        (),
    )
    assert plan.complaint_no == data["complaint_no"]  # archived as the complaint's (office-only)
    text = render("complaint_forwarded", plan.data).text
    assert text.startswith("投诉转办通知") and data["matter"] in text
    assert "转办时间：2026年1月20日 09:30" in text and "请民政局于2026年1月21日前调查处理" in text
    assert data["report_back"] in text
    assert data["complainant_ref"] not in text  # not even the pseudonym


def test_r_comp_8_a_written_complaint_gets_the_departments_report_back():
    data = sample("complaint_forward_reported", reported_at="2026-01-22T02:30:00+00:00")
    [plan] = plans_for("complaints", "complaint_forward_reported", data)
    assert (plan.notice_type, plan.audience, plan.chain) == (
        "complaint_report",
        "complainant",
        COMPLAINANT_CHAIN,
    )
    text = render("complaint_report", plan.data).text
    assert text.startswith("投诉处理情况反馈") and data["report"] in text
    assert "承办部门：民政局" in text and "反馈时间：2026年1月22日 10:30" in text


def test_r_comp_8_an_oral_complaints_report_reaches_the_complainant_in_the_offices_call():
    data = sample("complaint_forward_reported", complaint_channel="in_person", answer_channel="oral")
    assert plans_for("complaints", "complaint_forward_reported", data) == []
