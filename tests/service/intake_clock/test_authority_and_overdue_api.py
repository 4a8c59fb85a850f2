"""R-KIND-6 and R-CLOCK-5 over intake's HTTP API on a real database: the higher authority's time
off the clock and in the ledger and tracking page, the forwarding day swept, an overdue case marked
and decided by supervision. "now" is injected; events are read back from the outbox."""

import json
from datetime import date

from intake_clock_calls import (
    OPERATOR,
    accept,
    case_row,
    events,
    hall_time,
    history,
    sweep,
    unchanged,
)
from intake_requests import bearer, window_of

from notify.notices.rendering import render

CIVIL = window_of("MZ-003")  # a window of civil_affairs
MARKET = window_of("SC-010")
SUPERVISION = bearer("dev-supervision")
ANSWER = {"authority": "市民政局", "reference": "市民批〔2026〕8号", "outcome": "approved"}
OBSTACLE = {"decision": "legal_obstacle", "reason": "经营场所权属存在争议，须待不动产登记机构依法确认"}


def at(intake, day: date, hour: int = 10) -> None:
    intake.clock.return_value = hall_time(day, hour)


def post(web, path: str, body: dict, headers: dict):
    return web.post(path, data=json.dumps(body), headers=headers)


def ledger(web, case_no: str) -> dict:
    query = {"from": "2026-11-01", "to": "2026-12-31"}
    response = web.get("/ledger", params=query, headers=SUPERVISION)
    assert response.status_code == 200, response.text
    return next(row for row in response.json()["rows"] if row["case_no"] == case_no)


def escalated(intake, web) -> dict:
    """MZ-003 accepted Mon 2026-11-23: due Mon 12-07, to be forwarded by Mon 11-30."""
    at(intake, date(2026, 11, 23))
    answer = accept(web, "MZ-003")
    assert (answer["deadline"], answer["forwarding_deadline"]) == ("2026-12-07", "2026-11-30")
    return answer


def test_r_kind_6_the_authoritys_days_are_off_the_clock_and_shown_in_the_ledger_and_tracking(
    intake, web_session
):
    case = escalated(intake, web_session)
    case_no = case["case_no"]
    at(intake, date(2026, 11, 25))
    forwarded = post(web_session, f"/cases/{case_no}/forwarding", {"authority": "市民政局"}, CIVIL)
    assert forwarded.status_code == 200, forwarded.text
    assert (forwarded.json()["deadline"], forwarded.json()["forwarded_on"]) == (None, "2026-11-25")
    [event] = events(intake, "case_escalated")
    assert (event["data"]["notices_due"], event["data"]["deadline"]) == (["forwarding"], None)
    notice = render("forwarding", event["data"]).text  # what notify makes of intake's real event
    assert "2026年11月25日报送市民政局审批" in notice and "不计入本中心的办理时限" in notice

    at(intake, date(2026, 12, 2))  # still with the authority: 4 whole working days passed, none counted
    view = web_session.get(f"/track/{case_no}", params={"code": case["verification_code"]}).json()
    assert (view["authority"], view["forwarded_on"], view["deadline"]) == ("市民政局", "2026-11-25", None)
    assert "不计入办理时限" in view["step"]
    assert (
        ledger(web_session, case_no)["authority_working_days"],
        ledger(web_session, case_no)["on_time"],
    ) == (
        4,
        "pending",
    )
    assert sweep(web_session, OPERATOR).json() == {"due_soon": 0, "overdue": 0, "skipped": 0}

    at(intake, date(2026, 12, 9))  # answered after the first deadline (12-07)
    done = post(web_session, f"/cases/{case_no}/authority-answer", ANSWER, CIVIL).json()
    assert (done["status"], done["deadline"], done["on_time"]) == ("completed", "2026-12-21", True)
    row = ledger(web_session, case_no)
    assert (
        row["forwarded_on"],
        row["authority_answered_on"],
        row["authority_working_days"],
        row["on_time"],
    ) == (
        "2026-11-25",
        "2026-12-09",
        10,
        "yes",
    )


