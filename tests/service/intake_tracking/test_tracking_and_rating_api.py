"""Applicants follow and rate their case with the receipt's code, without logging in (R-RATE-1)."""

import json

from intake_ledger_calls import (
    HEAD,
    SUPERVISION,
    accept,
    accept_missing_attachment,
    at,
    complete,
    count,
    outbox_events,
    rate,
)
from intake_roster_calls import LI_SI, ZHAO_LIU, put_post
from sqlalchemy import select

from hall_contracts.registry import validate_event
from intake.orm import case_history, ratings
from intake.tracking.rules import PUBLIC_FIELDS


def track(web, case: dict, code=None):
    return web.get(f"/track/{case['case_no']}", params={"code": code or case["verification_code"]})


def test_an_applicant_follows_a_case_with_the_receipts_code_and_sees_nothing_internal(intake, web_session):
    case = accept(web_session)

    response = track(web_session, case)

    assert response.status_code == 200, response.text
    view = response.json()
    assert set(view) == set(PUBLIC_FIELDS)
    assert (view["status"], view["kind"], view["registered_on"], view["deadline"]) == (
        "in_progress",
        "promised",
        "2026-11-23",
        "2026-11-30",
    )
    assert view["closes_at"].startswith("2026-11-30T17:00:00+08:00") and view["deadline_provisional"] is False
    assert (view["outcome"], view["reason"], view["rated"]) == (None, None, False)
    text = json.dumps(view, ensure_ascii=False)
    for internal in ("S01", "李四", "0571-1234", "W03", "张三", "13800000000", "holder", "staff", "actor"):
        assert internal not in text


def test_while_awaiting_a_supplement_the_applicant_sees_every_missing_material(intake, web_session):
    case = accept_missing_attachment(web_session)

    view = track(web_session, case).json()

    assert view["status"] == "awaiting_supplement" and view["deadline"] is None
    assert view["missing_materials"] == case["missing_materials"] and len(view["missing_materials"]) == 2


def test_a_refused_case_shows_its_outcome_and_written_reason(intake, web_session):
    case = accept(web_session)
    complete(web_session, case["case_no"], "refused", "经营场所位于禁止经营区域，不符合登记条件")

    view = track(web_session, case).json()

    assert (view["status"], view["outcome"], view["completed_on"]) == ("completed", "refused", "2026-11-23")
    assert view["reason"] == "经营场所位于禁止经营区域，不符合登记条件"


def test_a_wrong_code_and_an_unknown_case_number_give_the_same_not_found(intake, web_session):
    case = accept(web_session)
    unknown = {"case_no": "HALL-20261123-ZZZZZZZZ", "verification_code": case["verification_code"]}

    wrong = track(web_session, case, code="AAAAAAAA")
    missing = track(web_session, unknown)
    no_code = web_session.get(f"/track/{case['case_no']}")

    for response in (wrong, missing, no_code):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert wrong.json()["error"]["message"].replace(case["case_no"], "X") == missing.json()["error"][
        "message"
    ].replace(unknown["case_no"], "X")


def test_r_rate_1_a_completed_case_is_rated_once_with_history_and_a_contract_valid_event(intake, web_session):
    case = accept(web_session)
    complete(web_session, case["case_no"])
    at(intake, 11, 24)

    first = rate(web_session, case, "basically_satisfied")
    again = rate(web_session, case, "dissatisfied")

    assert first.status_code == 201, first.text
    assert first.json()["rating"] == "basically_satisfied"
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_rated")
    with intake.connect() as connection:
        stored = connection.execute(select(ratings)).mappings().all()
        actions = connection.execute(
            select(case_history.c.action, case_history.c.actor_id).where(case_history.c.action == "rated")
        ).all()
    assert [(row["rating"], row["comment"]) for row in stored] == [("basically_satisfied", "很快")]
    assert actions == [("rated", "applicant")]
    (event,) = outbox_events(intake, "case_rated")
    validate_event(event)
    assert (
        event["data"]["rating"],
        event["data"]["window"],
        event["data"]["holder_id"],
        event["data"]["department"],
    ) == ("basically_satisfied", "W03", "S01", "market_regulation")
    assert "很快" not in json.dumps(event, ensure_ascii=False)
    assert track(web_session, case).json()["rated"] is True


def test_r_rate_1_a_case_not_completed_cannot_be_rated_and_nothing_changes(intake, web_session):
    case = accept(web_session)

    response = rate(web_session, case)

    assert (response.status_code, response.json()["error"]["code"]) == (409, "not_completed")
    assert count(intake, ratings) == 0 and outbox_events(intake, "case_rated") == []
    assert count(intake, case_history, case_history.c.action == "rated") == 0


def test_r_rate_1_a_bad_rating_lists_every_problem_and_a_wrong_code_is_not_found(intake, web_session):
    case = accept(web_session)
    complete(web_session, case["case_no"])

    bad = web_session.post(
        f"/track/{case['case_no']}/rating", data=json.dumps({"rating": "great", "comment": "x" * 501})
    )
    wrong = rate(web_session, case, code="AAAAAAAA")

    assert bad.status_code == 422
    assert set(bad.json()["error"]["details"]) == {"code", "rating", "comment"}
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (404, "not_found")
    assert count(intake, ratings) == 0 and outbox_events(intake, "case_rated") == []


def test_r_rate_1_rating_and_satisfaction_rates_per_window_and_department(intake, web_session):
    # 赵六 (S02) of W04, for whom a head records a case (R-FIRST-1: the first responder's window)
    put_post(web_session, "W04-A", primary=ZHAO_LIU, backup=LI_SI, window="W04")
    w04 = accept(web_session, first_responder={"staff_id": "S02"}, headers=HEAD)
    cases = [accept(web_session) for _ in range(3)] + [w04]
    open_case = accept(web_session)
    for case in cases:
        complete(web_session, case["case_no"])
    rate(web_session, cases[0], "satisfied")
    rate(web_session, cases[1], "dissatisfied")
    rate(web_session, open_case, "satisfied")  # refused: not completed

    response = web_session.get("/reports/ratings", params={"month": "2026-11"}, headers=SUPERVISION)

    assert response.status_code == 200, response.text
    report = response.json()
    windows = {line["window"]: line for line in report["windows"]}
    assert windows["W03"] == {
        "window": "W03",
        "completed": 3,
        "rated": 2,
        "rating_rate": 0.6667,
        "satisfied": 1,
        "basically_satisfied": 0,
        "dissatisfied": 1,
        "satisfaction_rate": 0.5,
    }
    assert (
        windows["W04"]["completed"],
        windows["W04"]["rating_rate"],
        windows["W04"]["satisfaction_rate"],
    ) == (1, 0.0, None)
    (department,) = report["departments"]
    assert (
        department["department"],
        department["completed"],
        department["rated"],
        department["rating_rate"],
    ) == ("market_regulation", 4, 2, 0.5)
    december = web_session.get("/reports/ratings", params={"month": "2026-12"}, headers=HEAD).json()
    assert december["windows"] == [] and december["departments"] == []
    bad = web_session.get("/reports/ratings", params={"month": "2026-13"}, headers=SUPERVISION)
    assert (bad.status_code, list(bad.json()["error"]["details"])) == (422, ["month"])
