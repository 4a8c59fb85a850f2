"""Department limits over joint_review's HTTP API (R-JOINT-6, R-CLOCK-5): the sweep urges the lead
about tasks due soon and reports overdue ones to supervision, each once; silence is consent only for
the items configured so. Real container and database, no broker: events wait in the outbox."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from intake_requests import bearer
from sqlalchemy import select

from hall_contracts.samples import CASE_NO
from joint_review.orm import metadata, opinions, tasks
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
OPERATOR = bearer("dev-operator")
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
}
OTHER_CASE = {**CASE, "case_no": "HALL-20261123-OTHER001", "item_code": "ZJ-009", "item_name": "施工许可"}
REVIEW_ID = f"JR-{CASE_NO}"
# opened Monday 2026-11-23 10:00 China time: three working days, due Thursday 2026-11-26 at 17:00
WEDNESDAY_10AM = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
THURSDAY_4PM = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
THURSDAY_5_30PM = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(CASE)
    return joint_review_http


def events(engine, event_type):
    with engine.connect() as connection:
        rows = connection.execute(
            select(OUTBOX.c.body).where(OUTBOX.c.routing_key == event_type).order_by(OUTBOX.c.id)
        ).scalars()
        return [json.loads(body)["data"] for body in rows]


def sweep(web_session, service, now):
    service.clock.return_value = now
    response = web_session.post("/reviews/sweep", headers=OPERATOR)
    assert response.status_code == 200
    raised = response.json()["raised"]
    assert raised.pop("reassigned") == 0  # no reviewer on leave in these tests
    return raised


def approve(web_session, department, token, review_id=REVIEW_ID):
    return web_session.post(
        f"/tasks/{review_id}-{department}-1/opinion",
        data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
        headers=bearer(token),
    )


def test_r_joint_6_nothing_is_raised_while_every_task_is_far_from_its_due_date(review, web_session):
    assert sweep(web_session, review, review.clock.return_value) == {
        "due_soon": 0,
        "overdue": 0,
        "silence_consent": 0,
    }
    assert events(review.engine, "task_due_soon") == events(review.engine, "task_overdue") == []


def test_r_joint_6_the_lead_is_urged_once_per_task_due_the_next_working_day_even_when_swept_twice(
    review, web_session
):
    assert sweep(web_session, review, WEDNESDAY_10AM)["due_soon"] == 3
    assert sweep(web_session, review, WEDNESDAY_10AM)["due_soon"] == 0
    assert sweep(web_session, review, THURSDAY_4PM)["due_soon"] == 0  # due today: still urged once
    urged = events(review.engine, "task_due_soon")
    assert sorted(e["department"] for e in urged) == sorted(CASE["departments"])
    assert {(e["lead_department"], e["due_date"], e["due_by"]) for e in urged} == {
        ("agriculture_rural", "2026-11-26", "2026-11-26T17:00:00+08:00")
    }


def test_r_joint_6_an_overdue_task_is_reported_to_supervision_once_and_an_answered_one_never(
    review, web_session
):
    assert approve(web_session, "natural_resources", "dev-reviewer-natres").status_code == 200
    assert sweep(web_session, review, THURSDAY_4PM) == {"due_soon": 2, "overdue": 0, "silence_consent": 0}
    assert sweep(web_session, review, THURSDAY_5_30PM)["overdue"] == 2
    assert sweep(web_session, review, THURSDAY_5_30PM)["overdue"] == 0
    reported = events(review.engine, "task_overdue")
    assert sorted(e["department"] for e in reported) == ["agriculture_rural", "housing_construction"]
    assert {(e["lead_department"], e["outcome"]) for e in reported} == {("agriculture_rural", "escalated")}
    view = web_session.get(f"/reviews/{REVIEW_ID}", headers=bearer("dev-supervision")).json()
    assert [line["action"] for line in view["timeline"]].count("reported_overdue") == 2


def test_r_clock_5_by_default_an_overdue_task_stays_open_and_no_one_answers_for_it(review, web_session):
    sweep(web_session, review, THURSDAY_5_30PM)
    with review.engine.connect() as connection:
        assert set(connection.execute(select(tasks.c.status)).scalars()) == {"open"}
        assert connection.execute(select(opinions.c.opinion_id)).all() == []
    assert events(review.engine, "review_converged") == []


def test_r_clock_5_silence_is_consent_only_for_the_configured_items_and_converges_once(review, web_session):
    review.open(OTHER_CASE)
    review.container.config["SILENCE_CONSENT_ITEMS"] = "NY-001, XX-404"
    approve(web_session, "natural_resources", "dev-reviewer-natres")
    approve(web_session, "housing_construction", "dev-reviewer-housing")
    raised = sweep(web_session, review, THURSDAY_5_30PM)
    assert raised == {"due_soon": 0, "overdue": 4, "silence_consent": 1}
    assert sweep(web_session, review, THURSDAY_5_30PM)["overdue"] == 0
    outcomes = {
        (e["review_id"], e["department"]): e["outcome"] for e in events(review.engine, "task_overdue")
    }
    assert outcomes[(REVIEW_ID, "agriculture_rural")] == "silence_consent"
    assert set(v for k, v in outcomes.items() if k[0] != REVIEW_ID) == {"escalated"}
    with review.engine.connect() as connection:
        silent = connection.execute(select(opinions).where(opinions.c.channel == "silence")).mappings().all()
    assert [(o["review_id"], o["department"], o["verdict"], o["reviewer_id"]) for o in silent] == [
        (REVIEW_ID, "agriculture_rural", "approve", "system")
    ]
    drafts = events(review.engine, "review_converged")
    assert [d["review_id"] for d in drafts] == [REVIEW_ID]
    assert {"department": "agriculture_rural", "condition": silent[0]["conditions"][0]} in drafts[0][
        "conditions"
    ]


def test_r_joint_6_only_operators_run_the_sweep_and_a_refusal_raises_nothing(review, web_session):
    review.clock.return_value = THURSDAY_5_30PM
    refused = web_session.post("/reviews/sweep", headers=bearer("dev-window-agriculture"))
    assert refused.status_code == 403
    assert events(review.engine, "task_overdue") == []


def test_r_joint_6_the_urging_and_overdue_events_honour_their_published_schemas(review, web_session):
    from hall_contracts.registry import validate_event

    sweep(web_session, review, WEDNESDAY_10AM)
    sweep(web_session, review, THURSDAY_5_30PM)
    with review.engine.connect() as connection:
        bodies = connection.execute(
            select(OUTBOX.c.body).where(OUTBOX.c.routing_key.in_(["task_due_soon", "task_overdue"]))
        ).scalars()
        sent = [json.loads(body) for body in bodies]
    assert len(sent) == 6
    for envelope in sent:
        validate_event(envelope)
