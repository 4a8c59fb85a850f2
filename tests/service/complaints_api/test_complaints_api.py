"""Complaints proper over HTTP on a real container and database (R-COMP-1..8, R-SCORE-1)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from service.complaints_api.conftest import OFFICE, complaint_body
from sqlalchemy import text

from hall_contracts import build_envelope
from hall_contracts.registry import validate_event

AGENCY = {"Authorization": "Bearer dev-agency"}
NOTIFY = {"Authorization": "Bearer dev-service-notify"}
WINDOW_MARKET = {"Authorization": "Bearer dev-window-market"}
WINDOW_CIVIL = {"Authorization": "Bearer dev-window-civil"}
SEPT_30_10AM = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)  # Wednesday before National Day, 10:00 China
CALL = {"called_at": "2026-11-23T15:00:00+08:00", "summary": "电话告知处理结果，投诉人表示理解"}
ANSWER = {"findings": "经查，工作人员未按要求一次性说明材料要求。", "decision": "已对当事人批评教育并通报。"}


def case_event(event_type: str, case_no: str, time: str, **data) -> dict:
    facts = {
        "case_no": case_no,
        "item_code": "SC-010",
        "item_name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "status": "in_progress",
        "urgent": False,
        "deadline": "2026-11-20",
        "deadline_provisional": False,
    }
    envelope = build_envelope("intake", event_type, case_no, {**facts, **data})
    envelope["time"] = time
    return envelope


def counts(api) -> tuple:
    with api.engine.connect() as connection:
        return tuple(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("complaints", "complaint_forwards", "complaint_timeline", "outbox")
        )


def take(api, complaint_no: str, step: str, body=None, headers=OFFICE, status=200):
    response = api.http.post(f"/complaints/{complaint_no}/{step}", json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


# R-COMP-1: channels and the written form ---------------------------------------------------------


@pytest.mark.parametrize(
    "channel", ["in_person", "phone", "letter", "online", "complaint_box", "hotline_12345"]
)
def test_r_comp_1_a_complaint_is_filed_over_every_channel(complaints_api, channel):
    filed = complaints_api.file(channel=channel)
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert body["channel"] == channel
    assert body["written"] is (channel in ("letter", "online", "complaint_box"))
    assert body["complainant_ref"].startswith("P-") and "complainant" not in body


@pytest.mark.parametrize("channel", ["in_person", "phone", "hotline_12345"])
def test_r_comp_1_a_major_complaint_not_in_writing_is_refused_and_nothing_is_recorded(
    complaints_api, channel
):
    before = counts(complaints_api)
    refused = complaints_api.file(channel=channel, major=True)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "written_form_required"
    assert (
        "书面" in error["details"]["written_form"][0] and "in writing" in error["details"]["written_form"][0]
    )
    assert counts(complaints_api) == before


def test_r_comp_1_a_wide_impact_hotline_transfer_with_its_written_form_is_accepted(complaints_api):
    filed = complaints_api.file(channel="hotline_12345", wide_impact=True, hotline_written_form=True)
    assert filed.status_code == 201 and filed.json()["written"] is True


# R-COMP-2: scope and consultation; linking to intake's cases -------------------------------------


def test_r_comp_2_a_matter_outside_the_scope_is_recorded_as_a_consultation_with_its_reason(complaints_api):
    reason = "咨询社保政策，不属于窗口服务投诉范围 (a policy question, not a complaint about service)"
    filed = complaints_api.file(category="outside_scope", outside_scope_reason=reason)
    assert filed.status_code == 201
    body = filed.json()
    assert (body["kind"], body["status"], body["category"], body["consultation_reason"]) == (
        "consultation",
        "consultation",
        None,
        reason,
    )
    refused = complaints_api.file(category="outside_scope")
    assert refused.status_code == 422 and "outside_scope_reason" in refused.json()["error"]["details"]


def test_r_comp_2_an_unknown_case_is_refused(complaints_api):
    refused = complaints_api.file(case_no="HALL-20261120-NOSUCH00")
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "unknown_case"


def test_r_comp_2_a_case_that_went_overdue_suggests_late(complaints_api):
    complaints_api.project(
        case_event("case_accepted", "HALL-20261110-LATE0001", "2026-11-10T09:00:00+08:00", window="A3")
    )
    complaints_api.project(case_event("case_overdue", "HALL-20261110-LATE0001", "2026-11-20T17:01:00+08:00"))
    complaints_api.project(case_event("case_accepted", "HALL-20261110-FINE0001", "2026-11-10T09:00:00+08:00"))
    late = complaints_api.file(case_no="HALL-20261110-LATE0001", department=None, window=None).json()
    fine = complaints_api.file(case_no="HALL-20261110-FINE0001").json()
    assert late["suggested_categories"] == ["late"]
    assert (late["department"], late["window"]) == ("market_regulation", "A3")  # from the projection
    assert fine["suggested_categories"] == []


def test_r_comp_2_missing_facts_are_all_listed_at_once_and_nothing_is_recorded(complaints_api):
    before = counts(complaints_api)
    body = complaint_body(channel="phone", major=True, department=None, case_no=None)
    for key in ("matter", "place", "occurred_at"):
        body.pop(key)
    body["complainant"] = {"name": "王小明"}
    refused = complaints_api.http.post("/complaints", json=body, headers=OFFICE)
    assert refused.status_code == 422
    details = refused.json()["error"]["details"]
    assert {"matter", "place", "occurred_at", "complainant", "written_form", "department"} <= set(details)
    assert counts(complaints_api) == before


# R-COMP-4: sealed identity -------------------------------------------------------------------------


def test_r_comp_4_only_the_complaints_office_reads_the_identity(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    assert complaints_api.http.get(f"/complaints/{no}/identity", headers=OFFICE).json()["name"] == "王小明"
    for headers in (AGENCY, NOTIFY, WINDOW_MARKET, {"Authorization": "Bearer dev-supervision"}):
        assert complaints_api.http.get(f"/complaints/{no}/identity", headers=headers).status_code == 403
    with complaints_api.engine.connect() as connection:
        stored = connection.execute(text("SELECT identity FROM complaints")).scalar()
    assert "王小明" not in stored and "13912345678" not in stored


def test_r_comp_4_notify_reads_the_contact_only_while_a_written_answer_is_delivered(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    early = complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY)
    assert early.status_code == 409 and early.json()["error"]["code"] == "contact_not_available"
    take(complaints_api, no, "answer", ANSWER)
    contact = complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY).json()
    assert contact == {
        "name": "王小明",
        "phone": "13912345678",
        "email": None,
        "address": "城关镇人民路 8 号",
    }
    complaints_api.clock.return_value = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)  # delivery window over
    assert complaints_api.http.get(f"/internal/complaints/{no}/contact", headers=NOTIFY).status_code == 409
    oral = complaints_api.file(channel="phone").json()["complaint_no"]
    take(complaints_api, oral, "answer", {**ANSWER, "call_note": CALL})
    assert complaints_api.http.get(f"/internal/complaints/{oral}/contact", headers=NOTIFY).status_code == 409


def test_r_comp_4_no_event_and_no_department_view_carries_the_identity(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "forwards", {"departments": ["market_regulation"]})
    seen = complaints_api.http.get("/departments/market_regulation/complaints", headers=WINDOW_MARKET).text
    published = str(complaints_api.events())
    for secret in ("王小明", "13912345678", "人民路"):
        assert secret not in seen and secret not in published


def test_r_comp_4_the_service_refuses_to_start_without_a_key(container_factory, web_config, migrated):
    from complaints.identity import SealKeyError
    from complaints.service import ComplaintsService

    config = dict(
        web_config,
        DATABASE_URL=migrated("complaints"),
        OUTBOX_RELAY_ENABLED="false",
        AMQP_URI="amqp://guest:guest@127.0.0.1:1/",
    )
    container = container_factory(ComplaintsService, config)
    with pytest.raises(SealKeyError, match="COMPLAINANT_KEY"):
        container.start()


# R-COMP-5: limits, across a holiday; sweep; explanation --------------------------------------------


def test_r_comp_5_a_simple_complaint_is_due_the_next_working_day_after_national_day(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    body = complaints_api.file().json()
    assert (body["limit_days"], body["due_date"]) == (1, "2026-10-08")  # Oct 1-7 are holidays


def test_r_comp_5_two_departments_get_two_working_days_across_the_holiday(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    body = complaints_api.file(other_departments=["civil_affairs"]).json()
    assert (body["limit_days"], body["due_date"]) == (2, "2026-10-09")
    one = complaints_api.file().json()
    forwarded = take(
        complaints_api,
        one["complaint_no"],
        "forwards",
        {"departments": ["market_regulation", "civil_affairs"]},
    )
    assert (forwarded["limit_days"], forwarded["due_date"]) == (2, "2026-10-09")
    assert {f["due_date"] for f in forwarded["forwards"]} == {"2026-10-09"}


def test_r_comp_5_the_multi_department_limit_is_configurable_up_to_five_days_and_checked():
    from complaints.complaint_settings import from_config

    assert from_config({"MULTI_DEPARTMENT_LIMIT_DAYS": "5"})[0].multi_department_limit == 5
    for bad in ("6", "0", "two"):
        with pytest.raises(ValueError, match="MULTI_DEPARTMENT_LIMIT_DAYS"):
            from_config({"MULTI_DEPARTMENT_LIMIT_DAYS": bad})


def sweep(api) -> dict:
    response = api.http.post("/complaints/sweep", headers=OFFICE)
    assert response.status_code == 200, response.text
    return response.json()["raised"]


def test_r_comp_5_the_sweep_raises_due_soon_and_overdue_once_each_across_the_holiday(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file(other_departments=["civil_affairs"]).json()["complaint_no"]  # due Oct 9
    assert sweep(complaints_api) == {"due_soon": 0, "overdue": 0, "breached": {}}
    complaints_api.clock.return_value = datetime(2026, 10, 7, 2, 0, tzinfo=UTC)  # last day of the holiday
    assert sweep(complaints_api)["due_soon"] == 0  # the next working day is Oct 8
    complaints_api.clock.return_value = datetime(2026, 10, 8, 2, 0, tzinfo=UTC)
    assert sweep(complaints_api)["due_soon"] == 1
    assert sweep(complaints_api)["due_soon"] == 0
    complaints_api.clock.return_value = datetime(2026, 10, 9, 9, 30, tzinfo=UTC)  # 17:30 on the due date
    assert sweep(complaints_api) == {"due_soon": 0, "overdue": 1, "breached": {"poor_attitude": 1}}
    assert sweep(complaints_api)["overdue"] == 0
    overdue = complaints_api.http.get("/complaints?overdue=true", headers=OFFICE).json()["complaints"]
    assert [c["complaint_no"] for c in overdue] == [no]
    actions = [
        line["action"]
        for line in complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()["timeline"]
    ]
    assert (actions.count("due_soon"), actions.count("overdue")) == (1, 1)


def test_r_comp_5_a_missed_limit_needs_a_recorded_explanation_before_the_answer(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file().json()["complaint_no"]
    complaints_api.clock.return_value = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
    refused = take(complaints_api, no, "answer", ANSWER, status=409)
    assert "explanation" in refused["error"]["details"]
    explained = take(
        complaints_api,
        no,
        "explanation",
        {"reason": "需调取监控录像核实 (CCTV must be reviewed)", "new_due_date": "2026-10-12"},
    )
    assert explained["due_date"] == "2026-10-12"
    [event] = complaints_api.events("complaint_explained")
    assert event["data"]["new_due_date"] == "2026-10-12"
    validate_event(event)
    complaints_api.clock.return_value = datetime(2026, 10, 12, 9, 30, tzinfo=UTC)
    assert sweep(complaints_api)["overdue"] == 1  # tracked against the new date too


# R-COMP-6: the answer's channel ---------------------------------------------------------------------


def test_r_comp_6_a_written_complaint_gets_the_written_answer_event_notify_renders(complaints_api):
    no = complaints_api.file(channel="online").json()["complaint_no"]
    take(complaints_api, no, "answer", ANSWER)
    [event] = complaints_api.events("complaint_answered")
    validate_event(event)
    assert set(event["data"]) == {
        "complaint_no",
        "complainant_ref",
        "category",
        "complaint_channel",
        "answer_channel",
        "received_at",
        "findings",
        "decision",
        "office",
        "office_phone",
        "answered_at",
    }
    assert (event["data"]["answer_channel"], event["data"]["answered_at"]) == ("written", "2026-11-23")


def test_r_comp_6_an_oral_complaint_needs_a_recorded_call(complaints_api):
    no = complaints_api.file(channel="in_person").json()["complaint_no"]
    refused = take(complaints_api, no, "answer", ANSWER, status=409)
    assert "call_note" in refused["error"]["details"]
    answered = take(complaints_api, no, "answer", {**ANSWER, "call_note": CALL})
    assert answered["answer_channel"] == "oral" and answered["call_note"]["summary"] == CALL["summary"]
    assert complaints_api.events("complaint_answered")[0]["data"]["answer_channel"] == "oral"


# R-COMP-7: severity routing and the agency's controlled identity path --------------------------------


def test_r_comp_7_a_simple_complaint_is_not_referred_and_a_discipline_one_must_be(complaints_api):
    simple = complaints_api.file().json()["complaint_no"]
    assert take(complaints_api, simple, "referral", status=409)["error"]["code"] == "not_referable"
    grave = complaints_api.file(severity="discipline", category="bribes_or_favours").json()["complaint_no"]
    assert "severity" in take(complaints_api, grave, "answer", ANSWER, status=409)["error"]["details"]
    referred = take(complaints_api, grave, "referral")
    assert referred["referred_to"] == "discipline_commission"
    [event] = complaints_api.events("complaint_referred")
    validate_event(event)
    assert event["data"]["destination"] == "discipline_commission" and event["data"]["matter"]


def test_r_comp_7_crime_goes_to_the_judiciary(complaints_api):
    no = complaints_api.file(severity="crime", category="bribes_or_favours").json()["complaint_no"]
    assert take(complaints_api, no, "referral")["referred_to"] == "judiciary"


def test_r_comp_7_an_agency_reads_the_identity_once_after_the_office_grants_its_request(complaints_api):
    no = complaints_api.file(severity="discipline", category="bribes_or_favours").json()["complaint_no"]
    early = complaints_api.http.post(
        f"/complaints/{no}/identity-requests", json={"reason": "核实线索"}, headers=AGENCY
    )
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_referred"
    take(complaints_api, no, "referral")
    asked = complaints_api.http.post(
        f"/complaints/{no}/identity-requests", json={"reason": "立案审查需联系举报人"}, headers=AGENCY
    ).json()
    request_id = asked["request_id"]
    pending = complaints_api.http.get(f"/identity-requests/{request_id}/identity", headers=AGENCY)
    assert pending.status_code == 409 and pending.json()["error"]["code"] == "not_granted"
    assert (
        complaints_api.http.post(
            f"/identity-requests/{request_id}/decision", json={"grant": True}, headers=AGENCY
        ).status_code
        == 403
    )
    granted = complaints_api.http.post(
        f"/identity-requests/{request_id}/decision", json={"grant": True}, headers=OFFICE
    ).json()
    assert granted["status"] == "granted"
    identity = complaints_api.http.get(f"/identity-requests/{request_id}/identity", headers=AGENCY).json()
    assert identity["phone"] == "13912345678"
    again = complaints_api.http.get(f"/identity-requests/{request_id}/identity", headers=AGENCY)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_read"
    actions = [
        line["action"]
        for line in complaints_api.http.get(f"/complaints/{no}", headers=OFFICE).json()["timeline"]
    ]
    assert {"identity_requested", "identity_request_granted", "identity_read"} <= set(actions)


# R-COMP-8: forwarding and reporting back --------------------------------------------------------------


def test_r_comp_8_a_forwarded_department_reports_back_before_the_office_answers(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "forwards", {"departments": ["market_regulation"]})
    [event] = complaints_api.events("complaint_forwarded")
    validate_event(event)
    assert "forwards" in take(complaints_api, no, "answer", ANSWER, status=409)["error"]["details"]
    other = complaints_api.http.post(
        f"/complaints/{no}/forwards/market_regulation/report", json={"report": "已整改"}, headers=WINDOW_CIVIL
    )
    assert other.status_code == 403
    reported = complaints_api.http.post(
        f"/complaints/{no}/forwards/market_regulation/report",
        json={"report": "已约谈当事人并整改"},
        headers=WINDOW_MARKET,
    )
    assert reported.status_code == 200 and reported.json()["forwards"][0]["status"] == "reported"
    assert take(complaints_api, no, "answer", ANSWER)["status"] == "answered"


# close, substantiated (R-SCORE-1), follow-up, bad transitions ------------------------------------------


def test_r_score_1_a_substantiated_complaint_against_staff_publishes_the_contract_intake_consumes(
    complaints_api,
):
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "answer", ANSWER)
    closed = take(complaints_api, no, "close", {"substantiated": True})
    assert (closed["status"], closed["deduction_points"]) == ("closed", 2)
    [event] = complaints_api.events("complaint_substantiated")
    validate_event(event)
    assert (event["data"]["complaint_ref"], event["data"]["staff_id"], event["data"]["category"]) == (
        no,
        "S01",
        "poor_attitude",
    )
    validate_event(complaints_api.events("complaint_closed")[0])


def test_r_comp_5_a_closed_complaint_is_followed_up_once_and_cannot_be_answered_again(complaints_api):
    no = complaints_api.file().json()["complaint_no"]
    take(complaints_api, no, "answer", ANSWER)
    take(complaints_api, no, "close", {"substantiated": False})
    assert complaints_api.events("complaint_substantiated") == []
    before = counts(complaints_api)
    refused = take(complaints_api, no, "answer", ANSWER, status=409)
    assert refused["error"]["code"] == "transition_not_allowed"
    assert counts(complaints_api) == before
    followed = take(complaints_api, no, "follow-up", {"satisfaction": "basically_satisfied"})
    assert followed["follow_up"]["satisfaction"] == "basically_satisfied"
    assert take(complaints_api, no, "follow-up", {"satisfaction": "satisfied"}, status=409)["error"][
        "code"
    ] == ("already_followed_up")
    validate_event(complaints_api.events("complaint_followed_up")[0])


def test_every_event_published_validates_against_its_contract(complaints_api):
    no = complaints_api.file(channel="complaint_box").json()["complaint_no"]
    complaints_api.http.put(f"/complaints/{no}/category", json={"category": "late"}, headers=OFFICE)
    take(complaints_api, no, "answer", ANSWER)
    take(complaints_api, no, "close", {"substantiated": True})
    take(complaints_api, no, "follow-up", {"satisfaction": "satisfied"})
    found = complaints_api.events()
    assert len(found) == 7
    for event in found:
        validate_event(event)


def test_r_comp_2_the_case_projection_ignores_duplicates_and_late_arrivals(complaints_api):
    accepted = case_event("case_accepted", "HALL-20261110-ORDER001", "2026-11-10T09:00:00+08:00")
    overdue = case_event("case_overdue", "HALL-20261110-ORDER001", "2026-11-20T17:01:00+08:00")
    completed = case_event(
        "case_completed",
        "HALL-20261110-ORDER001",
        "2026-11-21T10:00:00+08:00",
        status="completed",
        on_time=False,
    )
    for envelope in (completed, overdue, overdue, accepted):  # out of order, one twice
        complaints_api.project(envelope)
    with complaints_api.engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, went_overdue FROM intake_cases WHERE case_no = 'HALL-20261110-ORDER001'")
        ).one()
    assert tuple(row) == ("completed", True)


def test_the_gauges_count_open_and_overdue_complaints_by_category_without_personal_labels(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    complaints_api.file()
    complaints_api.file(category="late")
    complaints_api.clock.return_value = datetime(2026, 10, 8, 9, 30, tzinfo=UTC)
    metrics = complaints_api.http.get("/metrics").text
    assert 'hall_complaints_open{category="poor_attitude"} 1.0' in metrics
    assert 'hall_complaints_overdue{category="late"} 1.0' in metrics
    assert "王小明" not in metrics and "13912345678" not in metrics and "CMP-" not in metrics
