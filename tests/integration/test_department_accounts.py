"""The departments' broker accounts on a real RabbitMQ (R-JOINT-2, R-JOINT-3): the users,
permissions, exchanges, queues and bindings of deploy/rabbitmq/definitions.json, imported into a
vhost of their own with ``rabbitmqctl import_definitions``, let each department read its own
review_tasks queue and no other, and publish opinions but not tasks; and joint_review, the
contracts' topology and reliable_events declare the same things with the same arguments (a
difference would make the broker refuse joint_review's own declaration at startup)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pika
import pika.exceptions
import pytest
from bus import import_deployed_definitions
from intake_requests import REPO_ROOT

from hall_contracts.topology import (
    COMMANDS_EXCHANGE,
    OPINIONS_QUEUE,
    SUBMIT_OPINION,
    TASKS_EXCHANGE,
    declare_department_topology,
    department_user,
    task_queue,
)
from local_stack.accounts import install_dev_accounts

# the departments' broker accounts; no database: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

DEFINITIONS = REPO_ROOT / "deploy" / "rabbitmq" / "definitions.json"
DEPARTMENTS = [
    u["name"].removeprefix("dept_")
    for u in json.loads(DEFINITIONS.read_text())["users"]
    if u["name"].startswith("dept_")
]


@pytest.fixture(scope="module")
def deployed(private_broker, tmp_path_factory) -> str:
    """The definitions loaded as RabbitMQ loads them at boot, with ``/`` renamed to a fresh vhost."""
    vhost = import_deployed_definitions(private_broker, tmp_path_factory.mktemp("definitions"))
    install_dev_accounts(private_broker, vhost)  # the definitions hold no password
    return vhost


def connect(private_broker, vhost: str, user: str, password: str | None = None):
    """Logs in with the development password of deploy/README.md (the user's own name)."""
    uri = f"amqp://{user}:{password or user}@127.0.0.1:{private_broker.port}/{quote(vhost, safe='')}"
    return pika.BlockingConnection(pika.URLParameters(uri))


def refused(action) -> int | None:
    """The reply code the broker closes the channel with, or None if the action went through."""
    try:
        action()
    except pika.exceptions.ChannelClosedByBroker as error:
        return error.reply_code
    return None


def test_the_definitions_hold_every_joint_department():
    assert len(DEPARTMENTS) == 9 and "natural_resources" in DEPARTMENTS


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_r_joint_2_a_department_account_reads_its_own_task_queue_and_no_other(
    private_broker, deployed, department
):
    other = DEPARTMENTS[(DEPARTMENTS.index(department) + 1) % len(DEPARTMENTS)]
    connection = connect(private_broker, deployed, department_user(department))
    try:
        own = connection.channel()
        assert own.queue_declare(task_queue(department), passive=True).method.message_count == 0
        own.basic_consume(task_queue(department), lambda *_: None)
        assert refused(lambda: connection.channel().basic_consume(task_queue(other), lambda *_: None)) == 403
        assert refused(lambda: connection.channel().basic_get(task_queue(other))) == 403
        assert refused(lambda: connection.channel().basic_get(OPINIONS_QUEUE)) == 403
    finally:
        connection.close()


def test_r_joint_3_a_department_publishes_opinions_but_neither_tasks_nor_declarations(
    private_broker, deployed
):
    connection = connect(private_broker, deployed, department_user("natural_resources"))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(COMMANDS_EXCHANGE, SUBMIT_OPINION, b"{}", mandatory=True)  # confirmed
        forged = connection.channel()
        forged.confirm_delivery()
        assert refused(lambda: forged.basic_publish(TASKS_EXCHANGE, "natural_resources", b"{}")) == 403
        assert refused(lambda: connection.channel().queue_declare("dept.own_queue")) == 403
        assert refused(lambda: connection.channel().exchange_declare("dept.x", "fanout")) == 403
    finally:
        connection.close()
    guest = pika.BlockingConnection(pika.URLParameters(private_broker.vhost_uri(deployed)))
    try:
        method, _, body = guest.channel().basic_get(OPINIONS_QUEUE, auto_ack=True)
        assert body == b"{}" and method.routing_key == SUBMIT_OPINION
    finally:
        guest.close()


def joint_review_default_departments() -> list[str]:
    config = (REPO_ROOT / "services" / "joint_review" / "config.yml").read_text()
    return re.search(r"^DEPARTMENTS: \$\{DEPARTMENTS:([^}]*)\}", config, re.M).group(1).split(",")


def test_joint_review_and_the_contracts_declare_the_deployed_topology_with_the_same_arguments(
    private_broker, deployed
):
    from joint_review.messaging.topology import declare_task_queues
    from reliable_events.topology import QUORUM, consumer_queue_arguments, declare_dead_letters

    assert set(joint_review_default_departments()) == set(DEPARTMENTS)
    connection = pika.BlockingConnection(pika.URLParameters(private_broker.vhost_uri(deployed)))
    try:
        channel = connection.channel()
        declare_dead_letters(channel, "joint_review")
        declare_task_queues(channel, {"DEPARTMENTS": ",".join(DEPARTMENTS)})
        channel.exchange_declare(COMMANDS_EXCHANGE, "direct", durable=True)  # as kombu declares it
        channel.queue_declare(
            OPINIONS_QUEUE, durable=True, arguments=consumer_queue_arguments("joint_review", QUORUM, 20)
        )
        declare_department_topology(channel, DEPARTMENTS)
        assert channel.is_open
    finally:
        connection.close()
