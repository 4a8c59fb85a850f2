"""Transfers, supervision and history over HTTP (R-FIRST-1..3): responsibility never drops."""

import json

from intake_requests import bearer
from intake_roster_calls import (
    HEAD,
    OPERATOR,
    OUTBOX,
    S01,
    S21,
    SUPERVISION,
    accept,
    case_of,
    count,
    hall_time,
    history_actions,
    outbox_events,
    put_post,
    take_leave,
    transfer,
)

from hall_contracts.registry import validate_event
from intake.orm import case_history

CHEN_GANG = {"staff_id": "S21", "name": "陈刚", "phone": "0571-3001"}
LIU_YANG = {"staff_id": "S22", "name": "刘洋", "phone": "0571-3002"}


def natres_post(web_session):
    answer = put_post(
        web_session, "W07-A", CHEN_GANG, LIU_YANG, OPERATOR, window="W07", department="natural_resources"
    )
    assert answer.status_code == 201, answer.text


def test_r_first_1_the_receiving_staff_is_the_first_responder_and_stays_so_after_a_transfer(
    intake, web_session
):
    case_no = accept(web_session)
    assert (case_of(web_session, case_no)["staff_id"], case_of(web_session, case_no)["holder_id"]) == (
        "S01",
        "S01",
    )
    moved = transfer(web_session, case_no)
    assert moved.status_code == 200, moved.text
    answer = moved.json()
    assert (answer["holder_id"], answer["first_responder_id"], answer["receiver_away"]) == (
        "S21",
        "S01",
        False,
    )
    after = case_of(web_session, case_no)
    assert (after["staff_id"], after["staff_name"], after["holder_id"]) == ("S01", "李四", "S21")
    [event] = outbox_events(intake, "case_transferred")
    validate_event(event)
    assert event["subject"] == case_no
    assert {
        key: event["data"][key]
        for key in ("from_staff_id", "to_staff_id", "to_window", "first_responder_id", "agreed_time")
    } == {
        "from_staff_id": "S01",
        "to_staff_id": "S21",
        "to_window": "W07",
        "first_responder_id": "S01",
        "agreed_time": None,
    }


def test_r_first_2_a_transfer_to_an_away_receiver_needs_an_agreed_time_and_suggests_the_post_backup(
    intake, web_session
):
    natres_post(web_session)
    assert take_leave(web_session, "S21", "2026-11-23", "2026-11-24", S21).status_code == 201
    case_no = accept(web_session)
    before = count(intake, case_history), count(intake, OUTBOX)
    refused = transfer(web_session, case_no)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    assert list(refused.json()["error"]["details"]) == ["agreed_time"]
    assert (count(intake, case_history), count(intake, OUTBOX)) == before
    assert case_of(web_session, case_no)["holder_id"] == "S01"
    agreed = transfer(web_session, case_no, agreed_time="2026-11-25T09:30:00+08:00")
    assert agreed.status_code == 200, agreed.text
    answer = agreed.json()
    assert answer["receiver_away"] is True and answer["agreed_time"] == "2026-11-25T09:30:00+08:00"
    assert (answer["suggested"]["staff_id"], answer["suggested"]["window"]) == ("S22", "W07")
    line = web_session.get(f"/cases/{case_no}/history", headers=S01).json()["lines"][-1]
    assert (line["action"], line["actor_id"], line["details"]["receiver_away"]) == (
        "transferred",
        "S01",
        True,
    )
    [event] = outbox_events(intake, "case_transferred")
    validate_event(event)
    assert event["data"]["receiver_away"] is True


def test_r_first_2_an_away_receiver_gets_a_time_after_their_leave_and_the_applicant_is_owed_the_notice(
    intake, web_session
):
    natres_post(web_session)
    assert take_leave(web_session, "S21", "2026-11-23", "2026-11-24", S21).status_code == 201
    case_no = accept(web_session)
    still_away = transfer(web_session, case_no, agreed_time="2026-11-24T09:30:00+08:00")
    assert still_away.status_code == 422 and list(still_away.json()["error"]["details"]) == ["agreed_time"]
    assert "不在岗" in still_away.json()["error"]["details"]["agreed_time"][0]
    assert outbox_events(intake, "case_transferred") == []
    # 01:30 UTC on the 25th is 09:30 in the hall: the day is the hall's, after the leave
    assert transfer(web_session, case_no, agreed_time="2026-11-25T01:30:00Z").status_code == 200
    [event] = outbox_events(intake, "case_transferred")
    validate_event(event)
    data = event["data"]
    assert (data["to_staff_name"], data["to_window"], data["agreed_time"]) == (
        "陈刚",
        "W07",
        "2026-11-25T01:30:00+00:00",
    )
    assert data["notices_due"] == ["transfer"] and data["applicant_ref"] == f"APP-{case_no}"
    assert data["first_responder_name"] == "李四"


