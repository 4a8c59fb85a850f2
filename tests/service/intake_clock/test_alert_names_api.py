"""Staff-facing notices name people, not ids (R-CLOCK-5): ``case_due_soon`` and ``case_overdue``
carry the names of who holds the case and of its first responder, and the reminder and the
overdue report render them beside the ids. Real container and database, no broker."""

from datetime import date

from intake_clock_calls import OPERATOR, events, hall_time, sweep
from intake_roster_calls import S01, accept, put_post, take_leave

from hall_contracts.registry import validate_event
from notify.notices.rendering import render


def test_r_clock_5_the_reminder_and_the_overdue_report_name_the_holder_and_the_first_responder(
    intake, web_session
):
    put_post(web_session)  # W03-A: 李四 (S01), backed by 赵六 (S02)
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    case_no = accept(web_session)  # SC-010: due Monday 2026-11-30
    assert take_leave(web_session, "S01", "2026-11-27", "2026-11-27", S01).status_code == 201
    intake.clock.return_value = hall_time(date(2026, 11, 27))
    assert web_session.post("/roster/sweep", data="{}", headers=OPERATOR).status_code == 200
    assert sweep(web_session).json()["due_soon"] == 1
    [due_soon] = events(intake, "case_due_soon")
    validate_event(due_soon)
    data = due_soon["data"]
    assert (data["holder_id"], data["holder_name"]) == ("S02", "赵六")
    assert (data["first_responder_id"], data["first_responder_name"]) == ("S01", "李四")
    text = render("staff_reminder", data).text
    assert f"办件 {case_no}" in text and "经办人：赵六（S02）" in text and "首问责任人：李四（S01）" in text
    intake.clock.return_value = hall_time(date(2026, 11, 30), 17, 1)
    assert sweep(web_session).json()["overdue"] == 1
    [overdue] = events(intake, "case_overdue")
    validate_event(overdue)
    assert "经办人：赵六（S02）" in render("overdue_report", overdue["data"]).text


def test_r_clock_5_a_case_held_by_its_first_responder_off_the_roster_is_named_from_the_receipt(
    intake, web_session
):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    accept(web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 27))
    assert sweep(web_session).json()["due_soon"] == 1
    [due_soon] = events(intake, "case_due_soon")
    assert (due_soon["data"]["holder_name"], due_soon["data"]["first_responder_name"]) == ("李四", "李四")