def test_r_kind_6_the_sweep_alerts_the_forwarding_day_once_per_threshold(intake, web_session):
    case_no = escalated(intake, web_session)["case_no"]
    at(intake, date(2026, 11, 27))  # Friday: Monday's forwarding day is one working day away
    assert sweep(web_session).json()["due_soon"] == 1
    assert sweep(web_session).json()["due_soon"] == 0
    at(intake, date(2026, 11, 30), 18)
    assert sweep(web_session).json()["overdue"] == 1
    assert sweep(web_session).json()["overdue"] == 0
    alerts = events(intake, "case_due_soon") + events(intake, "case_overdue")
    assert [(e["subject"], e["data"]["deadline_kind"], e["data"]["forwarding_deadline"]) for e in alerts] == [
        (case_no, "forwarding", "2026-11-30"),
        (case_no, "forwarding", "2026-11-30"),
    ]
    assert alerts[1]["data"]["closes_at"] == "2026-11-30T17:00:00+08:00"
    reminder = render("staff_reminder", alerts[0]["data"]).text
    assert "承诺上报期限：2026年11月30日 17:00，剩余1个工作日" in reminder
    assert "仍未报送上级机关" in render("overdue_report", alerts[1]["data"]).text
    assert case_row(intake, case_no)["overdue_since"] is None  # the case's own deadline is 12-07

    at(intake, date(2026, 12, 1))
    assert (
        post(web_session, f"/cases/{case_no}/forwarding", {"authority": "市民政局"}, CIVIL).status_code == 200
    )
    assert events(intake, "case_escalated")[0]["data"]["forwarded_late"] is True


def overdue_case(intake, web) -> str:
    """SC-010 accepted Mon 2026-11-23, due Mon 11-30; swept Tue 12-01: marked overdue."""
    at(intake, date(2026, 11, 23))
    case_no = accept(web)["case_no"]
    at(intake, date(2026, 12, 1))
    assert sweep(web).json()["overdue"] == 1
    return case_no


def test_r_clock_5_an_overdue_case_is_marked_in_the_case_the_worklist_and_the_ledger(intake, web_session):
    case_no = overdue_case(intake, web_session)
    case = web_session.get(f"/cases/{case_no}", headers=SUPERVISION).json()
    assert (case["overdue_since"], case["overdue_decision"]) == ("2026-11-30", None)
    listed = web_session.get("/cases", params={"overdue": "true"}, headers=SUPERVISION).json()["cases"]
    assert [(row["case_no"], row["overdue"], row["overdue_since"]) for row in listed] == [
        (case_no, True, "2026-11-30")
    ]
    assert web_session.get("/cases", params={"overdue": "false"}, headers=SUPERVISION).json()["cases"] == []
    assert (ledger(web_session, case_no)["overdue_since"], ledger(web_session, case_no)["on_time"]) == (
        "2026-11-30",
        "overdue",
    )
    assert history(intake, case_no)[-1]["action"] == "marked_overdue"


def test_r_clock_5_supervision_approves_an_overdue_case_as_normal(intake, web_session):
    case_no = overdue_case(intake, web_session)
    at(intake, date(2026, 12, 3))
    answer = post(
        web_session, f"/cases/{case_no}/overdue-decision", {"decision": "approve_as_normal"}, SUPERVISION
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["status"], body["outcome"], body["on_time"], body["overdue_decision"]) == (
        "completed",
        "approved",
        False,
        "approve_as_normal",
    )
    assert body["overdue_decided_by"] == "SV1" and body["overdue_decided_at"].endswith("+00:00")
    [decided] = events(intake, "case_overdue_decided")
    assert (decided["data"]["working_days_late"], decided["data"]["notices_due"]) == (3, [])
    [completed] = events(intake, "case_completed")
    assert (completed["data"]["notices_due"], completed["data"]["on_time"]) == (["completion"], False)
    assert "办理结果：准予许可" in render("completion", completed["data"]).text
    assert ledger(web_session, case_no)["overdue_decision"] == "approve_as_normal"


