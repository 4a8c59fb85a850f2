"""Issue 12 point 10 in joint_review (R-JOINT-5): a meeting at the ends of the calendar (0001-01-01,
9999-12-31: a 500 once) and an inspection or a reviewer's leave outside 2000..2099 are 422s."""

import json

import pytest
from intake_requests import bearer

from hall_contracts.samples import CASE_NO

LEAD = bearer("dev-window-agriculture")
OPERATOR = bearer("dev-operator")
DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": DEPARTMENTS,
}
REVIEW = f"/reviews/JR-{CASE_NO}"


def refused_fields(response) -> list[str]:
    assert response.status_code == 422, response.text
    assert "2000-01-01" in str(response.json()["error"]["details"])
    return list(response.json()["error"]["details"])


@pytest.mark.parametrize(
    "at",
    ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"],
)
def test_r_joint_5_a_meeting_at_the_ends_of_the_calendar_is_a_422(joint_review_http, web_session, at):
    joint_review_http.open(CASE)
    body = {"at": at, "place": "三楼联审室", "departments": DEPARTMENTS}
    answer = web_session.post(f"{REVIEW}/meetings", data=json.dumps(body), headers=LEAD)
    assert refused_fields(answer) == ["at"]


def test_r_joint_5_an_inspection_and_a_reviewers_leave_outside_the_range_are_422s(
    joint_review_http, web_session
):
    joint_review_http.open(CASE)
    body = {
        "site": "村东宅基地",
        "departments": DEPARTMENTS,
        "starts_on": "0001-01-01",
        "expected_working_days": 2,
    }
    inspection = web_session.post(f"{REVIEW}/inspections", data=json.dumps(body), headers=LEAD)
    assert refused_fields(inspection) == ["starts_on"]
    leave = {"starts_on": "0001-01-01", "ends_on": "9999-12-31", "reason": "年休假"}
    answer = web_session.post("/reviewers/R20/leave", data=json.dumps(leave), headers=OPERATOR)
    assert sorted(refused_fields(answer)) == ["ends_on", "starts_on"]
