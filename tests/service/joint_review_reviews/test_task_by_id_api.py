"""``GET /tasks/{task_id}``: one task, read by its own department's reviewer only (R-JOINT-2); to
anyone else it does not exist."""

import pytest
from intake_requests import bearer

NATRES = bearer("dev-reviewer-natres")
TASK = "JR-HALL-20260105-TASK0001-natural_resources-1"


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(
        {
            "case_no": "HALL-20260105-TASK0001",
            "item_code": "NY-001",
            "item_name": "农村宅基地和建房（规划许可）审批",
            "item_kind": "joint",
            "lead_department": "agriculture_rural",
            "departments": ["agriculture_rural", "natural_resources"],
            "department_limits": {"agriculture_rural": 5, "natural_resources": 6},
            "urgent": True,
        }
    )
    return joint_review_http


def test_r_joint_2_a_reviewer_reads_a_task_of_their_department_as_the_inbox_lists_it(review, web_session):
    response = web_session.get(f"/tasks/{TASK}", headers=NATRES)
    assert response.status_code == 200, response.text
    task = response.json()
    listed = web_session.get("/departments/natural_resources/tasks", headers=NATRES).json()["tasks"]
    assert task == next(found for found in listed if found["task_id"] == TASK)
    assert (task["case_no"], task["urgent"], task["status"]) == ("HALL-20260105-TASK0001", True, "open")


@pytest.mark.parametrize(
    ("token", "status"),
    [
        ("dev-reviewer-agriculture", 404),  # another department's reviewer: no such task for them
        ("dev-reviewer-housing", 404),  # a department not in the review at all
        ("dev-window-agriculture", 403),  # not a reviewer
        ("dev-operator", 403),
    ],
)
def test_r_joint_2_another_departments_task_is_not_even_confirmed_to_exist(
    review, web_session, token, status
):
    response = web_session.get(f"/tasks/{TASK}", headers=bearer(token))
    assert response.status_code == status
    assert "natural_resources" not in response.text.replace(TASK, "")


def test_an_unknown_task_is_a_404_with_a_chinese_message(review, web_session):
    response = web_session.get("/tasks/JR-NOPE-natural_resources-1", headers=NATRES)
    assert response.status_code == 404 and response.json()["error"]["message"].startswith(
        "本部门没有审查任务"
    )
