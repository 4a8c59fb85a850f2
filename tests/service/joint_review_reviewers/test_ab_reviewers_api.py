"""A/B reviewers over joint_review's HTTP API (R-JOINT-7, R-AB-1): a department's task goes to its
primary (A), or to the backup (B) while A is on leave; leave is refused when the other one is away;
leave starting today hands the open tasks over. Real container and database, no broker."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from intake_requests import bearer
from sqlalchemy import func, select

from hall_contracts.registry import validate_event
from joint_review.orm import metadata, reviewer_leaves, tasks, timeline
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
OPERATOR, SUPERVISION = bearer("dev-operator"), bearer("dev-supervision")
NATRES = bearer("dev-reviewer-natres")  # subject R21
LEAD = bearer("dev-window-agriculture")
CHEN, LI, ZHANG = ("R21", "陈审"), ("R22", "李审"), ("R29", "张审")
CASE_NO = "HALL-20261123-3JD8W2QR"
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
TASK = f"JR-{CASE_NO}-natural_resources-1"


def person(who):
    return {"reviewer_id": who[0], "name": who[1]}


def set_reviewers(web_session, primary, backup, department="natural_resources", headers=OPERATOR):
    body = {"primary": person(primary), "backup": person(backup)}
    return web_session.put(f"/departments/{department}/reviewers", data=json.dumps(body), headers=headers)


def leave(web_session, reviewer_id, starts_on, ends_on, headers=OPERATOR, reason="年休假"):
    body = {"starts_on": starts_on, "ends_on": ends_on, "reason": reason}
    return web_session.post(f"/reviewers/{reviewer_id}/leave", data=json.dumps(body), headers=headers)


def outbox(engine, routing_key):
    with engine.connect() as connection:
        rows = connection.execute(select(OUTBOX.c.exchange, OUTBOX.c.routing_key, OUTBOX.c.body)).all()
    return [
        json.loads(body) for exchange, key, body in rows if key == routing_key and exchange.endswith("events")
    ]


def task_row(engine, task_id=TASK):
    with engine.connect() as connection:
        return connection.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().one()


def count(engine, table):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def assigned(engine, department):
    return [
        e["data"]["assignee"]
        for e in outbox(engine, "review_task_assigned")
        if e["data"]["department"] == department
    ]


def test_r_joint_7_a_new_task_goes_to_the_primary_and_to_the_backup_while_the_primary_is_on_leave(
    joint_review_http, web_session
):
    assert set_reviewers(web_session, CHEN, LI).status_code == 201
    joint_review_http.open(CASE)
    assert leave(web_session, "R21", "2026-11-24", "2026-11-25").status_code == 201
    joint_review_http.clock.return_value = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday: A is away
    joint_review_http.open({**CASE, "case_no": "HALL-20261124-7KQ2M9XA"})
    joint_review_http.clock.return_value = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # Thursday: A is back
    joint_review_http.open({**CASE, "case_no": "HALL-20261126-5MNV7H2B"})
    assert assigned(joint_review_http.engine, "natural_resources") == [
        {"reviewer_id": "R21", "name": "陈审", "role": "primary"},
        {"reviewer_id": "R22", "name": "李审", "role": "backup"},
        {"reviewer_id": "R21", "name": "陈审", "role": "primary"},
    ]
    assert assigned(joint_review_http.engine, "housing_construction") == [None] * 3  # no reviewers registered
    for event in outbox(joint_review_http.engine, "review_task_assigned"):
        validate_event(event)


def test_r_joint_7_leave_is_refused_while_the_other_reviewer_is_away_on_any_of_its_days(
    joint_review_http, web_session
):
    set_reviewers(web_session, CHEN, LI)
    assert leave(web_session, "R22", "2026-11-27", "2026-11-30").status_code == 201
    refused = leave(web_session, "R21", "2026-11-30", "2026-12-02", headers=NATRES)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "backup_unavailable"
    assert refused.json()["error"]["details"]["clashes"] == [
        {
            "department": "natural_resources",
            "reviewer_id": "R22",
            "name": "李审",
            "first": "2026-11-30",
            "last": "2026-11-30",
        }
    ]
    assert count(joint_review_http.engine, reviewer_leaves) == 1  # nothing recorded
    assert leave(web_session, "R21", "2026-12-01", "2026-12-02", headers=NATRES).status_code == 201


def test_r_joint_7_open_tasks_move_to_the_backup_when_the_primary_leave_starts_today(
    joint_review_http, web_session
):
    set_reviewers(web_session, CHEN, LI)
    set_reviewers(web_session, ("R31", "周审"), ("R32", "吴审"), "housing_construction")
    joint_review_http.open(CASE)
    answered = web_session.post(
        f"/tasks/JR-{CASE_NO}-housing_construction-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
        headers=bearer("dev-reviewer-housing"),
    )
    assert answered.status_code == 200
    assert leave(web_session, "R21", "2026-11-30", "2026-12-01").json()["moved_tasks"] == []  # not today
    assert task_row(joint_review_http.engine)["assignee_id"] == "R21"
    recorded = leave(web_session, "R21", "2026-11-23", "2026-11-23", headers=NATRES)
    assert recorded.status_code == 201 and recorded.json()["moved_tasks"] == [TASK]
    moved = task_row(joint_review_http.engine)
    assert (moved["assignee_id"], moved["assignee_role"]) == ("R22", "backup")
    assert leave(web_session, "R31", "2026-11-23", "2026-11-23").json()["moved_tasks"] == []  # answered stays
    [event] = outbox(joint_review_http.engine, "task_reassigned")
    validate_event(event)
    assert event["data"]["from"] == {"reviewer_id": "R21", "role": "primary"}
    assert event["data"]["to"] == {"reviewer_id": "R22", "role": "backup"}
    with joint_review_http.engine.connect() as connection:
        actions = connection.execute(select(timeline.c.action, timeline.c.actor)).all()
    assert ("task_reassigned", "R21") in actions


def test_r_joint_7_the_lead_window_sees_who_holds_each_task_and_who_answered(joint_review_http, web_session):
    set_reviewers(web_session, ZHANG, CHEN)  # R21 (the dev reviewer) is the backup
    leave(web_session, "R29", "2026-11-23", "2026-11-27")
    joint_review_http.open(CASE)
    answer = {"opinion_id": str(uuid.uuid4()), "verdict": "approve"}
    assert (
        web_session.post(f"/tasks/{TASK}/opinion", data=json.dumps(answer), headers=NATRES).status_code == 200
    )
    view = web_session.get(f"/reviews/JR-{CASE_NO}", headers=LEAD).json()
    natres = next(d for d in view["departments"] if d["department"] == "natural_resources")
    assert (natres["holder"], natres["holder_name"], natres["holder_role"]) == ("R21", "陈审", "backup")
    assert natres["answered_by"] == {"reviewer_id": "R21", "name": "陈审", "role": "backup"}
    housing = next(d for d in view["departments"] if d["department"] == "housing_construction")
    assert (housing["holder"], housing["holder_role"], housing["answered_by"]) == (None, None, None)


def test_r_ab_1_a_roster_of_one_person_on_a_bad_department_is_refused_with_every_problem_and_nothing_stored(
    joint_review_http, web_session
):
    refused = set_reviewers(web_session, CHEN, ("R21", "陈审"), department="Natural-Resources")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    assert set(refused.json()["error"]["details"]) == {"backup", "department"}
    incomplete = web_session.put(
        "/departments/natural_resources/reviewers",
        data=json.dumps({"primary": {"reviewer_id": "R21"}}),
        headers=SUPERVISION,
    )
    assert incomplete.status_code == 422 and set(incomplete.json()["error"]["details"]) == {
        "primary",
        "backup",
    }
    assert web_session.get("/departments/natural_resources/reviewers", headers=OPERATOR).status_code == 404


@pytest.mark.parametrize(
    ("reviewer_id", "body", "headers", "status"),
    [
        ("R21", {"starts_on": "2026-11-25", "ends_on": "2026-11-24", "reason": "病假"}, OPERATOR, 422),
        ("R21", {"starts_on": "2026-11-25"}, OPERATOR, 422),
        ("R22", {"starts_on": "2026-11-24", "ends_on": "2026-11-24", "reason": "病假"}, NATRES, 403),
        ("R99", {"starts_on": "2026-11-24", "ends_on": "2026-11-24", "reason": "病假"}, OPERATOR, 404),
        ("R21", {"starts_on": "2026-11-24", "ends_on": "2026-11-24", "reason": "病假"}, LEAD, 403),
    ],
)
def test_r_joint_7_a_leave_request_that_is_invalid_or_not_theirs_is_refused_and_changes_nothing(
    joint_review_http, web_session, reviewer_id, body, headers, status
):
    set_reviewers(web_session, CHEN, LI)
    refused = web_session.post(f"/reviewers/{reviewer_id}/leave", data=json.dumps(body), headers=headers)
    assert refused.status_code == status
    assert count(joint_review_http.engine, reviewer_leaves) == 0


def test_r_joint_7_only_operators_and_supervision_set_reviewers_and_a_reviewer_sees_their_own_roster(
    joint_review_http, web_session
):
    assert set_reviewers(web_session, CHEN, LI, headers=LEAD).status_code == 403
    assert set_reviewers(web_session, CHEN, LI, headers=SUPERVISION).status_code == 201
    assert set_reviewers(web_session, LI, CHEN, headers=OPERATOR).status_code == 200  # replaced
    own = web_session.get("/departments/natural_resources/reviewers", headers=NATRES).json()
    assert (own["primary"]["reviewer_id"], own["in_place"]) == (
        "R22",
        {"reviewer_id": "R22", "role": "primary"},
    )
    other = web_session.get(
        "/departments/natural_resources/reviewers", headers=bearer("dev-reviewer-housing")
    )
    assert other.status_code == 403


def test_r_joint_7_tasks_move_on_the_day_a_leave_recorded_in_advance_starts(joint_review_http, web_session):
    set_reviewers(web_session, CHEN, LI)
    joint_review_http.open(CASE)
    assert leave(web_session, "R21", "2026-11-24", "2026-11-25").json()["moved_tasks"] == []  # tomorrow
    swept = web_session.post("/reviews/sweep", headers=OPERATOR).json()["raised"]
    assert swept["reassigned"] == 0 and task_row(joint_review_http.engine)["assignee_id"] == "R21"
    joint_review_http.clock.return_value = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00, leave day
    swept = web_session.post("/reviews/sweep", headers=OPERATOR).json()["raised"]
    assert swept["reassigned"] == 1
    assert (
        task_row(joint_review_http.engine)["assignee_id"],
        len(outbox(joint_review_http.engine, "task_reassigned")),
    ) == ("R22", 1)
    again = web_session.post("/reviews/sweep", headers=OPERATOR).json()["raised"]
    assert again["reassigned"] == 0 and len(outbox(joint_review_http.engine, "task_reassigned")) == 1
