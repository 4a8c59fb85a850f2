"""A department's tasks over joint_review's HTTP API, real container and SQLite database: each
task carries its case's materials (R-JOINT-2); urgent cases come first, then by due date, then by
task id (R-KIND-7); ``?status=`` still filters."""

import json
import uuid

import pytest
from intake_requests import bearer
from sqlalchemy import select

from joint_review.orm import metadata
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
NATRES = bearer("dev-reviewer-natres")
MATERIALS = [
    {"name": "农村宅基地和建房（规划许可）申请表", "kind": "main", "presented": True},
    {"name": "宅基地使用承诺书", "kind": "main", "presented": True},
    {"name": "户口簿", "kind": "main", "presented": True},
    {"name": "宅基地四至图", "kind": "attachment", "presented": True},
    {"name": "建房设计图", "kind": "attachment", "presented": True},
    {"name": "村民小组会议记录", "kind": "attachment", "presented": True},
]
NAMES = [m["name"] for m in MATERIALS]


def case(case_no, **facts):
    return {
        "case_no": case_no,
        "item_code": "NY-001",
        "item_name": "农村宅基地和建房（规划许可）审批",
        "item_kind": "joint",
        "lead_department": "agriculture_rural",
        "departments": ["agriculture_rural", "natural_resources"],
        "urgent": False,
        **facts,
    }


@pytest.fixture
def reviews(joint_review_http):
    joint_review_http.open(case("HALL-20260105-AAAA0001"), limit_days=5)
    joint_review_http.open(case("HALL-20260105-AAAA0002"), limit_days=2)
    joint_review_http.open(case("HALL-20260105-AAAA0003", urgent=True, materials=MATERIALS), limit_days=8)
    return joint_review_http


def task_messages(engine):
    with engine.connect() as connection:
        rows = connection.execute(select(OUTBOX.c.exchange, OUTBOX.c.body).order_by(OUTBOX.c.id)).all()
    return [json.loads(body)["data"] for exchange, body in rows if exchange == "joint_review.tasks"]


def test_r_joint_2_each_round_1_task_of_a_case_with_six_materials_carries_all_six(reviews, web_session):
    sent = [m for m in task_messages(reviews.engine) if m["case_no"] == "HALL-20260105-AAAA0003"]
    assert [m["department"] for m in sent] == ["agriculture_rural", "natural_resources"]
    assert all(m["materials"] == NAMES and m["material_details"] == MATERIALS for m in sent)
    listed = web_session.get("/departments/natural_resources/tasks", headers=NATRES).json()["tasks"]
    assert listed[0]["materials"] == NAMES


def test_r_kind_7_a_departments_tasks_list_urgent_cases_first_then_by_due_date(reviews, web_session):
    listed = web_session.get("/departments/natural_resources/tasks", headers=NATRES).json()["tasks"]
    assert [(t["review_id"], t["urgent"]) for t in listed] == [
        ("JR-HALL-20260105-AAAA0003", True),
        ("JR-HALL-20260105-AAAA0002", False),
        ("JR-HALL-20260105-AAAA0001", False),
    ]
    due = [t["due_date"] for t in listed[1:]]
    assert due == sorted(due)


def test_r_kind_7_status_still_filters_the_ordered_tasks(reviews, web_session):
    answered = web_session.post(
        "/tasks/JR-HALL-20260105-AAAA0003-natural_resources-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
        headers=NATRES,
    )
    assert answered.status_code == 200
    still_open = web_session.get("/departments/natural_resources/tasks?status=open", headers=NATRES).json()
    assert [t["review_id"] for t in still_open["tasks"]] == [
        "JR-HALL-20260105-AAAA0002",
        "JR-HALL-20260105-AAAA0001",
    ]
    done = web_session.get("/departments/natural_resources/tasks?status=answered", headers=NATRES).json()
    assert [(t["review_id"], t["urgent"]) for t in done["tasks"]] == [("JR-HALL-20260105-AAAA0003", True)]
