"""Joint reviews on a real RabbitMQ with real processes: intake hands a joint case over,
joint_review fans it out to each department's own queue, departments answer over HTTP or as AMQP
commands, and every round converges exactly once, checked on the wire."""

from __future__ import annotations

import json
import os
import threading
import uuid

import pika
import requests
from bus import RawPublisher, bind_spy_queue, drain, wait_for
from department_accounts import DepartmentSenders
from intake_requests import bearer, case_body

from hall_contracts import build_envelope
from hall_contracts.topology import department_user

THREE = ["agriculture_rural", "natural_resources", "housing_construction"]
MANY = [f"dept_{n:02d}" for n in range(10)]
REVIEWERS = {
    "agriculture_rural": "dev-reviewer-agriculture",
    "natural_resources": "dev-reviewer-natres",
    "housing_construction": "dev-reviewer-housing",
}


CASE_ACCEPTED_QUEUE = "evt-intake-case_accepted--joint_review.handle_case_accepted"


def start_joint_review(stack, env: dict):
    """A joint_review replica, once its case_accepted queue is bound (else an event published
    right away would find no queue: the exchange has no other binding in a fresh vhost)."""
    service = stack.start("joint_review", env=env)
    wait_for(lambda: queue_depth(stack.amqp_uri, CASE_ACCEPTED_QUEUE) >= 0, timeout=30)
    return service


def joint_review_env(departments) -> dict:
    return {"DEPARTMENTS": ",".join(departments)}


def take_all(amqp_uri: str, queue: str) -> list[dict]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    found = []
    while True:
        method, _, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            break
        found.append(json.loads(body))
    connection.close()
    return found


