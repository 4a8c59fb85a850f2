"""Intake's case API in a real nameko container on a real database (no broker needed: events
wait in the outbox). "Now" is injected: the clock dependency is replaced, nothing sleeps."""

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from intake_requests import bearer, case_body, materials, window_of
from sqlalchemy import func, select

from hall_contracts.registry import validate_event
from intake.orm import case_history, cases
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(cases.metadata)


@pytest.fixture
def intake(intake_http):
    """The database of a running intake; ``intake.clock`` is its injected "now" (see conftest)."""
    intake_http.engine.clock = intake_http.clock
    return intake_http.engine


def count(engine, table):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def outbox_events(engine):
    with engine.connect() as connection:
        return [
            json.loads(body)
            for body in connection.execute(select(OUTBOX.c.body).order_by(OUTBOX.c.id)).scalars()
        ]


def accept(web_session, item_code="SC-010", headers=None, **changes):
    return web_session.post(
        "/cases", data=json.dumps(case_body(item_code, **changes)), headers=headers or window_of(item_code)
    )


def test_r_kind_2_a_complete_promised_case_is_accepted_with_its_deadline_and_contract_valid_events(
    intake, web_session
):
    response = accept(web_session)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert (answer["kind"], answer["status"]) == ("promised", "in_progress")
    assert answer["deadline"] == "2026-11-30" and answer["deadline_provisional"] is False
    assert answer["closes_at"].startswith("2026-11-30T17:00:00+08:00")
    assert answer["notices_due"] == ["receipt", "acceptance"] and len(answer["verification_code"]) == 8
    published = outbox_events(intake)
    assert [event["type"] for event in published] == [
        "hall.intake.case_registered",
        "hall.intake.case_accepted",
    ]
    for event in published:
        validate_event(event)
        assert event["subject"] == answer["case_no"]
        assert "张三" not in json.dumps(event, ensure_ascii=False) and "13800000000" not in json.dumps(event)


def test_r_kind_1_an_immediate_case_is_due_by_closing_time_the_same_day(intake, web_session):
    answer = accept(web_session, "MZ-001").json()
    assert (answer["kind"], answer["deadline"], answer["notices_due"]) == (
        "immediate",
        "2026-11-23",
        ["receipt"],
    )


def test_r_kind_3_and_r_clock_3_a_supplement_case_waits_and_the_clock_starts_when_the_last_item_arrives(
    intake, web_session
):
    answer = accept(web_session, presented=materials("SC-010", "main")).json()
    assert (answer["kind"], answer["status"], answer["deadline"]) == (
        "supplement",
        "awaiting_supplement",
        None,
    )
    missing = answer["missing_materials"]
    assert set(missing) == set(materials("SC-010", "attachment"))
    assert answer["notices_due"] == ["receipt", "supplement"]
    case_no, headers = answer["case_no"], window_of("SC-010")

    intake.clock.return_value = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday
    first = web_session.post(
        f"/cases/{case_no}/supplements", data=json.dumps({"materials": missing[:1]}), headers=headers
    ).json()
    assert (first["status"], first["missing_materials"], first["deadline"]) == (
        "awaiting_supplement",
        missing[1:],
        None,
    )
    intake.clock.return_value = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # Friday: the last one
    last = web_session.post(
        f"/cases/{case_no}/supplements", data=json.dumps({"materials": missing[1:]}), headers=headers
    ).json()
    assert (last["status"], last["deadline"]) == ("in_progress", "2026-12-04")  # 5 working days after Fri


def test_r_kind_4_a_return_without_a_written_reason_is_refused_and_changes_nothing(intake, web_session):
    response = accept(web_session, decision="return", return_reason="")
    assert response.status_code == 422 and "return_reason" in response.json()["error"]["details"]
    assert count(intake, cases) == 0 and count(intake, OUTBOX) == 0
    returned = accept(web_session, decision="return", return_reason="经营场所位于禁止经营区域").json()
    assert (returned["kind"], returned["status"], returned["notices_due"]) == (
        "returned",
        "returned",
        ["return"],
    )
    assert returned["return_reason"] == "经营场所位于禁止经营区域"


def test_r_kind_4_a_main_material_missing_altogether_returns_the_case_naming_it(intake, web_session):
    absent = materials("SC-010", "main")[0]
    presented = [name for name in materials("SC-010") if name != absent]
    answer = accept(web_session, presented=presented).json()
    assert answer["kind"] == "returned" and absent in answer["return_reason"]


def test_r_kind_5_a_joint_case_is_accepted_by_the_lead_window_with_the_joint_case_notice(intake, web_session):
    answer = accept(web_session, "NY-001", headers=bearer("dev-window-agriculture")).json()
    assert (answer["kind"], answer["status"]) == ("joint", "in_joint_review")
    assert answer["notices_due"] == ["receipt", "acceptance", "joint_case"]
    accepted = outbox_events(intake)[-1]
    assert accepted["data"]["departments"] == [
        "agriculture_rural",
        "natural_resources",
        "housing_construction",
    ]


