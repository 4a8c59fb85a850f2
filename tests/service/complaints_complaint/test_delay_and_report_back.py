"""The complainant is told of a delay (R-COMP-5) and of a forwarded department's report (R-COMP-8):
complaints publishes what notify renders, lets notify read a written complaint's contact while
that notice is delivered, and keeps tracking the complaint (and its open forwards) to the new date."""

from __future__ import annotations

from datetime import UTC, datetime

from service.complaints_complaint.complaint_calls import (
    ANSWER,
    CALL,
    NOTIFY,
    SEPT_30_10AM,
    WINDOW_CIVIL,
    sweep,
    take,
)
from service.complaints_complaint.conftest import OFFICE

from hall_contracts.registry import validate_event
from notify.notices.rendering import render
from notify.notices.rules import plans_for

OCT_9_10AM = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
OCT_9_1730 = datetime(2026, 10, 9, 9, 30, tzinfo=UTC)
OCT_12_1730 = datetime(2026, 10, 12, 9, 30, tzinfo=UTC)
DELAY = {"reason": "需调取监控录像核实 (CCTV must be reviewed)", "new_due_date": "2026-10-12"}


def report(api, no: str, department: str, text: str, headers=WINDOW_CIVIL):
    answer = api.http.post(
        f"/complaints/{no}/forwards/{department}/report", json={"report": text}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_r_comp_5_a_written_complaints_delay_is_sent_with_the_new_date_and_its_contact_opens_for_it(
    complaints_api,
):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file().json()["complaint_no"]  # a letter, due Oct 8
    contact = f"/internal/complaints/{no}/contact"
    assert complaints_api.http.get(contact, headers=NOTIFY).status_code == 409  # nothing to deliver
    complaints_api.clock.return_value = OCT_9_10AM
    take(complaints_api, no, "explanation", DELAY)
    [event] = complaints_api.events("complaint_explained")
    validate_event(event)
    [plan] = plans_for("complaints", "complaint_explained", event["data"])
    text = render(plan.notice_type, plan.data).text
    assert "预计于2026年10月12日前答复" in text and "需调取监控录像核实" in text
    assert "2026年10月9日 10:00" in text  # explained at 02:00 UTC: China time on the notice
    opened = complaints_api.http.get(contact, headers=NOTIFY)
    assert opened.status_code == 200 and opened.json()["name"] == "王小明"
    timeline = complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()["timeline"]
    assert [line["details"]["purpose"] for line in timeline if line["action"] == "identity_read"] == [
        "written_answer_delivery"
    ]
    complaints_api.clock.return_value = OCT_12_1730
    assert sweep(complaints_api)["overdue"] == 1  # the office tracks it on to the new date


def test_r_comp_5_an_oral_complaints_delay_is_told_by_phone_with_the_call_recorded(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file(channel="phone").json()["complaint_no"]
    complaints_api.clock.return_value = OCT_9_10AM
    refused = take(complaints_api, no, "explanation", DELAY, status=422)
    assert refused["error"]["code"] == "validation_failed" and "call_note" in refused["error"]["details"]
    assert complaints_api.events("complaint_explained") == []  # the refusal changed nothing
    take(complaints_api, no, "explanation", {**DELAY, "call_note": CALL})
    [event] = complaints_api.events("complaint_explained")
    assert event["data"]["answer_channel"] == "oral"
    assert plans_for("complaints", "complaint_explained", event["data"]) == []  # no written notice
    [line] = [
        line
        for line in complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()["timeline"]
        if line["action"] == "explained"
    ]
    assert line["details"]["call_note"]["summary"] == CALL["summary"]
    assert complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY).status_code == 409


def test_r_comp_5_an_explanation_without_a_new_date_is_a_422_in_chinese(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    refused = take(complaints_api, no, "explanation", {"reason": "需核实"}, status=422)
    assert "新的答复日期" in str(refused["error"]["details"]["new_due_date"])
    assert complaints_api.events("complaint_explained") == []


def test_r_comp_8_a_department_reporting_on_time_tells_the_office_and_the_complainant(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "forwards", {"departments": ["civil_affairs"]})  # due Oct 9 (2 departments)
    [forwarded] = complaints_api.events("complaint_forwarded")
    [plan] = plans_for("complaints", "complaint_forwarded", forwarded["data"])
    assert plan.recipient_ref == "department:civil_affairs"  # the department's inbox is told
    notice = render(plan.notice_type, plan.data).text
    assert "王小明" not in notice and "13912345678" not in notice and "2026年10月9日前" in notice
    complaints_api.clock.return_value = datetime(2026, 10, 9, 8, 0, tzinfo=UTC)  # 16:00 on the due day
    forwards = report(complaints_api, no, "civil_affairs", "已约谈当事人并整改")["forwards"]
    assert forwards[0]["status"] == "reported"
    [event] = complaints_api.events("complaint_forward_reported")
    validate_event(event)
    assert (event["data"]["department"], event["data"]["on_time"]) == ("civil_affairs", True)
    [plan] = plans_for("complaints", "complaint_forward_reported", event["data"])
    assert plan.audience == "complainant" and "已约谈当事人并整改" in render(plan.notice_type, plan.data).text
    assert complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY).status_code == 200
    complaints_api.clock.return_value = OCT_9_1730
    assert sweep(complaints_api)["overdue"] == 1  # the office has still to answer: its limit passed
    take(complaints_api, no, "explanation", DELAY)
    assert take(complaints_api, no, "answer", ANSWER)["status"] == "answered"


def test_r_comp_8_a_late_report_back_is_caught_by_the_sweep_naming_the_department_and_recorded_late(
    complaints_api,
):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "forwards", {"departments": ["civil_affairs"]})
    complaints_api.clock.return_value = OCT_9_1730
    assert sweep(complaints_api)["overdue"] == 1
    worklist = complaints_api.http.get("/complaints?overdue=true", headers=OFFICE).json()["complaints"]
    assert [c["complaint_no"] for c in worklist] == [no]
    complaint = complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()
    [alert] = [line for line in complaint["timeline"] if line["action"] == "overdue"]
    assert alert["details"]["waiting_for"] == ["civil_affairs"]
    complaints_api.clock.return_value = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)  # the next day
    report(complaints_api, no, "civil_affairs", "已整改（逾期反馈）")
    [event] = complaints_api.events("complaint_forward_reported")
    assert event["data"]["on_time"] is False
    lines = complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()["timeline"]
    assert [line["details"]["on_time"] for line in lines if line["action"] == "reported_back"] == [False]
    assert plans_for("complaints", "complaint_forward_reported", event["data"])  # still sent to them


def test_r_comp_8_an_explained_delay_gives_the_departments_still_to_report_the_new_date(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "forwards", {"departments": ["civil_affairs"]})
    complaints_api.clock.return_value = OCT_9_10AM
    explained = take(complaints_api, no, "explanation", DELAY)
    assert [f["due_date"] for f in explained["forwards"]] == ["2026-10-12"]
    listed = complaints_api.http.get("/departments/civil_affairs/complaints", headers=WINDOW_CIVIL).json()[
        "forwards"
    ]
    assert [f["due_date"] for f in listed] == ["2026-10-12"]
