"""A broker restart in the middle of a fan-out of 200 joint reviews loses no task and duplicates
no effect: every review is opened once, every department gets every task of its reviews, and
whatever the relay had to publish again after the restart is a copy of the same message (same
id), never a second task."""

import json

import pika
from bus import RawPublisher, wait_for
from sqlalchemy import create_engine, text

from hall_contracts import build_envelope

DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
REVIEWS = 200


def joint_case(number: int) -> dict:
    case_no = f"HALL-20261123-F{number:07d}"
    return build_envelope(
        "intake",
        "case_accepted",
        case_no,
        {
            "case_no": case_no,
            "item_code": "NY-001",
            "item_name": "农村宅基地和建房（规划许可）审批",
            "item_kind": "joint",
            "lead_department": DEPARTMENTS[0],
            "departments": DEPARTMENTS,
        },
    )


def counts(database_url: str) -> tuple[int, int, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        found = tuple(
            connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            for table in ("reviews", "tasks")
        )
        pending = connection.execute(text("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")).scalar_one()
    engine.dispose()
    return (*found, pending)


def consumer_bound(amqp_uri: str) -> bool:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        connection.channel().queue_declare(
            "evt-intake-case_accepted--joint_review.handle_case_accepted", passive=True
        )
        return True
    except pika.exceptions.ChannelClosedByBroker:
        return False
    finally:
        connection.close()


def drain_queue(amqp_uri: str, queue: str) -> list[dict]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    found = []
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        found.append(json.loads(message[2]))
    connection.close()
    return found


def test_r_joint_2_a_broker_restart_mid_fan_out_of_200_reviews_loses_no_task_and_duplicates_no_effect(stack):
    service = stack.start("joint_review", env={"DEPARTMENTS": ",".join(DEPARTMENTS)})
    wait_for(lambda: consumer_bound(stack.amqp_uri), timeout=30)  # else the events find no queue
    publisher = RawPublisher(stack.amqp_uri)
    cases = [joint_case(number) for number in range(REVIEWS)]
    for envelope in cases:
        publisher.publish("intake.events", "case_accepted", envelope)
    publisher.publish("intake.events", "case_accepted", cases[0])  # and one duplicate delivery
    publisher.close()
    wait_for(lambda: counts(service.database_url)[0] >= REVIEWS // 4, timeout=120)
    at_restart = counts(service.database_url)
    stack.broker.restart()  # mid fan-out: events still queued, outbox rows still pending
    assert at_restart[0] < REVIEWS or at_restart[2] > 0, f"the restart came after the fan-out: {at_restart}"
    wait_for(lambda: counts(service.database_url) == (REVIEWS, REVIEWS * len(DEPARTMENTS), 0), timeout=240)

    for department in DEPARTMENTS:
        queue = f"review_tasks.{department}"
        tasks = drain_queue(stack.amqp_uri, queue)
        task_ids = {task["data"]["task_id"] for task in tasks}
        assert task_ids == {f"JR-{case['subject']}-{department}-1" for case in cases}, queue  # none lost
        copies = {}
        for task in tasks:  # a copy after the restart is the same message, not a second task
            copies.setdefault(task["data"]["task_id"], set()).add(task["id"])
        assert all(len(ids) == 1 for ids in copies.values())
