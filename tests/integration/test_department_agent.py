"""The department agent on a real RabbitMQ (R-JOINT-2, R-JOINT-3): with no more rights than a
department's account (those of deploy/rabbitmq/definitions.json), it takes a review task that
joint_review published, and the opinion lands on ``joint_review.opinions`` as joint_review reads
it; a task redelivered after a crash between publish and ack is answered with the same opinion id;
a malformed task is dead-lettered; the delay keeps heartbeats flowing; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pika
import pytest
from bus import wait_for
from intake_requests import REPO_ROOT

from department_agent import DepartmentAgent, Policy
from hall_contracts import CONTENT_TYPE, build_envelope
from hall_contracts.commands import validate_opinion
from hall_contracts.sample_peers import review_task_assigned_v1
from hall_contracts.topology import (
    DEAD_LETTER_QUEUE,
    OPINIONS_QUEUE,
    TASKS_EXCHANGE,
    declare_department_topology,
    department_user,
    task_queue,
)

# the agent and the broker alone; no database: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

DEPARTMENT = "natural_resources"
DEFINITIONS = json.loads((REPO_ROOT / "deploy" / "rabbitmq" / "definitions.json").read_text())


@pytest.fixture
def broker(private_broker):
    """A fresh vhost with the topology, and an account with exactly the department's rights."""
    vhost = f"agent{uuid.uuid4().hex[:8]}"
    guest_uri = private_broker.add_vhost(vhost)
    connection = pika.BlockingConnection(pika.URLParameters(guest_uri))
    declare_department_topology(connection.channel(), [DEPARTMENT, "health"])
    connection.close()
    (rights,) = [p for p in DEFINITIONS["permissions"] if p["user"] == department_user(DEPARTMENT)]
    user = f"dept_{vhost}"
    private_broker.ctl("add_user", user, "secret")
    private_broker.ctl(
        "set_permissions", "-p", vhost, user, rights["configure"], rights["write"], rights["read"]
    )
    department_uri = f"amqp://{user}:secret@127.0.0.1:{private_broker.port}/{quote(vhost, safe='')}"
    yield guest_uri, department_uri
    private_broker.ctl("delete_user", user)


def publish_task(guest_uri: str, round_no: int = 1, body: bytes | None = None) -> dict:
    """As joint_review's relay does: persistent, confirmed, to joint_review.tasks by department."""
    data = {**review_task_assigned_v1()["data"], "round": round_no}
    data["task_id"] = f"JR-HALL-20260105-{uuid.uuid4().hex[:8].upper()}-{DEPARTMENT}-{round_no}"
    envelope = build_envelope("joint_review", "review_task_assigned", data["case_no"], data)
    connection = pika.BlockingConnection(pika.URLParameters(guest_uri))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(
        TASKS_EXCHANGE,
        DEPARTMENT,
        body or json.dumps(envelope).encode(),
        pika.BasicProperties(content_type=CONTENT_TYPE, delivery_mode=2, message_id=envelope["id"]),
        mandatory=True,
    )
    connection.close()
    return envelope


def take(guest_uri: str, queue: str) -> list[tuple]:
    """Every message on ``queue``: (properties, body)."""
    connection = pika.BlockingConnection(pika.URLParameters(guest_uri))
    channel, found = connection.channel(), []
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        found.append((message[1], message[2]))
    connection.close()
    return found


def depth(guest_uri: str, queue: str) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(guest_uri))
    count = connection.channel().queue_declare(queue, passive=True).method.message_count
    connection.close()
    return count


