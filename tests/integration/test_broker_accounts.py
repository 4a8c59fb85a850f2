"""The broker accounts of deploy/rabbitmq/definitions.json on a real RabbitMQ (issue 12, point 5).

The definitions are imported into a fresh vhost as the broker loads them at boot; nobody can log
in with them alone (no password hashes), so the development passwords are set afterwards as
``make up`` sets them. Then every account tries every exchange it must not publish to and every
queue it must not consume, each refused with ACCESS_REFUSED (403); what each may do goes
through. The expectations are written here from the ownership rule, not read from the
generated regexes. The services at work on their own accounts: ``test_events_on_own_accounts.py``.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pika
import pika.exceptions
import pytest
from bus import import_deployed_definitions
from intake_requests import REPO_ROOT

from hall_contracts.topology import department_user
from local_stack.accounts import (
    AGENCY,
    OPERATOR,
    departments,
    dev_password,
    install_dev_accounts,
)
from local_stack.topology import SERVICES

# the broker's accounts and rights; no database: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

DEFINITIONS = REPO_ROOT / "deploy" / "rabbitmq" / "definitions.json"
ACCESS_REFUSED = 403
DEPARTMENTS = departments()
ACCOUNTS = [*SERVICES, AGENCY, *(department_user(code) for code in DEPARTMENTS)]
LOADED = json.loads(DEFINITIONS.read_text())
EXCHANGES = sorted(entry["name"] for entry in LOADED["exchanges"])
QUEUES = sorted(entry["name"] for entry in LOADED["queues"])


def owner_of_queue(queue: str) -> str | None:
    """The service whose queue it is: ``<svc>.*``, its consumer queues ``evt-...--<svc>.x``,
    and joint_review's task queues (a department reads its own)."""
    if queue.startswith("evt-"):
        return queue.rsplit("--", 1)[1].split(".", 1)[0]
    if queue.startswith("review_tasks."):
        return "joint_review"
    return next((service for service in SERVICES if queue.startswith(f"{service}.")), None)


def may_publish(account: str, exchange: str) -> bool:
    if account in SERVICES:  # its own exchanges, but never the commands sent to it
        return exchange.startswith(f"{account}.") and exchange != "joint_review.commands"
    if account.startswith("dept_"):
        return exchange == "joint_review.commands"
    return False  # the agency publishes nothing; nobody but the operator uses the default exchange


def may_consume(account: str, queue: str) -> bool:
    if account in SERVICES:
        return owner_of_queue(queue) == account
    if account.startswith("dept_"):
        return queue == f"review_tasks.{account.removeprefix('dept_')}"
    return False


def uri(broker, vhost: str, user: str, password: str | None = None) -> str:
    secret = dev_password(user) if password is None else password
    return f"amqp://{user}:{quote(secret, safe='')}@127.0.0.1:{broker.port}/{quote(vhost, safe='')}"


def logs_in(broker, vhost: str, user: str, password: str) -> bool:
    try:
        pika.BlockingConnection(pika.URLParameters(uri(broker, vhost, user, password))).close()
    except pika.exceptions.ProbableAuthenticationError:
        return False
    return True


@pytest.fixture(scope="module")
def deployed(private_broker, tmp_path_factory):
    vhost = import_deployed_definitions(private_broker, tmp_path_factory.mktemp("definitions"), "accounts")
    before = {
        user: logs_in(private_broker, vhost, user, dev_password(user))
        for user in (OPERATOR, "intake", AGENCY, department_user(DEPARTMENTS[0]))
    }
    install_dev_accounts(private_broker, vhost)
    return vhost, before


def test_the_deployed_definitions_hold_no_usable_password(deployed):
    _, before = deployed
    assert before == dict.fromkeys(before, False)
    users = {user["name"]: user for user in LOADED["users"]}
    assert set(users) == {OPERATOR, *ACCOUNTS} and "hall" not in users and "guest" not in users
    assert all(user["password_hash"] == "" for user in users.values())


