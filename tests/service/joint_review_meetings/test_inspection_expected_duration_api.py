"""R-CLOCK-2: the lead window states how many working days a joint site inspection is expected to
take (1..60), and ``inspection_started`` carries it for intake's suspension notice to the applicant;
a missing or absurd duration is a 422 in Chinese that starts nothing."""

import json
from datetime import UTC, datetime

import pytest
from intake_requests import bearer
from sqlalchemy import func, select

from hall_contracts.registry import validate_event
from hall_contracts.samples import CASE_NO
from joint_review.orm import inspections, metadata
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(metadata)
LEAD = bearer("dev-window-agriculture")
CASE = {
    "case_no": CASE_NO,
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources"],
}
INSPECTIONS = f"/reviews/JR-{CASE_NO}/inspections"
SITE = {"site": "城关镇东村3组", "departments": ["natural_resources"]}


@pytest.fixture
def review(joint_review_http):
    joint_review_http.open(CASE)
    joint_review_http.clock.return_value = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    return joint_review_http


def started_events(engine) -> list[dict]:
    with engine.connect() as connection:
        bodies = connection.execute(
            select(OUTBOX.c.body).where(OUTBOX.c.routing_key == "inspection_started")
        ).scalars()
        return [json.loads(body) for body in bodies]


def test_r_clock_2_an_inspection_states_its_expected_duration_and_its_event_carries_it(review, web_session):
    response = web_session.post(
        INSPECTIONS, data=json.dumps({**SITE, "expected_working_days": 5}), headers=LEAD
    )
    assert response.status_code == 201
    assert response.json()["expected_working_days"] == 5
    [envelope] = started_events(review.engine)
    assert envelope["data"]["expected_working_days"] == 5
    validate_event(envelope)


@pytest.mark.parametrize("days", [None, 0, 61, "3", 2.5, "missing"])
def test_r_clock_2_an_inspection_without_a_sensible_expected_duration_is_a_422_that_starts_nothing(
    review, web_session, days
):
    body = dict(SITE) if days == "missing" else {**SITE, "expected_working_days": days}
    response = web_session.post(INSPECTIONS, data=json.dumps(body), headers=LEAD)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert list(error["details"]) == ["expected_working_days"]
    assert "预计踏勘的工作日数" in json.dumps(error["details"], ensure_ascii=False)
    assert started_events(review.engine) == []
    with review.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(inspections)).scalar_one() == 0
