"""Issue 12 point 10 for reviewers (R-JOINT-7): a leave starts at most 30 days back or a year ahead
and lasts a year at most; a leave from 2000 would move the reviewer's open tasks at once."""

import json

from intake_requests import bearer
from sqlalchemy import select

from joint_review.orm import reviewer_leaves, tasks

OPERATOR = bearer("dev-operator")
CASE_NO = "HALL-20261123-5KD8W2QR"
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
TASK = f"JR-{CASE_NO}-natural_resources-1"


def leave(web_session, starts_on, ends_on):
    body = {"starts_on": starts_on, "ends_on": ends_on, "reason": "年休假"}
    return web_session.post("/reviewers/R21/leave", data=json.dumps(body), headers=OPERATOR)


def assignee(engine) -> str:
    with engine.connect() as connection:
        return connection.execute(select(tasks.c.assignee_id).where(tasks.c.task_id == TASK)).scalar_one()


def test_r_joint_7_a_leave_far_from_today_is_refused_and_moves_no_task(joint_review_http, web_session):
    body = {
        "primary": {"reviewer_id": "R21", "name": "陈审"},
        "backup": {"reviewer_id": "R22", "name": "李审"},
    }
    assert (
        web_session.put(
            "/departments/natural_resources/reviewers", data=json.dumps(body), headers=OPERATOR
        ).status_code
        == 201
    )
    joint_review_http.open(CASE)  # today is Monday 2026-11-23
    periods = (
        ("2000-01-01", "2000-01-02", "starts_on"),
        ("2026-10-23", "2026-11-23", "starts_on"),
        ("2027-11-25", "2027-11-26", "starts_on"),
        ("2026-12-01", "2027-12-02", "ends_on"),
    )
    for first, last, field in periods:
        refused = leave(web_session, first, last)
        assert refused.status_code == 422, refused.text
        assert list(refused.json()["error"]["details"]) == [field]
    with joint_review_http.engine.connect() as connection:
        assert connection.execute(select(reviewer_leaves)).all() == []
    assert assignee(joint_review_http.engine) == "R21"
    recorded = leave(web_session, "2026-10-24", "2026-11-23")  # 30 days back: recorded late
    assert recorded.status_code == 201 and recorded.json()["moved_tasks"] == [TASK]
