"""Intake's internal path: notify reads an applicant's contact with a ``service`` token only."""

import json

from intake_requests import bearer, case_body, window_of

SERVICE = bearer("dev-service-notify")


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
