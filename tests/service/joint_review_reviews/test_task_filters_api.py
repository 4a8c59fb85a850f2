"""A department's task list refuses a filter it cannot apply (422 ``validation_failed`` in Chinese,
the code the other services give a bad filter) instead of answering an empty list (R-JOINT-2)."""

import pytest
from intake_requests import bearer

NATRES = bearer("dev-reviewer-natres")
CASE = {
    "case_no": "HALL-20260105-FILT0001",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources"],
}


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(CASE)
    return joint_review_http


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "opened"}, "status"),
        ({"status": "OPEN"}, "status"),
        ({"status": ""}, "status"),
        ({"state": "open"}, "state"),
    ],
)
def test_r_joint_2_a_filter_no_task_can_match_is_a_422_in_chinese_not_an_empty_list(
    review, web_session, query, field
):
    response = web_session.get("/departments/natural_resources/tasks", params=query, headers=NATRES)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and "筛选条件有误" in error["message"]
    assert list(error["details"]) == [field]


def test_r_joint_2_the_two_statuses_still_filter_and_no_filter_lists_every_task(review, web_session):
    def listed(**query):
        response = web_session.get("/departments/natural_resources/tasks", params=query, headers=NATRES)
        assert response.status_code == 200
        return [task["status"] for task in response.json()["tasks"]]

    assert listed(status="open") == ["open"] == listed()
    assert listed(status="answered") == []
