"""Suspension (R-CLOCK-2) and extension (R-CLOCK-4) over HTTP, in a real container on a real
database. "Now" is the injected clock: each step sets it, nothing sleeps."""

import json
from datetime import date

from intake_clock_calls import (
    HEAD,
    WINDOW,
    accept,
    case_row,
    events,
    extend,
    hall_time,
    history,
    resume,
    suspend,
    unchanged,
)
from intake_requests import bearer, materials


def accepted_on_monday(intake, web):
    """SC-010 (5 working days) accepted Mon 2026-11-23: due Mon 2026-11-30 at 17:00."""
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    answer = accept(web)
    assert answer["deadline"] == "2026-11-30"
    return answer["case_no"]


def snapshot(intake, case_no):
    return case_row(intake, case_no), history(intake, case_no), len(events(intake))


def test_r_clock_2_a_suspension_stops_the_clock_and_the_applicant_is_told_in_writing(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 24))
    response = suspend(web_session, case_no, reason_kind="site_inspection")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["status"], answer["deadline"], answer["closes_at"]) == ("suspended", None, None)
    assert case_row(intake, case_no)["suspended_since"] == date(2026, 11, 24)
    assert history(intake, case_no)[-1] == {
        "action": "suspended",
        "details": {
            "previous_status": "in_progress",
            "reason_kind": "site_inspection",
            "reason": "组织专家评审 (expert review)",
            "expected_working_days": 5,
            "expected_resumption": "2026-12-01",
        },
    }
    [event] = events(intake, "case_suspended")
    assert event["data"]["notices_due"] == ["suspension"] and event["data"]["deadline"] is None


def test_r_clock_2_the_suspension_event_carries_the_expected_duration_and_resumption_day(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 24))  # Tuesday: 3 working days -> Friday
    assert suspend(web_session, case_no, expected_working_days=3).status_code == 200
    [event] = events(intake, "case_suspended")
    assert (event["data"]["expected_working_days"], event["data"]["expected_resumption"]) == (3, "2026-11-27")


def test_r_clock_2_a_suspension_without_an_expected_duration_in_range_is_refused_in_chinese(
    intake, web_session
):
    case_no = accepted_on_monday(intake, web_session)
    before = snapshot(intake, case_no)
    for wrong in (None, 0, 61, "5"):
        response = suspend(web_session, case_no, expected_working_days=wrong)
        assert response.status_code == 422, (wrong, response.text)
        [message] = response.json()["error"]["details"]["expected_working_days"]
        assert message.startswith("预计中止的工作日数须在 1 到 60 之间"), message
    body = {"reason_kind": "hearing", "reason": "听证"}
    response = web_session.post(f"/cases/{case_no}/suspension", data=json.dumps(body), headers=WINDOW)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["expected_working_days"][0].startswith(
        "须填写预计中止的工作日数"
    )
    unchanged(intake, case_no, *before)


def test_r_clock_2_suspended_days_do_not_count_and_resumption_moves_the_deadline(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 24))  # Tuesday
    assert suspend(web_session, case_no).status_code == 200
    intake.clock.return_value = hall_time(date(2026, 11, 26))  # Thursday: Wed 25 and Thu 26 do not count
    response = resume(web_session, case_no)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["status"], answer["deadline"]) == ("in_progress", "2026-12-02")
    assert answer["closes_at"].startswith("2026-12-02T17:00:00+08:00")
    assert case_row(intake, case_no)["suspended_since"] is None
    [event] = events(intake, "case_resumed")
    assert (event["data"]["deadline"], event["data"]["suspended_since"]) == ("2026-12-02", "2026-11-24")


def test_r_clock_2_a_resumption_owes_the_applicant_the_resumption_notice(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 24))
    assert suspend(web_session, case_no).status_code == 200
    intake.clock.return_value = hall_time(date(2026, 11, 26))
    assert resume(web_session, case_no).status_code == 200
    [event] = events(intake, "case_resumed")
    assert event["data"]["notices_due"] == ["resumption"] and event["data"]["resumed_on"] == "2026-11-26"


