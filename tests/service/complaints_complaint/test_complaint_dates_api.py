"""Issue 12 point 10 for complaints (R-COMP-3, R-COMP-5): the time a matter occurred lies in
2000..2099, and an explained delay moves the due date at most a year from today: a new due date of
9999-12-31 once meant the complaint never went overdue."""

from __future__ import annotations

from datetime import UTC, datetime

from service.complaints_complaint.complaint_calls import SEPT_30_10AM, take


def test_r_comp_3_a_matter_that_occurred_in_the_year_1_or_9999_is_a_422(complaints_api):
    for moment in ("0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59+08:00"):
        refused = complaints_api.file(occurred_at=moment)
        assert refused.status_code == 422, refused.text
        assert "2000-01-01" in refused.json()["error"]["details"]["occurred_at"][0]


def test_r_comp_5_a_new_due_date_lies_within_a_year_of_today(complaints_api):
    complaints_api.clock.return_value = SEPT_30_10AM
    no = complaints_api.file().json()["complaint_no"]  # due 2026-10-08
    complaints_api.clock.return_value = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
    reason = "需调取监控录像核实 (CCTV must be reviewed)"
    for day in ("9999-12-31", "2100-01-01"):
        refused = take(complaints_api, no, "explanation", {"reason": reason, "new_due_date": day}, status=422)
        assert "2099-12-31" in refused["error"]["details"]["new_due_date"][0]
    too_far = take(
        complaints_api, no, "explanation", {"reason": reason, "new_due_date": "2027-10-11"}, status=422
    )  # 367 days after 2026-10-09
    assert list(too_far["error"]["details"]) == ["new_due_date"] and "366" in str(too_far["error"])
    explained = take(complaints_api, no, "explanation", {"reason": reason, "new_due_date": "2027-10-10"})
    assert explained["due_date"] == "2027-10-10"
