"""R-FIRST-1 over HTTP: the first responder is the signed-in clerk; a window head may record a case
for a colleague of the department (the history says who for whom); nobody else names anyone."""

import json

import pytest
from intake_requests import bearer, case_body
from intake_roster_calls import HEAD, S01, SUPERVISION, count, outbox_events, put_post

from intake.orm import cases

LEAD = bearer("dev-lead-market")  # S05 刘敏, lead window of market_regulation
FAKE = {"staff_id": "S99", "name": "假人", "phone": "0571-9999", "window": "W99"}


@pytest.fixture
def intake(intake_http):
    """The database of a running intake; ``intake.clock`` is its injected "now"."""
    intake_http.engine.clock = intake_http.clock
    return intake_http.engine


def post_case(web, headers, **first_responder):
    body = case_body("SC-010", first_responder=first_responder)
    return web.post("/cases", data=json.dumps(body), headers=headers)


def staff_of(web, case_no):
    case = web.get(f"/cases/{case_no}", headers=SUPERVISION).json()
    return case["staff_id"], case["staff_name"], case["window"]


def test_r_first_1_the_signed_in_clerk_is_the_first_responder_the_body_adding_only_the_phone(
    intake, web_session
):
    accepted = post_case(web_session, S01, phone="0571-1234")
    assert accepted.status_code == 201, accepted.text
    assert staff_of(web_session, accepted.json()["case_no"]) == ("S01", "李四", "W03")
    [registered] = outbox_events(intake, "case_registered")
    assert registered["data"]["first_responder"] == {
        "staff_id": "S01",
        "name": "李四",
        "phone": "0571-1234",
        "window": "W03",
    }


@pytest.mark.parametrize(
    "named",
    [FAKE, {"staff_id": "S09"}, {"name": "假人"}, {"window": "W99"}],
    ids=["someone-made-up", "a-colleague", "another-name", "another-window"],
)
def test_r_first_1_a_clerk_registering_a_case_under_another_name_is_refused(intake, web_session, named):
    refused = post_case(web_session, S01, **{"phone": "0571-1234", **named})
    assert refused.status_code == 403, refused.text
    assert (
        refused.json()["error"]["code"] == "forbidden" and "首问责任人" in refused.json()["error"]["message"]
    )
    assert count(intake, cases) == 0


def test_r_first_1_a_lead_window_may_not_record_a_case_for_a_colleague(intake, web_session):
    put_post(web_session)
    refused = post_case(web_session, LEAD, staff_id="S02")
    assert refused.status_code == 403 and count(intake, cases) == 0


def test_r_first_1_a_window_head_records_a_case_for_a_colleague_and_the_history_says_who_for_whom(
    intake, web_session
):
    put_post(web_session)  # S02 赵六 is on the roster of market_regulation, with a work phone
    accepted = post_case(web_session, HEAD, staff_id="S02")
    assert accepted.status_code == 201, accepted.text
    case_no = accepted.json()["case_no"]
    assert staff_of(web_session, case_no) == ("S02", "赵六", "W03")
    lines = web_session.get(f"/cases/{case_no}/history", headers=SUPERVISION).json()["lines"]
    registered = next(line for line in lines if line["action"] == "registered")
    assert (registered["actor_id"], registered["details"]["first_responder_id"]) == ("S09", "S02")
    [event] = outbox_events(intake, "case_registered")
    assert event["data"]["first_responder"]["phone"] == "0571-1235"  # the roster's


def test_r_first_1_a_window_head_may_not_record_for_someone_of_another_department(intake, web_session):
    refused = post_case(web_session, HEAD, staff_id="S11")  # 赵敏, civil affairs
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["details"] == {"first_responder.staff_id": "S11"}
    unknown = post_case(web_session, HEAD, staff_id="S99")
    assert unknown.status_code == 422 and "first_responder.staff_id" in unknown.json()["error"]["details"]
    assert count(intake, cases) == 0


def test_r_first_1_without_a_work_phone_in_the_body_or_on_the_roster_the_acceptance_is_a_422(
    intake, web_session
):
    refused = post_case(web_session, S01)
    assert refused.status_code == 422, refused.text
    assert set(refused.json()["error"]["details"]) == {"first_responder.phone"}
    put_post(web_session)  # now S01 is on the roster, with the phone the receipt prints
    assert post_case(web_session, S01).status_code == 201