def test_only_the_operator_has_full_rights():
    full = [p["user"] for p in LOADED["permissions"] if ".*" in (p["configure"], p["write"], p["read"])]
    assert full == [OPERATOR]
    for rights in LOADED["permissions"]:
        for kind in ("configure", "write", "read"):
            assert rights[kind].startswith("^") and rights[kind].endswith("$") or rights[kind] == ".*"


def refusal_code(connection, action) -> int | None:
    """The code the broker closes the channel with, or None when the action went through."""
    channel = connection.channel()
    try:
        action(channel)
    except pika.exceptions.ChannelClosedByBroker as error:
        return error.reply_code
    channel.close()
    return None


@pytest.mark.parametrize("account", ACCOUNTS)
def test_each_account_publishes_only_to_its_own_exchanges(private_broker, deployed, account):
    vhost, _ = deployed
    connection = pika.BlockingConnection(pika.URLParameters(uri(private_broker, vhost, account)))
    try:
        outcomes = {}
        for exchange in ["", *EXCHANGES]:

            def publish(channel, exchange=exchange):
                channel.confirm_delivery()
                channel.basic_publish(exchange, "permission-check", b"{}")

            outcomes[exchange] = refusal_code(connection, publish)
    finally:
        connection.close()
    expected = {exchange: None if may_publish(account, exchange) else ACCESS_REFUSED for exchange in outcomes}
    assert outcomes == expected
    assert any(code is None for code in outcomes.values()) or account == AGENCY


@pytest.mark.parametrize("account", ACCOUNTS)
def test_each_account_consumes_only_its_own_queues(private_broker, deployed, account):
    vhost, _ = deployed
    connection = pika.BlockingConnection(pika.URLParameters(uri(private_broker, vhost, account)))
    try:
        outcomes = {
            queue: refusal_code(connection, lambda channel, queue=queue: channel.basic_get(queue))
            for queue in QUEUES
        }
        consumed = {
            queue: refusal_code(
                connection, lambda channel, queue=queue: channel.basic_consume(queue, lambda *_: None)
            )
            for queue in QUEUES
            if not may_consume(account, queue)
        }
    finally:
        connection.close()
    assert outcomes == {queue: None if may_consume(account, queue) else ACCESS_REFUSED for queue in QUEUES}
    assert set(consumed.values()) <= {ACCESS_REFUSED}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_declares_none_of_the_others_exchanges_or_queues(private_broker, deployed, service):
    vhost, _ = deployed
    connection = pika.BlockingConnection(pika.URLParameters(uri(private_broker, vhost, service)))
    try:
        for other in SERVICES:
            if other == service:
                continue
            assert (
                refusal_code(
                    connection,
                    lambda channel, other=other: channel.exchange_declare(
                        f"{other}.dlx", "fanout", durable=True
                    ),
                )
                == ACCESS_REFUSED
            )
            assert (
                refusal_code(
                    connection, lambda channel, other=other: channel.queue_delete(f"{other}.dead_letters")
                )
                == ACCESS_REFUSED
            )
        assert (
            refusal_code(connection, lambda channel: channel.queue_declare(f"agency.{service}"))
            == ACCESS_REFUSED
        )
    finally:
        connection.close()


def test_the_agency_binds_and_consumes_a_queue_of_its_own_but_publishes_nowhere(private_broker, deployed):
    vhost, _ = deployed
    connection = pika.BlockingConnection(pika.URLParameters(uri(private_broker, vhost, AGENCY)))
    try:
        channel = connection.channel()
        channel.queue_declare("agency.cityhall", durable=True)
        for service in SERVICES:
            channel.queue_bind("agency.cityhall", f"{service}.events", routing_key="#")
        channel.basic_get("agency.cityhall")
        assert (
            refusal_code(connection, lambda channel: channel.exchange_declare("agency.forged", "topic"))
            is None
        )  # its own names, to bind from, not the services'
        assert (
            refusal_code(
                connection,
                lambda channel: channel.queue_bind("agency.cityhall", "joint_review.tasks", routing_key="#"),
            )
            == ACCESS_REFUSED
        )
    finally:
        connection.close()
