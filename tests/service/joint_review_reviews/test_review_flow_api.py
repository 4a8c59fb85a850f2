"""A joint review over joint_review's HTTP API, real container and database (no broker: messages
wait in the outbox, where the tests read them)."""

import json
import uuid

import pytest
from intake_requests import bearer
from sqlalchemy import select

from hall_contracts.samples import CASE_NO
from joint_review.orm import metadata, opinions
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
REVIEWERS = {
    "agriculture_rural": "dev-reviewer-agriculture",
    "natural_resources": "dev-reviewer-natres",
    "housing_construction": "dev-reviewer-housing",
}
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


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(CASE)
    return joint_review_http


def outbox(engine, routing_key=None):
    with engine.connect() as connection:
        rows = connection.execute(
            select(OUTBOX.c.exchange, OUTBOX.c.routing_key, OUTBOX.c.body).order_by(OUTBOX.c.id)
        ).all()
    return [(exchange, key, json.loads(body)) for exchange, key, body in rows if routing_key in (None, key)]


def task_id(department, round_no=1):
    return f"{REVIEW_ID}-{department}-{round_no}"


def answer(web_session, department, verdict, round_no=1, opinion_id=None, **fields):
    body = {"opinion_id": opinion_id or str(uuid.uuid4()), "verdict": verdict, **fields}
    return web_session.post(
        f"/tasks/{task_id(department, round_no)}/opinion",
        data=json.dumps(body),
        headers=bearer(REVIEWERS[department]),
    )


def test_r_joint_2_opening_fans_out_one_task_per_department_to_its_own_queue(review):
    sent = outbox(review.engine)
    work = [(exchange, key) for exchange, key, _ in sent if exchange == "joint_review.tasks"]
    assert work == [("joint_review.tasks", d) for d in CASE["departments"]]
    news = [key for exchange, key, _ in sent if exchange == "joint_review.events"]
    assert news == ["review_opened", *["review_task_assigned"] * 3]
    assert sent[0][2]["data"]["notices_due"] == ["joint_case"]


def test_r_joint_2_a_reviewer_sees_only_the_tasks_of_their_own_department(review, web_session):
    own = web_session.get("/departments/natural_resources/tasks", headers=bearer("dev-reviewer-natres"))
    other = web_session.get("/departments/housing_construction/tasks", headers=bearer("dev-reviewer-natres"))
    assert [t["department"] for t in own.json()["tasks"]] == ["natural_resources"]
    assert other.status_code == 403
    foreign = answer(web_session, "housing_construction", "approve")
    assert foreign.status_code == 200  # its own reviewer
    stolen = web_session.post(
        f"/tasks/{task_id('agriculture_rural')}/opinion",
        headers=bearer("dev-reviewer-natres"),
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
    )
    assert stolen.status_code == 403


def test_r_joint_4_every_approval_converges_once_into_a_draft_approval_the_lead_issues(review, web_session):
    answer(web_session, "agriculture_rural", "approve")
    answer(web_session, "natural_resources", "approve", conditions=["不得占用耕地"])
    assert outbox(review.engine, "review_converged") == []
    answer(web_session, "housing_construction", "approve", conditions=["层数不超过三层"])
    converged = outbox(review.engine, "review_converged")
    assert len(converged) == 1 and converged[0][2]["data"]["outcome"] == "approve"
    assert len(converged[0][2]["data"]["conditions"]) == 2
    decided = web_session.post(f"/reviews/{REVIEW_ID}/decision", data="{}", headers=LEAD)
    assert decided.status_code == 200 and decided.json()["decision"] == "approved"
    assert [e["data"]["decision"] for _, _, e in outbox(review.engine, "review_decided")] == ["approved"]
    again = web_session.post(f"/reviews/{REVIEW_ID}/decision", data="{}", headers=LEAD)
    assert again.status_code == 409 and len(outbox(review.engine, "review_decided")) == 1


def test_r_joint_4_any_rejection_makes_a_refusal_stating_each_reason(review, web_session):
    answer(web_session, "agriculture_rural", "approve")
    answer(web_session, "natural_resources", "reject", reason="选址位于永久基本农田")
    answer(web_session, "housing_construction", "supplement", materials=["设计图纸"])
    draft = outbox(review.engine, "review_converged")[0][2]["data"]
    assert draft["outcome"] == "refuse"
    assert draft["reasons"] == [{"department": "natural_resources", "reason": "选址位于永久基本农田"}]
    assert outbox(review.engine, "supplement_consolidated") == []


