"""A department answers only its own tasks, on a real RabbitMQ with real processes (R-JOINT-3,
issue 12 points 6 and 7): joint_review takes the answering department from the broker-checked
``user_id`` of the opinion command, never from its body. ``dept_natural_resources`` answering
housing_construction's task, a command with no ``user_id`` and an opinion id the department
already used for another task are dead-lettered at once with the reason, counted, and change
nothing; the task's own department still answers, also when its opinion comes back from a
retry (published by joint_review's own account) after a database outage. An opinion that breaks
the command's schema is dead-lettered naming the field, from its own department too."""

from __future__ import annotations

import json
import uuid

import pika
import pika.exceptions
import pytest
import requests
from bus import RawPublisher, wait_for
from department_accounts import DepartmentSenders
from intake_requests import bearer
from stack import database_outage

from hall_contracts import build_envelope
from hall_contracts.topology import DEAD_LETTER_QUEUE

DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
REVIEWERS = {"natural_resources": "dev-reviewer-natres", "housing_construction": "dev-reviewer-housing"}
LEAD = bearer("dev-window-agriculture")


def open_review(stack) -> str:
    """A joint case as intake announces it; returns its case number."""
    case_no = f"HALL-20261123-{uuid.uuid4().hex[:8].upper()}"
    publisher = RawPublisher(stack.amqp_uri)
    publisher.publish(
        "intake.events",
        "case_accepted",
        build_envelope(
            "intake",
            "case_accepted",
            case_no,
            {
                "case_no": case_no,
                "item_code": "TEST-J",
                "item_name": "联办测试事项",
                "item_kind": "joint",
                "lead_department": DEPARTMENTS[0],
                "departments": DEPARTMENTS,
            },
        ),
    )
    publisher.close()
    return case_no


def task(case_no: str, department: str) -> dict:
    return {
        "task_id": f"JR-{case_no}-{department}-1",
        "review_id": f"JR-{case_no}",
        "department": department,
        "round": 1,
    }


def opinion(of: dict, verdict: str = "approve", opinion_id: str | None = None, **fields) -> dict:
    return {
        "opinion_id": opinion_id or str(uuid.uuid4()),
        **of,
        "verdict": verdict,
        "reviewer": {"id": "R-1", "name": "审查员"},
        "submitted_at": "2026-11-23T10:00:00+08:00",
        **fields,
    }


def task_state(service, of: dict) -> dict:
    reply = requests.get(
        f"{service.url}/departments/{of['department']}/tasks",
        headers=bearer(REVIEWERS[of["department"]]),
        timeout=5,
    )
    return {t["task_id"]: t for t in reply.json()["tasks"]}.get(of["task_id"], {})