def start_agent(uri: str, tmp_path, *options: str) -> tuple[subprocess.Popen, object]:
    log = (tmp_path / f"agent-{uuid.uuid4().hex[:6]}.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "department_agent", "--amqp-uri", uri, "--department", DEPARTMENT, *options],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


def finish(process: subprocess.Popen, log, timeout: float = 30) -> str:
    try:
        code = process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
    log.seek(0)
    text = log.read()
    assert code == 0, text
    return text


def test_r_joint_3_the_agent_answers_a_task_with_an_opinion_joint_review_can_apply(broker, tmp_path):
    guest_uri, department_uri = broker
    task = publish_task(guest_uri)
    process, log = start_agent(
        department_uri, tmp_path, "--policy", "supplement", "--material", "宅基地四至图", "--max-tasks", "1"
    )
    output = finish(process, log)
    [(properties, body)] = take(guest_uri, OPINIONS_QUEUE)
    opinion = json.loads(body)
    assert validate_opinion(opinion) == []
    assert (opinion["verdict"], opinion["materials"], opinion["task_id"]) == (
        "supplement",
        ["宅基地四至图"],
        task["data"]["task_id"],
    )
    assert properties.message_id == opinion["opinion_id"]
    assert (properties.content_type, properties.delivery_mode) == ("application/json", 2)
    assert properties.correlation_id == task["correlationid"]
    # the account it logged in with (the broker checked it): joint_review's proof of the sender
    assert properties.user_id == pika.URLParameters(department_uri).credentials.username
    assert depth(guest_uri, task_queue(DEPARTMENT)) == 0  # acked
    assert f"task {task['data']['task_id']}" in output and opinion["opinion_id"] in output


class Crash(Exception):
    pass


class CrashingBeforeAck(DepartmentAgent):
    """Dies after the broker confirmed the opinion and before the task's ack."""

    def acknowledge(self, channel, delivery_tag):
        raise Crash


def test_redelivery_after_a_crash_between_publish_and_ack_gives_the_same_opinion_id(broker, tmp_path):
    guest_uri, department_uri = broker
    task = publish_task(guest_uri, round_no=2)
    with pytest.raises(Crash):
        CrashingBeforeAck(department_uri, DEPARTMENT, Policy("approve"), max_tasks=1).run()
    assert wait_for(lambda: depth(guest_uri, task_queue(DEPARTMENT)) == 1, timeout=10)  # back
    process, log = start_agent(department_uri, tmp_path, "--policy", "approve", "--max-tasks", "1")
    assert "(redelivered task)" in finish(process, log)
    first, second = [json.loads(body) for _, body in take(guest_uri, OPINIONS_QUEUE)]
    assert first["opinion_id"] == second["opinion_id"]
    assert (first["task_id"], first["round"]) == (task["data"]["task_id"], 2)
    assert depth(guest_uri, task_queue(DEPARTMENT)) == 0


def test_a_malformed_task_is_dead_lettered_and_the_next_one_answered(broker, tmp_path):
    guest_uri, department_uri = broker
    publish_task(guest_uri, body=b'{"not": "a review task"}')
    task = publish_task(guest_uri)
    process, log = start_agent(
        department_uri, tmp_path, "--policy", "reject", "--reason", "占用永久基本农田", "--max-tasks", "2"
    )
    assert "rejected, dead-lettered" in finish(process, log)
    assert wait_for(lambda: depth(guest_uri, DEAD_LETTER_QUEUE) == 1, timeout=10)
    [(_, body)] = take(guest_uri, DEAD_LETTER_QUEUE)
    assert json.loads(body) == {"not": "a review task"}
    [(_, body)] = take(guest_uri, OPINIONS_QUEUE)
    assert json.loads(body)["task_id"] == task["data"]["task_id"]


def test_the_delay_keeps_heartbeats_flowing_on_a_one_second_heartbeat(broker, tmp_path):
    guest_uri, department_uri = broker
    publish_task(guest_uri)
    started = time.monotonic()
    process, log = start_agent(
        f"{department_uri}?heartbeat=1", tmp_path, "--policy", "approve", "--delay", "4", "--max-tasks", "1"
    )
    output = finish(process, log)
    assert time.monotonic() - started >= 4
    assert "connection lost" not in output and "(redelivered task)" not in output
    assert len(take(guest_uri, OPINIONS_QUEUE)) == 1


def test_ctrl_c_stops_the_agent_cleanly_and_an_unanswered_task_goes_back_to_its_queue(broker, tmp_path):
    guest_uri, department_uri = broker
    process, log = start_agent(department_uri, tmp_path, "--policy", "approve", "--delay", "60")
    publish_task(guest_uri)
    assert wait_for(lambda: depth(guest_uri, task_queue(DEPARTMENT)) == 0, timeout=15)  # delivered
    process.send_signal(signal.SIGINT)
    assert "stopped after 0 task(s)" in finish(process, log, timeout=10)
    assert wait_for(lambda: depth(guest_uri, task_queue(DEPARTMENT)) == 1, timeout=10)
    assert take(guest_uri, OPINIONS_QUEUE) == []
