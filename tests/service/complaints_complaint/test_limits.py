"""Limits across a holiday, the sweep and the explanation (R-COMP-5)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from service.complaints_complaint.complaint_calls import (
    ANSWER,
    SEPT_30_10AM,
    sweep,
    take,
)
from service.complaints_complaint.conftest import OFFICE

from hall_contracts.registry import validate_event

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
    from complaints.dependencies import from_config

    assert from_config({"MULTI_DEPARTMENT_LIMIT_DAYS": "5"})[0].multi_department_limit == 5
    for bad in ("6", "0", "two"):
        with pytest.raises(ValueError, match="MULTI_DEPARTMENT_LIMIT_DAYS"):
            from_config({"MULTI_DEPARTMENT_LIMIT_DAYS": bad})


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