def test_r_kind_6_an_escalated_case_promises_a_forwarding_deadline_and_follows_the_authority(
    intake, web_session
):
    headers = window_of("MZ-003")
    answer = accept(web_session, "MZ-003").json()
    assert (answer["kind"], answer["status"], answer["forwarding_deadline"]) == (
        "escalated",
        "forwarding",
        "2026-11-30",
    )  # 5 working days to forward
    case_no = answer["case_no"]
    forwarded = web_session.post(
        f"/cases/{case_no}/forwarding", data=json.dumps({"authority": "市民政局"}), headers=headers
    ).json()
    assert forwarded["status"] == "awaiting_authority"
    done = web_session.post(
        f"/cases/{case_no}/authority-answer",
        headers=headers,
        data=json.dumps({"authority": "市民政局", "reference": "市民批〔2026〕8号", "outcome": "approved"}),
    ).json()
    assert (done["status"], done["outcome"], done["on_time"]) == ("completed", "approved", True)


def test_r_kind_7_an_urgent_case_gets_the_shorter_limit_it_asks_for(intake, web_session):
    answer = accept(web_session, urgent=True, urgent_days=2).json()
    assert answer["deadline"] == "2026-11-25"
    refused = accept(web_session, urgent=False, urgent_days=2)
    assert refused.status_code == 422 and "urgent_days" in refused.json()["error"]["details"]


def test_completing_after_the_deadline_is_recorded_as_late_and_a_refusal_needs_a_reason(intake, web_session):
    case_no = accept(web_session).json()["case_no"]
    headers = window_of("SC-010")
    intake.clock.return_value = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # deadline was Nov 30
    no_reason = web_session.post(
        f"/cases/{case_no}/completion", data=json.dumps({"outcome": "refused"}), headers=headers
    )
    assert no_reason.status_code == 422
    done = web_session.post(
        f"/cases/{case_no}/completion",
        headers=headers,
        data=json.dumps({"outcome": "refused", "reason": "经营场所不符合消防要求"}),
    ).json()
    assert (done["status"], done["outcome"], done["on_time"]) == ("completed", "refused", False)
    again = web_session.post(
        f"/cases/{case_no}/completion", data=json.dumps({"outcome": "approved"}), headers=headers
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"


def test_completing_a_returned_case_is_refused_and_changes_nothing(intake, web_session):
    case_no = accept(web_session, decision="return", return_reason="经营范围属于禁止类项目").json()["case_no"]
    before = count(intake, case_history), count(intake, OUTBOX)
    response = web_session.post(
        f"/cases/{case_no}/completion", data=json.dumps({"outcome": "approved"}), headers=window_of("SC-010")
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "transition_not_allowed"
    assert (count(intake, case_history), count(intake, OUTBOX)) == before


def test_window_staff_act_only_for_their_own_department_and_anonymous_callers_are_refused(
    intake, web_session
):
    anonymous = web_session.post("/cases", data=json.dumps(case_body()))
    other = accept(web_session, headers=bearer("dev-window-civil"))
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthenticated"
    assert other.status_code == 403 and other.json()["error"]["code"] == "forbidden"
    assert count(intake, cases) == 0 and count(intake, OUTBOX) == 0


def test_bad_input_gets_a_422_listing_every_problem_and_changes_nothing(intake, web_session):
    response = web_session.post(
        "/cases",
        headers=window_of("SC-010"),
        data=json.dumps({"item_code": "SC-010", "applicant_phone": "call me"}),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    # the first responder is the signed-in clerk (R-FIRST-1): no longer a field to leave out
    assert set(error["details"]) == {"applicant_name", "applicant_phone"}
    # a field's problem in Chinese, marshmallow's English beside it (web_api.field_messages)
    assert error["details"]["applicant_name"] == ["此项必填 (Missing data for required field.)"]
    unknown = accept(web_session, presented=["户口本"], to_follow=["房产证"])
    assert set(unknown.json()["error"]["details"]) == {"presented", "to_follow"}
    assert count(intake, cases) == 0 and count(intake, OUTBOX) == 0


def test_an_item_missing_from_the_catalogue_gets_a_404_and_changes_nothing(intake, web_session):
    response = web_session.post(
        "/cases", data=json.dumps(dict(case_body(), item_code="NOPE-1")), headers=window_of("SC-010")
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_item"
    assert count(intake, cases) == 0 and count(intake, OUTBOX) == 0


def test_an_unknown_case_number_is_a_404_with_a_stable_code(intake, web_session):
    response = web_session.get("/cases/HALL-20260101-XXXXXXXX", headers=window_of("SC-010"))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_health_is_503_and_names_the_broker_when_the_broker_cannot_be_reached(intake, web_session):
    response = web_session.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["database"] == "ok"
    assert body["broker"].startswith("unreachable")


def test_r_kind_2_a_promised_case_is_never_given_a_limit_over_ten_working_days(
    intake, web_session, monkeypatch
):
    from intake.catalogue.repository import Catalogue
    from intake.service import IntakeService

    shipped = IntakeService.catalogue.get("SC-010")
    too_long = replace(shipped, legal_days=24, promised_days=12)  # built in code: load would refuse it
    monkeypatch.setattr(IntakeService, "catalogue", Catalogue({"SC-010": too_long}))
    response = accept(web_session)
    assert response.status_code == 422, response.text
    answer = response.json()["error"]
    assert answer["code"] == "validation_failed" and "R-KIND-2" in answer["details"]["item_code"][0]
    assert answer["message"].startswith("承诺件") and count(intake, cases) == 0