def test_r_clock_2_only_a_running_clock_can_be_suspended_and_nothing_changes(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    waiting = accept(web_session, presented=materials("SC-010", "main"))["case_no"]  # awaiting supplement
    before = snapshot(intake, waiting)
    response = suspend(web_session, waiting)
    assert response.status_code == 409 and response.json()["error"]["code"] == "transition_not_allowed"
    unchanged(intake, waiting, *before)


def test_r_clock_2_a_bad_suspension_lists_every_problem_and_changes_nothing(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    before = snapshot(intake, case_no)
    response = suspend(web_session, case_no, reason_kind="lunch", reason="  ")
    assert response.status_code == 422
    assert set(response.json()["error"]["details"]) == {"reason_kind", "reason"}
    unchanged(intake, case_no, *before)


def test_r_clock_2_resuming_a_case_that_is_not_suspended_is_refused(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    before = snapshot(intake, case_no)
    response = resume(web_session, case_no)
    assert response.status_code == 409 and response.json()["error"]["code"] == "transition_not_allowed"
    unchanged(intake, case_no, *before)


def test_r_clock_4_the_window_head_extends_the_limit_with_a_notice_to_the_applicant(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 27))  # Friday: Monday's deadline is 1 day away
    response = extend(web_session, case_no, days=3)
    assert response.status_code == 200, response.text
    assert response.json()["deadline"] == "2026-12-03"
    row = case_row(intake, case_no)
    assert (row["extension_days"], row["deadline"]) == (3, date(2026, 12, 3))
    line = history(intake, case_no)[-1]
    assert line["action"] == "extended"
    assert (line["details"]["days"], line["details"]["approved_by"]) == (3, "S09")
    [event] = events(intake, "case_extended")
    assert event["data"]["notices_due"] == ["extension"]
    assert (event["data"]["previous_deadline"], event["data"]["deadline"]) == ("2026-11-30", "2026-12-03")


def test_r_clock_4_an_extension_on_the_deadline_day_is_too_late_and_changes_nothing(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 30), 9)  # the deadline day itself
    before = snapshot(intake, case_no)
    response = extend(web_session, case_no)
    assert response.status_code == 409 and response.json()["error"]["code"] == "extension_too_late"
    unchanged(intake, case_no, *before)


def test_r_clock_4_an_extension_past_the_deadline_is_too_late(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 12, 1))
    response = extend(web_session, case_no)
    assert response.status_code == 409 and response.json()["error"]["code"] == "extension_too_late"


def test_r_clock_4_only_the_window_head_of_the_cases_department_may_extend(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    natres = accept(web_session, "ZR-002")["case_no"]
    before, before_natres = snapshot(intake, case_no), snapshot(intake, natres)
    assert extend(web_session, case_no, headers=WINDOW).status_code == 403  # not a head
    assert extend(web_session, natres, headers=HEAD).status_code == 403  # another department's head
    assert extend(web_session, case_no, headers=bearer("dev-operator")).status_code == 403
    unchanged(intake, case_no, *before)
    unchanged(intake, natres, *before_natres)


def test_r_clock_4_an_extension_needs_a_reason_and_every_problem_is_listed(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    before = snapshot(intake, case_no)
    response = extend(web_session, case_no, days=0, reason=" ")
    assert response.status_code == 422
    assert set(response.json()["error"]["details"]) == {"days", "reason"}
    unchanged(intake, case_no, *before)


def test_r_clock_4_an_extension_beyond_the_legal_limit_is_refused(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)  # promised 5 of a legal 10 working days
    assert extend(web_session, case_no, days=3).status_code == 200
    before = snapshot(intake, case_no)
    response = extend(web_session, case_no, days=3)  # 5 + 3 + 3 > 10
    assert response.status_code == 422 and "days" in response.json()["error"]["details"]
    unchanged(intake, case_no, *before)


def test_r_clock_4_a_suspended_case_cannot_be_extended(intake, web_session):
    case_no = accepted_on_monday(intake, web_session)
    assert suspend(web_session, case_no).status_code == 200
    before = snapshot(intake, case_no)
    response = extend(web_session, case_no)
    assert response.status_code == 409 and response.json()["error"]["code"] == "transition_not_allowed"
    unchanged(intake, case_no, *before)


def test_r_clock_2_and_r_clock_4_an_extension_after_a_suspension_counts_from_the_moved_deadline(
    intake, web_session
):
    case_no = accepted_on_monday(intake, web_session)
    intake.clock.return_value = hall_time(date(2026, 11, 24))
    suspend(web_session, case_no)
    intake.clock.return_value = hall_time(date(2026, 11, 26))
    assert resume(web_session, case_no).json()["deadline"] == "2026-12-02"
    assert extend(web_session, case_no, days=2).json()["deadline"] == "2026-12-04"


def test_r_clock_2_the_staff_case_answer_gives_the_clock_limit_extension_days_left_and_suspension(
    intake, web_session
):
    case_no = accepted_on_monday(intake, web_session)  # 5 working days, due Mon 2026-11-30
    intake.clock.return_value = hall_time(date(2026, 11, 24))
    running = web_session.get(f"/cases/{case_no}", headers=WINDOW).json()
    assert (running["limit_days"], running["extension_days"], running["working_days_left"]) == (5, 0, 4)
    assert running["suspended_since"] is None
    stopped = suspend(web_session, case_no).json()
    assert (stopped["suspended_since"], stopped["working_days_left"]) == ("2026-11-24", None)