def test_r_first_2_a_transfer_without_an_agreed_time_owes_the_applicant_no_notice(intake, web_session):
    assert transfer(web_session, accept(web_session)).status_code == 200
    [event] = outbox_events(intake, "case_transferred")
    validate_event(event)
    assert event["data"]["notices_due"] == [] and event["data"]["to_staff_name"] == "陈刚"


def test_r_first_2_a_transfer_listing_every_problem_changes_nothing(intake, web_session):
    case_no = accept(web_session)
    body = {"to": {"staff_id": "S21"}, "note": "", "agreed_time": "tomorrow"}
    refused = web_session.post(f"/cases/{case_no}/transfer", data=json.dumps(body), headers=S01)
    assert refused.status_code == 422
    assert set(refused.json()["error"]["details"]) == {"to", "note", "agreed_time"}
    to_self = transfer(web_session, case_no, to={"staff_id": "S01", "name": "李四", "window": "W03"})
    assert to_self.status_code == 422 and "to" in to_self.json()["error"]["details"]
    assert history_actions(intake, case_no) == ["registered", "accepted"]
    assert outbox_events(intake, "case_transferred") == []


def test_r_first_2_a_closed_case_cannot_be_transferred(intake, web_session):
    case_no = accept(web_session)
    done = web_session.post(
        f"/cases/{case_no}/completion", data=json.dumps({"outcome": "approved"}), headers=S01
    )
    assert done.status_code == 200
    refused = transfer(web_session, case_no)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "transition_not_allowed"
    assert case_of(web_session, case_no)["holder_id"] == "S01"
    missing = transfer(web_session, "HALL-20261123-XXXXXXXX")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_r_first_2_only_windows_of_the_department_the_first_responder_or_the_holder_transfer(
    intake, web_session
):
    case_no = accept(web_session)
    assert transfer(web_session, case_no, headers=bearer("dev-window-civil")).status_code == 403
    assert transfer(web_session, case_no, headers=SUPERVISION).status_code == 403
    assert transfer(web_session, case_no, headers={}).status_code == 401
    assert history_actions(intake, case_no) == ["registered", "accepted"]
    assert transfer(web_session, case_no, headers=HEAD).status_code == 200  # the department's head
    onwards = transfer(
        web_session, case_no, headers=S21, to={"staff_id": "S11", "name": "赵敏", "window": "W05"}
    )
    assert onwards.status_code == 200 and onwards.json()["first_responder_id"] == "S01"


def test_r_first_3_the_first_responder_supervises_transferred_cases_until_they_are_closed(
    intake, web_session
):
    kept, passed_on = accept(web_session), accept(web_session)
    transfer(web_session, passed_on)
    listed = web_session.get("/staff/S01/supervising", headers=S01).json()["cases"]
    assert {(c["case_no"], c["holder_id"], c["transferred"]) for c in listed} == {
        (kept, "S01", False),
        (passed_on, "S21", True),
    }
    assert all(c["status"] == "in_progress" and c["deadline"] == "2026-11-30" for c in listed)
    intake.clock.return_value = hall_time(25)
    web_session.post(f"/cases/{passed_on}/completion", data=json.dumps({"outcome": "approved"}), headers=S01)
    still = web_session.get("/staff/S01/supervising", headers=SUPERVISION).json()["cases"]
    assert [c["case_no"] for c in still] == [kept]


def test_r_first_3_only_the_person_their_department_or_the_overseers_see_what_they_supervise(
    intake, web_session
):
    put_post(web_session)
    accept(web_session)
    assert web_session.get("/staff/S01/supervising", headers=bearer("dev-window-civil")).status_code == 403
    assert len(web_session.get("/staff/S01/supervising", headers=HEAD).json()["cases"]) == 1
    assert len(web_session.get("/staff/S01/supervising", headers=OPERATOR).json()["cases"]) == 1


def test_r_first_3_the_history_records_who_handled_what(intake, web_session):
    put_post(web_session)
    case_no = accept(web_session)
    transfer(web_session, case_no, headers=HEAD)
    lines = web_session.get(f"/cases/{case_no}/history", headers=SUPERVISION).json()["lines"]
    assert [(line["action"], line["actor_id"]) for line in lines] == [
        ("registered", "S01"),
        ("accepted", "S01"),
        ("transferred", "S09"),
    ]
    assert lines[0]["actor_name"] == "李四"
    assert (lines[-1]["details"]["from"], lines[-1]["details"]["to"]["staff_id"]) == ("S01", "S21")
    assert web_session.get(f"/cases/{case_no}/history", headers=bearer("dev-window-civil")).status_code == 403
    assert web_session.get("/cases/HALL-20261123-XXXXXXXX/history", headers=OPERATOR).status_code == 404
