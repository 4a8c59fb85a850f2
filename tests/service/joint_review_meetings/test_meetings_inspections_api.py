"""Meetings (联审会, 会签) and joint site inspections (联合踏勘) over joint_review's HTTP API (R-JOINT-5,
R-CLOCK-2): minutes are the departments' answers; an inspection's working days are off the clock."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from intake_requests import bearer
from sqlalchemy import func, select

from hall_contracts.samples import CASE_NO
from joint_review.orm import metadata, opinions, tasks
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
LEAD = bearer("dev-window-agriculture")
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
REVIEW_ID = f"JR-{CASE_NO}"
TUESDAY = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
THURSDAY_6PM = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # past the tasks' due date (Thursday 17:00)
FRIDAY = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(CASE)
    return joint_review_http


def outbox(engine, event_type=None):
    with engine.connect() as connection:
        rows = connection.execute(select(OUTBOX.c.routing_key, OUTBOX.c.body).order_by(OUTBOX.c.id)).all()
    return [json.loads(body)["data"] for key, body in rows if event_type in (None, key)]


def post(web_session, path, body, headers=LEAD):
    return web_session.post(f"/reviews/{REVIEW_ID}{path}", data=json.dumps(body), headers=headers)


def meeting(web_session):
    body = {"at": "2026-11-25T09:30:00+08:00", "place": "三楼联审室", "departments": CASE["departments"]}
    response = post(web_session, "/meetings", body)
    assert response.status_code == 201
    return response.json()["meeting_id"]


def opinion(department, verdict="approve", **fields):
    return {
        "department": department,
        "verdict": verdict,
        "representative": f"代表-{department[:6]}",
        **fields,
    }


def due_dates(engine):
    with engine.connect() as connection:
        return dict(connection.execute(select(tasks.c.department, tasks.c.due_date)).all())


def test_r_joint_5_the_minutes_are_each_departments_answer_and_the_round_converges_from_them(
    review, web_session
):
    meeting_id = meeting(web_session)
    assert [e["meeting_id"] for e in outbox(review.engine, "meeting_scheduled")] == [meeting_id]
    minutes = {
        "opinions": [
            opinion("agriculture_rural", conditions=["按图施工"]),
            opinion("natural_resources"),
            opinion("housing_construction", conditions=["层数不超过三层"]),
        ],
        "summary": "三部门一致同意",
    }
    recorded = post(web_session, f"/meetings/{meeting_id}/minutes", minutes)
    assert recorded.status_code == 200
    with review.engine.connect() as connection:
        found = connection.execute(select(opinions.c.opinion_id, opinions.c.channel)).all()
    assert sorted(found) == sorted((f"{meeting_id}-{d}", "meeting") for d in CASE["departments"])
    drafts = outbox(review.engine, "review_converged")
    assert len(drafts) == 1 and drafts[0]["outcome"] == "approve" and len(drafts[0]["conditions"]) == 2
    assert [e["meeting_id"] for e in outbox(review.engine, "meeting_minuted")] == [meeting_id]
    before = len(outbox(review.engine))
    again = post(web_session, f"/meetings/{meeting_id}/minutes", minutes)
    assert again.status_code == 200 and len(outbox(review.engine)) == before


def test_r_joint_5_minutes_naming_a_department_that_already_answered_are_refused_listing_it(
    review, web_session
):
    meeting_id = meeting(web_session)
    answered = web_session.post(
        f"/tasks/{REVIEW_ID}-natural_resources-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
        headers=bearer("dev-reviewer-natres"),
    )
    assert answered.status_code == 200
    before = len(outbox(review.engine))
    minutes = {"opinions": [opinion("agriculture_rural"), opinion("natural_resources")]}
    refused = post(web_session, f"/meetings/{meeting_id}/minutes", minutes)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "already_answered"
    assert refused.json()["error"]["details"] == {"departments": ["natural_resources"]}
    assert len(outbox(review.engine)) == before
    partial = post(
        web_session, f"/meetings/{meeting_id}/minutes", {"opinions": [opinion("agriculture_rural")]}
    )
    assert partial.status_code == 200 and outbox(review.engine, "review_converged") == []


def test_r_joint_5_minutes_with_problems_are_refused_listing_every_one_and_change_nothing(
    review, web_session
):
    meeting_id = meeting(web_session)
    before = len(outbox(review.engine))
    minutes = {"opinions": [opinion("agriculture_rural", "reject"), opinion("taxation"), opinion("taxation")]}
    refused = post(web_session, f"/meetings/{meeting_id}/minutes", minutes)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    details = refused.json()["error"]["details"]
    assert "reason" in details["opinions"]["agriculture_rural"]
    assert len(details["departments"]) == 2  # not in the review; named twice
    assert len(outbox(review.engine)) == before
    with review.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(opinions)).scalar_one() == 0


def test_r_joint_5_only_the_lead_window_convenes_a_meeting(review, web_session):
    body = {"at": "2026-11-25T09:30:00+08:00", "place": "三楼联审室", "departments": ["natural_resources"]}
    assert post(web_session, "/meetings", body, bearer("dev-window-natres")).status_code == 403
    assert post(web_session, "/meetings", {"place": ""}).status_code == 422
    assert outbox(review.engine, "meeting_scheduled") == []


def test_r_clock_2_an_inspection_moves_the_open_due_dates_by_its_working_days_and_stops_the_sweep(
    review, web_session
):
    web_session.post(
        f"/tasks/{REVIEW_ID}-natural_resources-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
        headers=bearer("dev-reviewer-natres"),
    )
    review.clock.return_value = TUESDAY
    body = {
        "site": "城关镇东村3组",
        "departments": ["natural_resources", "housing_construction"],
        "expected_working_days": 3,
    }
    started = post(web_session, "/inspections", body)
    assert started.status_code == 201 and started.json()["starts_on"] == "2026-11-24"
    inspection_id = started.json()["inspection_id"]
    assert post(web_session, "/inspections", body).status_code == 409  # one at a time
    review.clock.return_value = THURSDAY_6PM
    swept = web_session.post("/reviews/sweep", headers=bearer("dev-operator")).json()["raised"]
    assert swept["overdue"] == 0  # the review's clock is off
    review.clock.return_value = FRIDAY
    assert (
        post(web_session, f"/inspections/{inspection_id}/end", {"ends_on": "2026-11-23"}).status_code == 422
    )
    ended = post(web_session, f"/inspections/{inspection_id}/end", {})
    assert ended.status_code == 200 and ended.json()["working_days_off"] == 3  # Wed, Thu, Fri
    assert {k: v.isoformat() for k, v in due_dates(review.engine).items()} == {
        "agriculture_rural": "2026-12-01",
        "housing_construction": "2026-12-01",
        "natural_resources": "2026-11-26",  # answered: its date stands
    }
    [event] = outbox(review.engine, "inspection_ended")
    assert sorted(d["department"] for d in event["due_dates"]) == [
        "agriculture_rural",
        "housing_construction",
    ]
    assert len(outbox(review.engine, "inspection_started")) == 1
    view = web_session.get(f"/reviews/{REVIEW_ID}", headers=LEAD).json()
    assert {"inspection_started", "inspection_ended"} <= {line["action"] for line in view["timeline"]}
    again = post(web_session, f"/inspections/{inspection_id}/end", {})
    assert again.status_code == 404 and len(outbox(review.engine, "inspection_ended")) == 1


def test_r_joint_5_meeting_and_inspection_events_honour_their_published_schemas(review, web_session):
    from hall_contracts.registry import validate_event

    meeting_id = meeting(web_session)
    post(web_session, f"/meetings/{meeting_id}/minutes", {"opinions": [opinion("natural_resources")]})
    review.clock.return_value = TUESDAY
    body = {"site": "东村", "departments": ["natural_resources"], "expected_working_days": 3}
    started = post(web_session, "/inspections", body)
    review.clock.return_value = FRIDAY
    post(web_session, f"/inspections/{started.json()['inspection_id']}/end", {})
    kinds = ["meeting_scheduled", "meeting_minuted", "inspection_started", "inspection_ended"]
    with review.engine.connect() as connection:
        bodies = connection.execute(select(OUTBOX.c.body).where(OUTBOX.c.routing_key.in_(kinds))).scalars()
        sent = [json.loads(body) for body in bodies]
    assert sorted(e["type"].rsplit(".", 1)[-1] for e in sent) == sorted(kinds)
    for envelope in sent:
        validate_event(envelope)
