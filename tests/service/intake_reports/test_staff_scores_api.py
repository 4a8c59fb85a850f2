"""Monthly staff scores over HTTP (R-SCORE-1): late cases, the applicant coming back, complaints.

The joint review's and the complaints office's events are applied by intake's own handlers, in a
worker built by ``worker_factory`` on the same database as the running HTTP API.
"""

import pytest
from intake_ledger_calls import (
    HEAD,
    INBOX,
    OUTBOX,
    SUPERVISION,
    accept,
    accept_missing_attachment,
    at,
    complete,
    count,
    supplement,
)
from nameko.testing.services import worker_factory

from hall_contracts.envelope import build_envelope
from intake.orm import score_deductions
from intake.service import IntakeService
from reliable_events import Store
from workday_calendar import WorkingCalendar


@pytest.fixture
def handlers(intake):
    """Intake's event handlers on the running service's database, at the test's "now"."""
    store = Store(intake, (OUTBOX, INBOX), "intake", "intake.tests")

    def worker():
        now = intake.clock()  # the worker's "now", fixed when it is made
        return worker_factory(IntakeService, db=store, clock=lambda: now, calendar=WorkingCalendar())

    return worker


def scores(web, month="2026-11", headers=SUPERVISION) -> dict:
    response = web.get("/reports/staff-scores", params={"month": month}, headers=headers)
    assert response.status_code == 200, response.text
    return {line["staff_id"]: line for line in response.json()["staff"]}


def reasons(line: dict) -> list[tuple[str, str]]:
    return sorted((entry["reason"], entry["ref"]) for entry in line["deductions"])


def ask_for_materials(handlers, case_no: str) -> None:
    """The joint review asks for materials (R-JOINT-3): the case is suspended for a supplement."""
    data = {
        "case_no": case_no,
        "review_id": "R1",
        "round": 1,
        "consolidated_at": "2026-11-25T10:00:00+08:00",
        "materials": [{"name": "消防安全检查合格证明", "departments": ["public_security"]}],
    }
    handlers().handle_supplement_consolidated(
        build_envelope("joint_review", "supplement_consolidated", case_no, data)
    )


def substantiated(complaint_ref="CMP-2026-0001", points=3, staff_id="S01") -> dict:
    return build_envelope(
        "complaints",
        "complaint_substantiated",
        complaint_ref,
        {
            "complaint_ref": complaint_ref,
            "case_no": None,
            "staff_id": staff_id,
            "department": "market_regulation",
            "window": "W03",
            "category": "poor_attitude",
            "deduction_points": points,
            "substantiated_at": "2026-11-26T09:00:00+08:00",
        },
    )


def test_r_score_1_a_late_case_costs_its_holder_5_points_once_in_the_month_its_deadline_passed(
    intake, web_session
):
    at(intake, 10, 20)
    october = accept(web_session)  # due 2026-10-27, open all along: charged in October only
    at(intake, 11, 2)
    completed_late = accept(web_session)  # due 2026-11-09
    on_time = accept(web_session)
    at(intake, 11, 4)
    complete(web_session, on_time["case_no"])
    at(intake, 11, 10)
    complete(web_session, completed_late["case_no"])
    at(intake, 11, 23)
    still_open = accept(web_session)  # due 2026-11-30, still open at the month's end
    at(intake, 12, 1)

    november = scores(web_session)["S01"]
    in_october = scores(web_session, "2026-10")["S01"]

    assert reasons(november) == sorted(
        [("late_case", completed_late["case_no"]), ("late_case", still_open["case_no"])]
    )
    assert (november["score"], november["deducted"]) == (90, 10)
    assert reasons(in_october) == [("late_case", october["case_no"])] and in_october["score"] == 95


def test_r_score_1_a_case_not_yet_past_its_deadline_costs_nothing(intake, web_session):
    accept(web_session)  # due 2026-11-30
    at(intake, 11, 30, 16)

    assert scores(web_session).get("S01", {"deductions": []})["deductions"] == []


def test_r_score_1_a_second_supplement_round_costs_the_first_responder_10_points(
    intake, web_session, handlers
):
    two_rounds = accept_missing_attachment(web_session, "SC-020")  # round 1 at the window
    supplement(web_session, two_rounds["case_no"], "SC-020")
    one_round = accept(web_session, "SC-020")  # complete at the window
    at(intake, 11, 25)
    ask_for_materials(handlers, two_rounds["case_no"])  # round 2: the applicant has to come back
    ask_for_materials(handlers, one_round["case_no"])  # its first round: no deduction

    line = scores(web_session)["S01"]

    assert reasons(line) == [("extra_supplement_round", two_rounds["case_no"])]
    assert line["deductions"][0]["points"] == 10 and line["deductions"][0]["round"] == 2
    assert line["score"] == 90


def test_r_score_1_a_substantiated_complaint_delivered_twice_is_deducted_once(intake, web_session, handlers):
    event = substantiated()
    handlers().handle_complaint_substantiated(event)
    handlers().handle_complaint_substantiated(event)  # redelivered: the inbox skips it
    republished = substantiated()  # the same complaint in a new envelope: the unique ref skips it
    handlers().handle_complaint_substantiated(republished)

    line = scores(web_session)["S01"]

    assert count(intake, score_deductions) == 1
    assert [(e["reason"], e["category"], e["points"], e["ref"]) for e in line["deductions"]] == [
        ("complaint_substantiated", "poor_attitude", 3, "CMP-2026-0001")
    ]
    assert line["score"] == 97
    assert scores(web_session, "2026-12").get("S01", {"deductions": []})["deductions"] == []


def test_r_score_1_the_answer_says_a_case_never_entered_is_invisible_and_heads_see_their_department(
    intake, web_session, handlers
):
    accept(web_session)  # S01 works for market_regulation
    handlers().handle_complaint_substantiated(substantiated("CMP-2026-0002", 100, "S11"))  # civil affairs
    handlers().handle_complaint_substantiated(substantiated("CMP-2026-0003", 2, "S01"))

    response = web_session.get("/reports/staff-scores", params={"month": "2026-11"}, headers=SUPERVISION)
    head = web_session.get("/reports/staff-scores", params={"month": "2026-11"}, headers=HEAD)
    bad = web_session.get("/reports/staff-scores", params={"month": "November"}, headers=SUPERVISION)

    assert any("未录入" in note and "invisible" in note for note in response.json()["notes"])
    assert {line["staff_id"]: line["score"] for line in response.json()["staff"]}["S11"] == 0
    assert {line["staff_id"]: line["score"] for line in head.json()["staff"]} == {"S01": 98}
    assert (bad.status_code, bad.json()["error"]["code"], list(bad.json()["error"]["details"])) == (
        422,
        "validation_failed",
        ["month"],
    )
