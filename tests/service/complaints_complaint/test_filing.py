"""Filing over every channel, the written form, the scope and the case link (R-COMP-1, R-COMP-2)."""

from __future__ import annotations

import pytest
from service.complaints_complaint.complaint_calls import (
    case_event,
    counts,
)
from service.complaints_complaint.conftest import OFFICE, complaint_body
from sqlalchemy import text

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


def test_a_complaint_with_a_missing_and_an_unknown_field_is_a_422_in_chinese(complaints_api):
    refused = complaints_api.file(matter=None, surprise="yes")
    assert refused.status_code == 422, refused.text
    details = refused.json()["error"]["details"]
    assert details["matter"] == ["此项不能为空 (Field may not be null.)"]
    assert details["surprise"] == ["不应填写此项 (Unknown field.)"]
