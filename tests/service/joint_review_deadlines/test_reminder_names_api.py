"""Staff-facing notices name people, not ids (R-JOINT-6, R-JOINT-2): the task, urging and overdue
events carry the assigned reviewer's name from the department's roster, and the notices render it.
Real container and database, no broker: events wait in the outbox."""

import json
from datetime import UTC, datetime

from intake_requests import bearer
from sqlalchemy import select

from hall_contracts.registry import validate_event
from joint_review.orm import metadata
from notify.notices.rendering import render
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
OPERATOR = bearer("dev-operator")
CASE = {
    "case_no": "HALL-20261123-3JD8W2QR",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
WEDNESDAY_10AM = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
THURSDAY_5_30PM = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def published(engine, routing_key):
    with engine.connect() as connection:
        rows = connection.execute(select(OUTBOX.c.exchange, OUTBOX.c.routing_key, OUTBOX.c.body)).all()
    return [
        json.loads(body) for exchange, key, body in rows if key == routing_key and exchange.endswith("events")
    ]


def natres_of(envelopes):
    [found] = [e for e in envelopes if e["data"]["department"] == "natural_resources"]
    validate_event(found)
    return found["data"]


def test_r_joint_6_the_reminder_and_the_overdue_report_name_the_reviewer_with_their_id(
    joint_review_http, web_session
):
    body = {
        "primary": {"reviewer_id": "R21", "name": "陈审"},
        "backup": {"reviewer_id": "R22", "name": "李审"},
    }
    answer = web_session.put(
        "/departments/natural_resources/reviewers", data=json.dumps(body), headers=OPERATOR
    )
    assert answer.status_code in (200, 201), answer.text
    joint_review_http.open(CASE)
    assigned = natres_of(published(joint_review_http.engine, "review_task_assigned"))
    assert assigned["assignee"]["name"] == "陈审"
    assert "审查人：陈审（R21）" in render("task_assigned", assigned).text
    for now in (WEDNESDAY_10AM, THURSDAY_5_30PM):
        joint_review_http.clock.return_value = now
        assert web_session.post("/reviews/sweep", headers=OPERATOR).status_code == 200
    urged = natres_of(published(joint_review_http.engine, "task_due_soon"))
    overdue = natres_of(published(joint_review_http.engine, "task_overdue"))
    assert urged["assignee"] == {"reviewer_id": "R21", "name": "陈审"} == overdue["assignee"]
    assert "审查人：陈审（R21）" in render("staff_reminder", urged).text
    assert "审查人：陈审（R21）" in render("overdue_report", overdue).text
    # the department without a roster: its pool, named as such
    pool = [e["data"] for e in published(joint_review_http.engine, "task_due_soon")]
    housing = next(data for data in pool if data["department"] == "housing_construction")
    assert housing["assignee"] is None and "本部门审查岗" in render("staff_reminder", housing).text