def test_r_clock_5_a_legal_obstacle_keeps_the_case_open_and_owes_the_applicant_an_explanation(
    intake, web_session
):
    case_no = overdue_case(intake, web_session)
    answer = post(web_session, f"/cases/{case_no}/overdue-decision", OBSTACLE, SUPERVISION)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["overdue_reason"]) == ("in_progress", OBSTACLE["reason"])
    [decided] = events(intake, "case_overdue_decided")
    assert (decided["data"]["decision"], decided["data"]["notices_due"]) == (
        "legal_obstacle",
        ["overdue_explanation"],
    )
    assert events(intake, "case_completed") == []
    notice = render("overdue_explanation", decided["data"]).text  # decided 2026-12-01 10:00 China time
    assert "办结期限为2026年11月30日 17:00，截至2026年12月1日已逾期1个工作日" in notice
    assert f"逾期原因：{OBSTACLE['reason']}" in notice
    listed = web_session.get("/cases", params={"overdue": "true"}, headers=MARKET).json()["cases"]
    assert [(row["case_no"], row["overdue_decision"]) for row in listed] == [(case_no, "legal_obstacle")]
    again = post(
        web_session, f"/cases/{case_no}/overdue-decision", {"decision": "approve_as_normal"}, SUPERVISION
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "overdue_already_decided")


def test_r_clock_5_an_obstacle_without_reason_is_refused_in_chinese_and_changes_nothing(intake, web_session):
    case_no = overdue_case(intake, web_session)
    before, lines, published = case_row(intake, case_no), history(intake, case_no), len(events(intake))
    for body in (
        {"decision": "legal_obstacle"},
        {"decision": "legal_obstacle", "reason": "  "},
        {"decision": "x"},
    ):
        answer = post(web_session, f"/cases/{case_no}/overdue-decision", body, SUPERVISION)
        assert (answer.status_code, answer.json()["error"]["code"]) == (422, "validation_failed"), answer.text
    missing = post(
        web_session, f"/cases/{case_no}/overdue-decision", {"decision": "legal_obstacle"}, SUPERVISION
    )
    assert "须写明理由" in missing.json()["error"]["details"]["reason"][0]
    unchanged(intake, case_no, before, lines, published)


def test_r_clock_5_only_supervision_decides_and_only_on_an_open_overdue_case(intake, web_session):
    at(intake, date(2026, 11, 23))
    fresh = accept(web_session)["case_no"]
    early = post(web_session, f"/cases/{fresh}/overdue-decision", OBSTACLE, SUPERVISION)
    assert (early.status_code, early.json()["error"]["code"]) == (409, "not_overdue")
    assert post(web_session, f"/cases/{fresh}/completion", {"outcome": "approved"}, MARKET).status_code == 200
    case_no = overdue_case(intake, web_session)
    before, lines, published = case_row(intake, case_no), history(intake, case_no), len(events(intake))
    for headers in (MARKET, bearer("dev-head-market"), OPERATOR):
        assert post(web_session, f"/cases/{case_no}/overdue-decision", OBSTACLE, headers).status_code == 403
    assert post(web_session, f"/cases/{case_no}/overdue-decision", OBSTACLE, {}).status_code == 401
    unchanged(intake, case_no, before, lines, published)
    unknown = post(web_session, "/cases/HALL-20261123-NONE2345/overdue-decision", OBSTACLE, SUPERVISION)
    assert unknown.status_code == 404
    assert (
        post(web_session, f"/cases/{case_no}/completion", {"outcome": "approved"}, MARKET).status_code == 200
    )
    closed = post(web_session, f"/cases/{case_no}/overdue-decision", OBSTACLE, SUPERVISION)
    assert (closed.status_code, closed.json()["error"]["code"]) == (409, "transition_not_allowed")
