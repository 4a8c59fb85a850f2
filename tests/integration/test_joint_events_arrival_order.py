"""Events of one case applied in their order whatever order they arrive in, on a real RabbitMQ
with real processes: intake receives joint_review's ends before their starts, complaints receives
intake's overdue after the completion. Each event is published only once the one before it was
applied (its consumer is seen to act), so the reversed arrival is certain, not likely."""

import copy
import json
import uuid

import pytest
import requests
from bus import RawPublisher, bind_spy_queue, drain, wait_for
from intake_requests import bearer, case_body
from sqlalchemy import create_engine, text

from hall_contracts import build_envelope
from hall_contracts.samples import SAMPLES

MONDAY_10AM = "2026-11-23T02:00:00+00:00"  # in the hall; NY-001 (10 working days) is due Mon Dec 7
AGRICULTURE = bearer("dev-window-agriculture")


def joint_event(event_type: str, case_no: str, **data) -> dict:
    base = {"case_no": case_no, "review_id": "JR-1", "round": 1, "lead_department": "agriculture_rural"}
    return build_envelope("joint_review", event_type, case_no, {**base, **data})


def query(service, sql: str, **params) -> list[tuple]:
    engine = create_engine(service.database_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def actions(intake, case_no: str) -> list[str]:
    sql = "SELECT action FROM case_history WHERE case_no = :no ORDER BY id"
    return [action for (action,) in query(intake, sql, no=case_no)]


def case_of(intake, case_no: str) -> dict:
    return requests.get(f"{intake.url}/cases/{case_no}", headers=AGRICULTURE, timeout=5).json()


def deliver_reversed(intake, publisher, case_no: str, end: dict, start: dict) -> None:
    publisher.publish("joint_review.events", end["type"].rsplit(".", 1)[1], end)
    assert wait_for(lambda: actions(intake, case_no)[-1] == "resumed")
    publisher.publish("joint_review.events", start["type"].rsplit(".", 1)[1], start)
    assert wait_for(lambda: actions(intake, case_no)[-1] == "suspended")


@pytest.fixture
def intake(stack):
    return stack.start("intake", env={"FIXED_NOW": MONDAY_10AM})


def test_an_inspection_and_a_round_that_end_before_they_start_leave_the_case_running(stack, intake):
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events"])
    inspected = requests.post(f"{intake.url}/cases", json=case_body("NY-001"), headers=AGRICULTURE).json()
    supplemented = requests.post(f"{intake.url}/cases", json=case_body("NY-001"), headers=AGRICULTURE).json()
    publisher = RawPublisher(stack.amqp_uri)
    try:
        no = inspected["case_no"]
        ended = joint_event(
            "inspection_ended",
            no,
            inspection_id="INS-1",
            starts_on="2026-11-24",
            ends_on="2026-11-25",
            working_days_off=1,
            due_dates=[],
            ended_at="2026-11-25T16:00:00+08:00",
        )
        started = joint_event(
            "inspection_started",
            no,
            inspection_id="INS-1",
            site="养殖场",
            departments=["natural_resources"],
            starts_on="2026-11-24",
            started_at="2026-11-24T09:00:00+08:00",
        )
        deliver_reversed(intake, publisher, no, ended, started)
        no = supplemented["case_no"]
        round_two = joint_event(
            "round_started",
            no,
            round=2,
            departments=["natural_resources"],
            started_at="2026-11-26T10:00:00+08:00",
        )
        asked = joint_event(
            "supplement_consolidated",
            no,
            consolidated_at="2026-11-24T10:00:00+08:00",
            materials=[{"name": "宅基地四至图", "departments": ["natural_resources"]}],
        )
        deliver_reversed(intake, publisher, no, round_two, asked)
    finally:
        publisher.close()
    assert [case_of(intake, c["case_no"])["status"] for c in (inspected, supplemented)] == [
        "in_joint_review"
    ] * 2
    assert case_of(intake, inspected["case_no"])["deadline"] == "2026-12-08"  # Wed 25 off
    assert case_of(intake, supplemented["case_no"])["deadline"] == "2026-12-09"  # Wed 25, Thu 26 off
    told = [json.loads(body) for body, _ in drain(spy, expected=8)]
    clock = [
        (e["subject"], e["type"].rsplit(".", 1)[1])
        for e in told
        if "suspended" in e["type"] or "resumed" in e["type"]
    ]
    assert clock == [
        (inspected["case_no"], "case_suspended"),
        (inspected["case_no"], "case_resumed"),
        (supplemented["case_no"], "case_suspended"),
        (supplemented["case_no"], "case_resumed"),
    ]


def case_event(event_type: str, case_no: str, time: str, **data) -> dict:
    """intake's published sample of ``event_type``, about ``case_no``, stamped ``time``."""
    envelope = copy.deepcopy(SAMPLES[f"intake/{event_type}.v1.json"]())
    envelope.update(id=str(uuid.uuid4()), subject=case_no, time=time)
    envelope["data"].update(case_no=case_no, **data)
    return envelope


def test_complaints_keeps_a_completed_case_completed_when_the_overdue_stamped_after_it_arrives(stack):
    complaints = stack.start("complaints", env={"SWEEP_SECONDS": "3600"})
    case_no = "HALL-20261110-SWEEP001"
    projected = lambda: query(  # noqa: E731
        complaints, "SELECT status, went_overdue FROM intake_cases WHERE case_no = :no", no=case_no
    )
    publisher = RawPublisher(stack.amqp_uri)
    try:
        completed = case_event("case_completed", case_no, "2026-11-24T10:00:00+08:00")
        publisher.publish("intake.events", "case_completed", completed)
        assert wait_for(lambda: projected() == [("completed", False)])
        # the sweep read the case open and published just after the completion committed
        overdue = case_event("case_overdue", case_no, "2026-11-24T10:00:00.5+08:00")
        publisher.publish("intake.events", "case_overdue", overdue)
        assert wait_for(lambda: projected()[0][1])
    finally:
        publisher.close()
    assert projected() == [("completed", True)]