def dead_letters(amqp_uri: str, expected: int) -> list[tuple[dict, str]]:
    """(body, reason) of ``expected`` dead-lettered opinions, waited for."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel, found = connection.channel(), []

    def take():
        method, properties, body = channel.basic_get(DEAD_LETTER_QUEUE, auto_ack=True)
        if method is not None:
            found.append((json.loads(body), properties.headers["x-hall-reason"]))
        return len(found) >= expected

    try:
        wait_for(take, timeout=30)
    finally:
        connection.close()
    return found


def counted(process, name: str, **labels) -> float:
    metrics = requests.get(f"{process.url}/metrics", timeout=5).text
    return sum(
        float(row.split()[-1])
        for row in metrics.splitlines()
        if row.startswith(name) and all(f'{k}="{v}"' in row for k, v in labels.items())
    )


def refused_count(service, reason: str) -> float:
    return counted(service, "hall_joint_review_opinions_refused_total", reason=reason)


@pytest.fixture
def review(stack):
    # a short busy timeout: a locked SQLite write gives up at once (test_retried_... below)
    service = stack.start(
        "joint_review", env={"DEPARTMENTS": ",".join(DEPARTMENTS), "SQLITE_BUSY_TIMEOUT": "0.1"}
    )
    case_no = open_review(stack)
    senders = DepartmentSenders(stack.broker, stack.amqp_uri)
    assert wait_for(lambda: task_state(service, task(case_no, "housing_construction")), timeout=30)
    yield service, case_no, senders
    senders.close()


def test_r_joint_3_a_department_account_cannot_answer_another_departments_task(stack, review):
    service, case_no, senders = review
    theirs = task(case_no, "housing_construction")
    # natural_resources' own account, the body claiming to be housing_construction
    senders.publish("natural_resources", opinion(theirs, "reject", reason="选址不符合规划"))
    [(body, reason)] = dead_letters(stack.amqp_uri, 1)
    assert body["task_id"] == theirs["task_id"]
    assert "from dept_natural_resources" in reason and "forbidden" in reason
    assert task_state(service, theirs)["status"] == "open"  # nothing recorded
    assert refused_count(service, "wrong_department") == 1
    senders.publish("housing_construction", opinion(theirs, "approve"))  # its own department
    assert wait_for(lambda: task_state(service, theirs)["status"] == "answered", timeout=30)
    assert task_state(service, theirs)["verdict"] == "approve"
    # its own task, but a body naming another department: refused too, never half-believed
    own = task(case_no, "natural_resources")
    senders.publish("natural_resources", {**opinion(own), "department": "housing_construction"})
    [(_, reason)] = dead_letters(stack.amqp_uri, 1)
    assert "validation_failed" in reason and "department" in reason
    assert task_state(service, own)["status"] == "open" and refused_count(service, "invalid") == 1


def test_r_joint_3_the_broker_refuses_a_user_id_that_is_not_the_senders_own_account(stack, review):
    _, case_no, senders = review
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as refused:
        senders.publish(
            "natural_resources",
            opinion(task(case_no, "housing_construction")),
            user_id="dept_housing_construction",
        )
    assert refused.value.reply_code == 406  # PRECONDITION_FAILED: user_id is not the connection's


def test_r_joint_3_an_opinion_without_user_id_is_dead_lettered_and_changes_nothing(stack, review):
    service, case_no, senders = review
    own = task(case_no, "natural_resources")
    senders.publish("natural_resources", opinion(own), user_id=None)
    [(_, reason)] = dead_letters(stack.amqp_uri, 1)
    assert "no user_id" in reason
    assert task_state(service, own)["status"] == "open"
    assert refused_count(service, "no_sender") == 1


def test_r_joint_3_opinions_breaking_the_schema_are_dead_lettered_naming_the_field_and_change_nothing(
    stack, review
):
    # the check at the boundary takes a quick path for plainly valid commands (issue 17); these
    # must still reach the schema and be refused, from the task's own department
    service, case_no, senders = review
    own = task(case_no, "natural_resources")
    broken = {
        "reason": opinion(own, "reject", reason="   "),
        "materials": opinion(own, "supplement", materials=[]),
        "round": opinion({**own, "round": 0}),
        "conditions": opinion(own, "reject", reason="不符合规划要求", conditions=["x"]),
        "reviewer": opinion(own, reviewer={"id": ""}),
        "extra": opinion(own, extra="x"),
    }
    for body in broken.values():
        senders.publish("natural_resources", body)
    reasons = [reason for _, reason in dead_letters(stack.amqp_uri, len(broken))]
    assert all(any(field in reason for reason in reasons) for field in broken), reasons
    assert task_state(service, own)["status"] == "open"
    senders.publish("natural_resources", opinion(own, "approve"))
    assert wait_for(lambda: task_state(service, own)["status"] == "answered", timeout=30)


def test_r_joint_3_an_opinion_id_reused_for_another_task_over_the_bus_is_dead_lettered(stack, review):
    service, first_case, senders = review
    second_case = open_review(stack)
    first, second = task(first_case, "natural_resources"), task(second_case, "natural_resources")
    assert wait_for(lambda: task_state(service, second), timeout=30)
    reused = "5f0c1d52-6a8e-4b7f-9c1d-2e4f6a8b0c13"
    senders.publish("natural_resources", opinion(first, "approve", opinion_id=reused))
    assert wait_for(lambda: task_state(service, first)["status"] == "answered", timeout=30)
    senders.publish("natural_resources", opinion(second, "approve", opinion_id=reused))
    [(_, reason)] = dead_letters(stack.amqp_uri, 1)
    assert "opinion_id_reused" in reason and first["task_id"] in reason
    assert task_state(service, second)["status"] == "open"
    assert refused_count(service, "opinion_id_reused") == 1


def test_r_joint_3_an_opinion_retried_through_a_database_outage_keeps_its_sender_and_is_applied(
    stack, review
):
    """A retry copy is published by joint_review's own account (its ``user_id`` is no longer the
    department's): the sender recorded on first arrival travels with it and is believed."""
    service, case_no, senders = review
    own = task(case_no, "natural_resources")
    outage = database_outage(service.database_url)

    def retried() -> float:
        try:
            return counted(service, "hall_retried_total", service="joint_review", cause="wait")
        except requests.RequestException:
            return 0

    outage(True)
    try:
        senders.publish("natural_resources", opinion(own, "supplement", materials=["宅基地四至图"]))
        assert wait_for(lambda: retried() >= 2, timeout=60)  # back from the delay queue at least once
    finally:
        outage(False)
    assert wait_for(lambda: task_state(service, own).get("status") == "answered", timeout=60)
    assert task_state(service, own)["verdict"] == "supplement"
    assert refused_count(service, "no_sender") == 0
