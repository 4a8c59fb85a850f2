"""Intake's internal path: notify reads an applicant's contact with a ``service`` token only."""

import json

from intake_requests import bearer, case_body, materials, window_of
from sqlalchemy import select

from intake.orm import metadata
from reliable_events import add_core_tables

SERVICE = bearer("dev-service-notify")
OUTBOX, _ = add_core_tables(metadata)


def accept(web_session, **changes) -> dict:
    response = web_session.post(
        "/cases", data=json.dumps(case_body("SC-010", **changes)), headers=window_of("SC-010")
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_notify_reads_the_contact_behind_an_applicant_ref_with_a_service_token(intake_http, web_session):
    case = accept(web_session, applicant_email="zhangsan@example.cn")
    response = web_session.get(f"/internal/applicants/APP-{case['case_no']}/contact", headers=SERVICE)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "applicant_ref": f"APP-{case['case_no']}",
        "name": "张三",
        "phone": "13800000000",
        "email": "zhangsan@example.cn",
        "channel": "window",
    }
    by_case = web_session.get(f"/internal/cases/{case['case_no']}/contact", headers=SERVICE)
    assert by_case.json() == response.json()


def test_the_email_is_optional_and_a_bad_one_is_refused_before_anything_is_written(intake_http, web_session):
    case = accept(web_session)
    contact = web_session.get(f"/internal/applicants/APP-{case['case_no']}/contact", headers=SERVICE).json()
    assert contact["email"] is None
    body = case_body("SC-010", applicant_email="not-an-address")
    refused = web_session.post("/cases", data=json.dumps(body), headers=window_of("SC-010"))
    assert refused.status_code == 422 and "applicant_email" in refused.text


def test_no_one_but_a_service_reads_a_contact(intake_http, web_session):
    case = accept(web_session)
    path = f"/internal/applicants/APP-{case['case_no']}/contact"
    assert web_session.get(path).status_code == 401
    assert web_session.get(path, headers=window_of("SC-010")).status_code == 403
    assert web_session.get(path, headers=bearer("dev-complaints")).status_code == 403


def test_an_unknown_reference_is_not_found(intake_http, web_session):
    for path in (
        "/internal/applicants/APP-HALL-20261123-NOSUCH00/contact",
        "/internal/applicants/HALL-20261123-NOSUCH00/contact",
        "/internal/cases/HALL-20261123-NOSUCH00/contact",
    ):
        response = web_session.get(path, headers=SERVICE)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def outbox_bodies(engine) -> list[str]:
    with engine.connect() as connection:
        return [str(body) for body in connection.execute(select(OUTBOX.c.body)).scalars()]


def test_notify_reads_the_receipts_code_with_a_service_token_and_no_event_carries_it(
    intake_http, web_session
):
    item = materials("SC-010")
    cases = [
        accept(web_session),  # promised: receipt and acceptance
        accept(web_session, presented=item[1:], to_follow=item[:1]),  # supplement: receipt and notice
    ]
    for case in cases:
        path = f"/internal/cases/{case['case_no']}/receipt-code"
        response = web_session.get(path, headers=SERVICE)
        assert response.status_code == 200, response.text
        assert response.json() == {"case_no": case["case_no"], "verification_code": case["verification_code"]}
    bodies = outbox_bodies(intake_http.engine)
    assert {json.loads(body)["type"] for body in bodies} >= {
        "hall.intake.case_registered",
        "hall.intake.case_accepted",
        "hall.intake.supplement_requested",
    }
    assert not [case["case_no"] for case in cases for body in bodies if case["verification_code"] in body]


def test_no_one_but_a_service_reads_a_receipts_code(intake_http, web_session):
    path = f"/internal/cases/{accept(web_session)['case_no']}/receipt-code"
    assert web_session.get(path).status_code == 401
    for token in (
        "dev-window-market",
        "dev-head-market",
        "dev-operator",
        "dev-supervision",
        "dev-complaints",
    ):
        assert web_session.get(path, headers=bearer(token)).status_code == 403, token
    unknown = web_session.get("/internal/cases/HALL-20261123-NOSUCH00/receipt-code", headers=SERVICE)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    assert "没有" in unknown.json()["error"]["message"]  # a message in Chinese for people