def test_r_once_1_r_joint_3_r_joint_4_supplements_make_one_notice_and_a_second_round_for_those_that_asked(
    review, web_session
):
    answer(web_session, "agriculture_rural", "approve", conditions=["按图施工"])
    answer(web_session, "natural_resources", "supplement", materials=["宅基地四至图", "测绘报告"])
    answer(web_session, "housing_construction", "supplement", materials=["宅基地四至图"])
    notices = outbox(review.engine, "supplement_consolidated")
    assert len(notices) == 1
    assert notices[0][2]["data"]["materials"] == [
        {"name": "宅基地四至图", "departments": ["housing_construction", "natural_resources"]},
        {"name": "测绘报告", "departments": ["natural_resources"]},
    ]
    short = web_session.post(
        f"/reviews/{REVIEW_ID}/supplements", data=json.dumps({"materials": ["宅基地四至图"]}), headers=LEAD
    )
    assert short.status_code == 422 and short.json()["error"]["details"]["materials"] == ["测绘报告"]
    second = web_session.post(
        f"/reviews/{REVIEW_ID}/supplements",
        headers=LEAD,
        data=json.dumps({"materials": ["宅基地四至图", "测绘报告"]}),
    ).json()
    assert second["round"] == 2
    round_two = [
        (key, e["data"]["department"])
        for exchange, key, e in outbox(review.engine)
        if exchange == "joint_review.tasks" and e["data"]["round"] == 2
    ]
    assert sorted(d for _, d in round_two) == ["housing_construction", "natural_resources"]
    answer(web_session, "natural_resources", "approve", round_no=2)
    answer(web_session, "housing_construction", "approve", round_no=2)
    drafts = [e["data"] for _, _, e in outbox(review.engine, "review_converged")]
    assert [(d["round"], d["outcome"]) for d in drafts] == [(1, "supplement"), (2, "approve")]
    assert drafts[1]["conditions"] == [{"department": "agriculture_rural", "condition": "按图施工"}]  # stands


def test_r_joint_3_an_opinion_resent_with_its_id_changes_nothing_and_a_second_answer_is_refused(
    review, web_session
):
    first = answer(web_session, "natural_resources", "approve", opinion_id="op-natres-0001")
    resent = answer(web_session, "natural_resources", "approve", opinion_id="op-natres-0001")
    other = answer(web_session, "natural_resources", "reject", reason="另一个意见不应被接受")
    assert first.status_code == resent.status_code == 200
    assert other.status_code == 409 and other.json()["error"]["code"] == "already_answered"
    with review.engine.connect() as connection:
        assert connection.execute(select(opinions.c.opinion_id)).scalars().all() == ["op-natres-0001"]
    assert len(outbox(review.engine, "opinion_recorded")) == 1


def test_r_joint_3_a_rejection_without_reason_is_refused_listing_it_and_changes_nothing(review, web_session):
    before = len(outbox(review.engine))
    response = answer(web_session, "natural_resources", "reject")
    assert response.status_code == 422 and "reason" in response.json()["error"]["details"]
    assert len(outbox(review.engine)) == before


def test_an_opinion_with_a_verdict_out_of_the_list_and_a_short_id_is_a_422_in_chinese(review, web_session):
    response = answer(web_session, "natural_resources", "maybe", opinion_id="short")
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_failed"
    details = response.json()["error"]["details"]
    assert details["verdict"][0].startswith("须为以下之一：") and "(Must be one of: " in details["verdict"][0]
    assert details["opinion_id"] == ["长度须在 8 到 64 之间 (Length must be between 8 and 64.)"]


def test_the_lead_windows_view_shows_every_department_its_holder_days_used_and_the_timeline(
    review, web_session
):
    answer(web_session, "natural_resources", "approve")
    view = web_session.get(f"/reviews/{REVIEW_ID}", headers=LEAD).json()
    states = {d["department"]: d for d in view["departments"]}
    assert (
        states["natural_resources"]["status"] == "answered"
        and states["agriculture_rural"]["status"] == "open"
    )
    assert all(d["working_days_used"] == 0 and d["due_date"] == "2026-11-26" for d in states.values())
    assert [line["action"] for line in view["timeline"]][:2] == ["opened", "task_assigned"]
    other_lead = web_session.get(f"/reviews/{REVIEW_ID}", headers=bearer("dev-window-natres"))
    assert other_lead.status_code == 403
