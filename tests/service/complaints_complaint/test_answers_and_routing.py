"""Answers on the complaint's channel, severity routing, forwarding, closing, follow-up,
events and gauges (R-COMP-6..8, R-SCORE-1)."""

from __future__ import annotations

from datetime import UTC, datetime

from service.complaints_complaint.complaint_calls import (
    AGENCY,
    ANSWER,
    CALL,
    SEPT_30_10AM,
    WINDOW_CIVIL,
    WINDOW_MARKET,
    counts,
    take,
)
from service.complaints_complaint.conftest import OFFICE

from hall_contracts.registry import validate_event

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
    no = complaints_api.file().json()["complaint_no"]  # against market_regulation's S01
    take(complaints_api, no, "forwards", {"departments": ["civil_affairs"]})
    [event] = complaints_api.events("complaint_forwarded")
    validate_event(event)
    assert "forwards" in take(complaints_api, no, "answer", ANSWER, status=409)["error"]["details"]
    other = complaints_api.http.post(
        f"/complaints/{no}/forwards/civil_affairs/report", json={"report": "已整改"}, headers=WINDOW_MARKET
    )
    assert other.status_code == 403
    reported = complaints_api.http.post(
        f"/complaints/{no}/forwards/civil_affairs/report",
        json={"report": "已约谈当事人并整改"},
        headers=WINDOW_CIVIL,
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


def test_the_gauges_count_open_and_overdue_complaints_by_category_without_personal_labels(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    complaints_api.file()
    complaints_api.file(category="late")
    complaints_api.clock.return_value = datetime(2026, 10, 8, 9, 30, tzinfo=UTC)
    metrics = complaints_api.http.get("/metrics").text
    assert 'hall_complaints_open{category="poor_attitude"} 1.0' in metrics
    assert 'hall_complaints_overdue{category="late"} 1.0' in metrics
    assert "王小明" not in metrics and "13912345678" not in metrics and "CMP-" not in metrics
