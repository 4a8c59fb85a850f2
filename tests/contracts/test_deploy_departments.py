"""deploy/rabbitmq/definitions.json gives every department of a joint catalogue item its own
broker account (R-JOINT-2): user ``dept_<code>`` (no password in the repository; the
development password of ``make up`` is the user name, see deploy/README.md), configure
nothing, write only ``joint_review.commands``, read only its own ``review_tasks.<code>``; and
declares the task and opinion topology of hall_contracts.topology."""

import json
import re
from pathlib import Path

import pytest

from hall_contracts import topology

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = json.loads((REPO_ROOT / "deploy" / "rabbitmq" / "definitions.json").read_text())
CATALOGUE = json.loads((REPO_ROOT / "services" / "intake" / "intake" / "catalogue.json").read_text())
JOINT_DEPARTMENTS = sorted(
    {code for item in CATALOGUE["items"] if item["kind"] == "joint" for code in item["departments"]}
)
OTHER_RESOURCES = [
    "joint_review.opinions",
    "joint_review.tasks",
    "joint_review.dead_letters",
    "joint_review.events",
    "intake.events",
    "review_tasks.",
    "review_tasks.#",
]


def allows(pattern: str, name: str) -> bool:
    """RabbitMQ grants a permission when its regex matches (searches) the resource name."""
    return re.search(pattern, name) is not None


def permissions_of(user: str) -> dict:
    (found,) = [p for p in DEFINITIONS["permissions"] if p["user"] == user and p["vhost"] == "/"]
    return found


def named(kind: str) -> dict[str, dict]:
    return {entry["name"]: entry for entry in DEFINITIONS[kind] if entry["vhost"] == "/"}


def test_the_joint_departments_are_those_of_the_catalogue():
    assert "natural_resources" in JOINT_DEPARTMENTS and len(JOINT_DEPARTMENTS) >= 4
    users = {u["name"] for u in DEFINITIONS["users"] if u["name"].startswith("dept_")}
    assert users == {topology.department_user(code) for code in JOINT_DEPARTMENTS}


@pytest.mark.parametrize("department", JOINT_DEPARTMENTS)
def test_r_joint_2_each_joint_department_has_an_account_without_a_password_in_the_repository(department):
    name = topology.department_user(department)
    (user,) = [u for u in DEFINITIONS["users"] if u["name"] == name]
    assert user["hashing_algorithm"] == "rabbit_password_hashing_sha256" and user["tags"] == []
    assert user["password_hash"] == ""  # set at deployment: deploy/rabbitmq/with_passwords.py


@pytest.mark.parametrize("department", JOINT_DEPARTMENTS)
def test_r_joint_2_a_department_reads_only_its_own_task_queue_and_writes_only_commands(department):
    granted = permissions_of(topology.department_user(department))
    own = topology.task_queue(department)
    assert allows(granted["read"], own)
    assert allows(granted["write"], topology.COMMANDS_EXCHANGE)
    for other in JOINT_DEPARTMENTS:
        if other != department:
            assert not allows(granted["read"], topology.task_queue(other)), other
    for name in [*OTHER_RESOURCES, f"{own}.x", f"x{own}"]:
        assert not allows(granted["read"], name) and not allows(granted["write"], name), name
    for name in [own, topology.COMMANDS_EXCHANGE, "dept.anything", ""]:
        assert not allows(granted["configure"], name) or name == "", name


@pytest.mark.parametrize("department", JOINT_DEPARTMENTS)
def test_r_joint_2_each_department_queue_is_a_dead_lettering_quorum_queue_bound_by_its_code(department):
    queue = named("queues")[topology.task_queue(department)]
    assert queue["durable"] and not queue["auto_delete"]
    assert queue["arguments"] == topology.TASK_QUEUE_ARGUMENTS
    assert queue["arguments"]["x-dead-letter-exchange"] == "joint_review.dlx"
    bindings = [
        (b["source"], b["routing_key"])
        for b in DEFINITIONS["bindings"]
        if b["destination"] == queue["name"] and b["destination_type"] == "queue"
    ]
    assert bindings == [("joint_review.tasks", department)]


def test_r_joint_3_the_tasks_and_commands_exchanges_and_the_opinions_queue_are_declared():
    exchanges = named("exchanges")
    assert exchanges["joint_review.tasks"]["type"] == "direct"
    assert exchanges["joint_review.tasks"]["arguments"] == topology.TASKS_EXCHANGE_ARGUMENTS
    assert exchanges["joint_review.commands"]["type"] == "direct"
    assert exchanges["joint_review.dlx"]["type"] == "fanout"
    assert all(e["durable"] and not e["auto_delete"] for e in exchanges.values())
    opinions = named("queues")["joint_review.opinions"]
    assert opinions["arguments"] == topology.OPINIONS_QUEUE_ARGUMENTS
    assert opinions["arguments"]["x-queue-type"] == "quorum"
    assert {
        "source": "joint_review.commands",
        "vhost": "/",
        "destination": "joint_review.opinions",
        "destination_type": "queue",
        "routing_key": "submit_opinion",
        "arguments": {},
    } in DEFINITIONS["bindings"]


def test_the_opinions_queue_arguments_are_those_joint_review_declares_by_default():
    from joint_review.messaging.topology import (
        COMMANDS_EXCHANGE,
        OPINIONS_QUEUE,
        SUBMIT_OPINION,
        TASKS_EXCHANGE,
    )
    from reliable_events.topology import QUORUM, consumer_queue_arguments

    config = (REPO_ROOT / "services" / "joint_review" / "config.yml").read_text()
    default = r"^BROKER_DELIVERY_LIMIT: \$\{BROKER_DELIVERY_LIMIT:(\d+)\}"
    assert re.search(default, config, re.M).group(1) == str(topology.OPINIONS_DELIVERY_LIMIT)
    assert topology.OPINIONS_QUEUE_ARGUMENTS == consumer_queue_arguments(
        "joint_review", QUORUM, topology.OPINIONS_DELIVERY_LIMIT
    )
    assert (COMMANDS_EXCHANGE, OPINIONS_QUEUE, SUBMIT_OPINION, TASKS_EXCHANGE) == (
        topology.COMMANDS_EXCHANGE,
        topology.OPINIONS_QUEUE,
        topology.SUBMIT_OPINION,
        topology.TASKS_EXCHANGE,
    )