def queue_depth(amqp_uri: str, queue: str) -> int:
    """Messages ready in ``queue``; -1 while it is not declared yet."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    except pika.exceptions.ChannelClosedByBroker:
        return -1
    finally:
        connection.close()


def send_opinion(channel, task: dict, verdict: str = "approve", opinion_id: str | None = None, **fields):
    body = {
        "opinion_id": opinion_id or str(uuid.uuid5(uuid.NAMESPACE_URL, task["task_id"])),
        "task_id": task["task_id"],
        "review_id": task["review_id"],
        "department": task["department"],
        "round": task["round"],
        "verdict": verdict,
        "reviewer": {"id": f"R-{task['department']}", "name": "审查员"},
        "submitted_at": "2026-11-23T10:00:00+08:00",
        **fields,
    }
    channel.basic_publish(
        "joint_review.commands",
        "submit_opinion",
        json.dumps(body, ensure_ascii=False),
        pika.BasicProperties(
            content_type="application/json",
            delivery_mode=2,
            message_id=body["opinion_id"],
            user_id=department_user(task["department"]),
        ),  # on its own account's channel
        mandatory=True,  # with confirms on the channel: an opinion the broker cannot route fails here
    )


def case_accepted(departments: list[str]) -> dict:
    case_no = f"HALL-20261123-{uuid.uuid4().hex[:8].upper()}"
    return build_envelope(
        "intake",
        "case_accepted",
        case_no,
        {
            "case_no": case_no,
            "item_code": "TEST-J",
            "item_name": "联办测试事项",
            "item_kind": "joint",
            "lead_department": departments[0],
            "departments": departments,
            "kind": "joint",
        },
    )


def test_r_joint_1_to_4_a_joint_case_from_intake_is_reviewed_by_three_departments_and_closed_once(stack):
    intake = stack.start("intake")
    review_service = stack.start("joint_review", env=joint_review_env(THREE))
    lead = bearer("dev-window-agriculture")
    case = requests.post(
        f"{intake.url}/cases", data=json.dumps(case_body("NY-001")), headers=lead, timeout=10
    ).json()
    review_id = f"JR-{case['case_no']}"

    def tasks_of(department):
        reply = requests.get(
            f"{review_service.url}/departments/{department}/tasks",
            headers=bearer(REVIEWERS[department]),
            timeout=5,
        )
        return reply.json()["tasks"]

    wait_for(lambda: all(tasks_of(d) for d in THREE), timeout=30)
    for department in THREE:  # each department's own queue holds its one task
        assert wait_for(
            lambda d=department: queue_depth(stack.amqp_uri, f"review_tasks.{d}") == 1, timeout=30
        )
        [task] = tasks_of(department)
        answered = requests.post(
            f"{review_service.url}/tasks/{task['task_id']}/opinion",
            headers=bearer(REVIEWERS[department]),
            data=json.dumps({"opinion_id": str(uuid.uuid4()), "verdict": "approve"}),
            timeout=5,
        )
        assert answered.status_code == 200, answered.text
    decided = requests.post(
        f"{review_service.url}/reviews/{review_id}/decision", data="{}", headers=lead, timeout=5
    )
    assert decided.status_code == 200, decided.text

    def closed():
        return requests.get(f"{intake.url}/cases/{case['case_no']}", headers=lead, timeout=5).json()["status"]

    assert wait_for(lambda: closed() == "completed", timeout=30)


def test_r_joint_2_intakes_joint_case_reaches_each_department_with_its_materials_and_its_own_due_date(stack):
    """NY-001 from a real window: each task carries the application's six materials (names,
    main/attachment, presented) and is due by its department's own limit from the catalogue
    (agriculture 5, natural resources 6, housing 5 working days), not one global limit."""
    intake = stack.start("intake")
    review_service = stack.start("joint_review", env=joint_review_env(THREE))
    lead = bearer("dev-window-agriculture")
    body = case_body("NY-001")
    case = requests.post(f"{intake.url}/cases", data=json.dumps(body), headers=lead, timeout=10).json()
    for department in THREE:
        assert wait_for(
            lambda d=department: queue_depth(stack.amqp_uri, f"review_tasks.{d}") == 1, timeout=30
        )
    work = {
        message["data"]["department"]: message["data"]
        for department in THREE
        for message in take_all(stack.amqp_uri, f"review_tasks.{department}")
    }
    catalogue = requests.get(f"{intake.url}/catalogue/NY-001", timeout=5).json()
    expected = [{**m, "presented": True} for m in catalogue["materials"]]
    assert len(expected) == 6 and catalogue["review_limits"] == {
        "agriculture_rural": 5,
        "natural_resources": 6,
        "housing_construction": 5,
    }
    for department in THREE:
        [task] = requests.get(
            f"{review_service.url}/departments/{department}/tasks",
            headers=bearer(REVIEWERS[department]),
            timeout=5,
        ).json()["tasks"]
        message = work[department]
        assert message["case_no"] == case["case_no"] and message["material_details"] == expected
        assert task["materials"] == message["materials"] == [m["name"] for m in expected]
        assert message["limit_days"] == catalogue["review_limits"][department]
        assert task["due_date"] == message["due_date"]
    due = {department: work[department]["due_date"] for department in THREE}
    assert due["agriculture_rural"] == due["housing_construction"] < due["natural_resources"]


def test_r_joint_2_every_department_of_a_large_review_gets_its_task_and_answers_as_amqp_commands(stack):
    """Ten departments, each its task and its opinion as AMQP commands (five ran here too, proving
    nothing ten does not; five departments still run in the replicas' test below)."""
    size = len(MANY)
    departments = MANY[:size]
    start_joint_review(stack, joint_review_env(departments))
    spy = bind_spy_queue(stack.amqp_uri, ["joint_review.events"])
    publisher = RawPublisher(stack.amqp_uri)
    publisher.publish("intake.events", "case_accepted", case_accepted(departments))
    publisher.close()
    for department in departments:
        assert wait_for(
            lambda d=department: queue_depth(stack.amqp_uri, f"review_tasks.{d}") == 1, timeout=30
        )
    tasks = [task["data"] for d in departments for task in take_all(stack.amqp_uri, f"review_tasks.{d}")]
    assert sorted(t["department"] for t in tasks) == departments
    senders = DepartmentSenders(stack.broker, stack.amqp_uri)
    for task in tasks:
        send_opinion(senders.channel(task["department"]), task)
    senders.close()
    news = drain(spy, expected=1 + size + size + 1, timeout=60)  # opened, assigned, recorded, converged
    kinds = [json.loads(body)["type"].rsplit(".", 1)[1] for body, _ in news]
    assert kinds.count("review_converged") == 1 and kinds.count("opinion_recorded") == size


def test_r_joint_4_two_replicas_receiving_every_opinion_twice_concurrently_converge_once_per_round(stack):
    departments = MANY[:5]
    first = start_joint_review(stack, joint_review_env(departments))
    second = {**joint_review_env(departments), "JOINT_REVIEW_DATABASE_URL": first.database_url}
    if os.environ.get("HALL_TEST_DB", "sqlite") == "sqlite":
        # One outbox relay per SQLite file (docs/architecture.md, the reliability core): its claim
        # is not a row lock, so two relays would both publish a row. Both replicas still consume
        # and converge.
        second["OUTBOX_RELAY_ENABLED"] = "false"
    stack.start("joint_review", env=second)
    spy = bind_spy_queue(stack.amqp_uri, ["joint_review.events"])
    publisher = RawPublisher(stack.amqp_uri)
    reviews = [case_accepted(departments) for _ in range(4)]
    for envelope in reviews:
        publisher.publish("intake.events", "case_accepted", envelope)
    publisher.close()
    for department in departments:
        assert wait_for(
            lambda d=department: queue_depth(stack.amqp_uri, f"review_tasks.{d}") == len(reviews), timeout=30
        )
    tasks = [task["data"] for d in departments for task in take_all(stack.amqp_uri, f"review_tasks.{d}")]

    for department in departments:  # the accounts exist before the two senders race
        DepartmentSenders(stack.broker, stack.amqp_uri).channel(department).connection.close()

    def send_all():
        senders = DepartmentSenders(stack.broker, stack.amqp_uri)
        for task in tasks:
            send_opinion(senders.channel(task["department"]), task)  # the same opinion id from both
        senders.close()

    senders = [threading.Thread(target=send_all) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    expected = len(reviews) * (1 + 2 * len(departments) + 1)
    news = [json.loads(body) for body, _ in drain(spy, expected=expected, timeout=90)]
    converged = [event["subject"] for event in news if event["type"].endswith("review_converged")]
    assert sorted(converged) == sorted(e["subject"] for e in reviews)  # once each, on the wire
    recorded = [event for event in news if event["type"].endswith("opinion_recorded")]
    assert len(recorded) == len(tasks)  # each opinion applied once though delivered twice
    extra = drain_nothing_more(spy)
    assert extra == []


def drain_nothing_more(spy, wait: float = 3.0) -> list[bytes]:
    """Whatever else arrives within ``wait`` seconds (a second convergence would show here)."""
    _, channel, name = spy
    found = []
    connection = spy[0]
    connection.sleep(wait)
    while True:
        method, _, body = channel.basic_get(name, auto_ack=True)
        if method is None:
            return found
        found.append(body)
