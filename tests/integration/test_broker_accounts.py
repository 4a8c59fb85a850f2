"""The broker accounts of deploy/rabbitmq/definitions.json on a real RabbitMQ (issue 12, point 5).

The definitions are imported into a fresh vhost as the broker loads them at boot; nobody can log
in with them alone (no password hashes), so the development passwords are set afterwards as
``make up`` sets them. Then every account tries every exchange it must not publish to and every
queue it must not consume, each refused with ACCESS_REFUSED (403); what each may do goes
through. The expectations are written here from the ownership rule, not read from the
generated regexes. Last, the four services run on their own accounts and carry a joint case
through all of them with nothing refused, and a forged ``complaint_substantiated`` changes no
staff score.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pika
import pika.exceptions
import pytest
import requests
from bus import import_deployed_definitions, wait_for
from intake_requests import REPO_ROOT, bearer, case_body, window_of
from sqlalchemy import create_engine, text

from hall_contracts import build_envelope
from hall_contracts.topology import department_user
from local_stack.accounts import (
    AGENCY,
    OPERATOR,
    account_uri,
    departments,
    dev_password,
    install_dev_accounts,
    service_permissions,
)
from local_stack.topology import SERVICES
from reliable_events.dead_letters import main as dead_letters_cli

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


# -- the services on their own accounts ---------------------------------------------------------


def accounts_stack(stack) -> str:
    vhost = stack.amqp_uri.rsplit("/", 1)[1]
    install_dev_accounts(stack.broker, vhost)
    return vhost


def start_on_own_account(stack, service: str, env: dict | None = None):
    return stack.start(service, {"AMQP_URI": account_uri(stack.amqp_uri, service), **(env or {})})


def assert_nothing_refused(*processes) -> None:
    for process in processes:
        text = process.log_text()
        assert "ACCESS_REFUSED" not in text, process.service


def test_r_score_1_the_four_services_carry_a_joint_case_on_their_own_accounts_and_refuse_a_forgery(stack):
    """One stack for both (each start costs seconds): the flow, then the forged score cut."""
    accounts_stack(stack)
    intake = start_on_own_account(stack, "intake")
    joint_review = start_on_own_account(stack, "joint_review", {"INTAKE_URL": intake.url})
    complaints = start_on_own_account(stack, "complaints", {"INTAKE_URL": intake.url})
    notify = start_on_own_account(
        stack, "notify", {"INTAKE_URL": intake.url, "SMS_GATEWAY_URL": "", "SMTP_HOST": ""}
    )
    answer = requests.post(
        f"{intake.url}/cases", data=json.dumps(case_body("NY-001")), headers=window_of("NY-001"), timeout=10
    )
    assert answer.status_code == 201, answer.text
    case_no = answer.json()["case_no"]

    def notices():
        found = requests.get(
            f"{notify.url}/notices", params={"case_no": case_no}, headers=window_of("NY-001"), timeout=5
        )
        return {notice["notice_type"] for notice in found.json()["notices"]}

    def tasks_waiting():
        connection = pika.BlockingConnection(pika.URLParameters(stack.amqp_uri))
        try:
            channel = connection.channel()
            return sum(
                channel.queue_declare(f"review_tasks.{code}", passive=True).method.message_count
                for code in DEPARTMENTS
            )
        finally:
            connection.close()

    wait_for(lambda: "receipt" in notices(), timeout=60)  # intake -> notify
    wait_for(tasks_waiting, timeout=60)  # intake -> joint_review -> the departments' queues
    wait_for(lambda: requests.get(f"{complaints.url}/metrics", timeout=5).ok)
    assert_nothing_refused(intake, joint_review, complaints, notify)
    a_forged_complaint_substantiated_changes_no_staff_score(stack, intake)


def substantiated(ref: str) -> dict:
    return build_envelope(
        "complaints",
        "complaint_substantiated",
        ref,
        {
            "complaint_ref": ref,
            "case_no": None,
            "staff_id": "S01",
            "department": "market_regulation",
            "window": "W03",
            "category": "poor_attitude",
            "deduction_points": 30,
            "substantiated_at": "2026-11-26T09:00:00+08:00",
        },
    )


def publish(amqp_uri: str, exchange: str, routing_key: str, envelope: dict) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            exchange,
            routing_key,
            json.dumps(envelope, ensure_ascii=False),
            pika.BasicProperties(
                content_type="application/cloudevents+json", delivery_mode=2, message_id=envelope["id"]
            ),
            mandatory=True,
        )
    finally:
        connection.close()


def a_forged_complaint_substantiated_changes_no_staff_score(stack, intake) -> None:
    """Only the genuine one, from complaints.events, cuts S01's score; the forgeries are
    dead-lettered with the reason and counted."""
    queue = "evt-complaints-complaint_substantiated--intake.handle_complaint_substantiated"
    # an account that may write to the default exchange sends it straight into intake's queue
    publish(stack.amqp_uri, "", queue, substantiated("CMP-FORGED-1"))
    # joint_review's account, on its own exchange, into a queue of intake bound there
    publish(
        account_uri(stack.amqp_uri, "joint_review"),
        "joint_review.events",
        "review_decided",
        substantiated("CMP-FORGED-2"),
    )
    # the genuine one, from complaints' own exchange
    publish(
        account_uri(stack.amqp_uri, "complaints"),
        "complaints.events",
        "complaint_substantiated",
        substantiated("CMP-GENUINE-1"),
    )

    def deductions():
        scores = requests.get(
            f"{intake.url}/reports/staff-scores",
            params={"month": "2026-11"},
            headers=bearer("dev-supervision"),
            timeout=5,
        ).json()
        return {d["ref"] for line in scores["staff"] if line["staff_id"] == "S01" for d in line["deductions"]}

    def refused():
        metrics = requests.get(f"{intake.url}/metrics", timeout=5).text
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines()
            if line.startswith("hall_events_refused_total{") and 'service="intake"' in line
        )

    forged = {"CMP-FORGED-1", "CMP-FORGED-2"}
    wait_for(
        lambda: "CMP-GENUINE-1" in deductions() and (refused() == 2 or forged & deductions()), timeout=60
    )
    assert deductions() == {"CMP-GENUINE-1"}
    assert refused() == 2
    connection = pika.BlockingConnection(pika.URLParameters(stack.amqp_uri))
    try:
        channel = connection.channel()
        letters = []
        while True:
            method, properties, body = channel.basic_get("intake.dead_letters", auto_ack=True)
            if method is None:
                break
            letters.append((json.loads(body)["data"]["complaint_ref"], properties.headers["x-hall-reason"]))
    finally:
        connection.close()
    assert sorted(ref for ref, _ in letters) == ["CMP-FORGED-1", "CMP-FORGED-2"]
    assert all(
        "forged or misrouted event" in reason and "complaints.events" in reason for _, reason in letters
    )
    assert_nothing_refused(intake)


def metric(process, name: str) -> float:
    text = requests.get(f"{process.url}/metrics", timeout=5).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(f"{name}{{"))


def probe_rows(probe, table: str, event_id: str) -> int:
    engine = create_engine(probe.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(f"SELECT COUNT(*) FROM {table} WHERE event_id = :id"), {"id": event_id}
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_retried_then_redriven_event_keeps_its_exchange_of_first_arrival(stack, tmp_path):
    """Retries come back through the delay queues and the default exchange, a re-drive through
    the default exchange: the exchange of first arrival survives both hops (vouched for by the
    consumer's own account, then the operator's), so the event is still believed."""
    from reliability.probe import probe_service

    vhost = accounts_stack(stack)
    user = f"probe_{vhost}"  # an account of the probe's own, with the rights generated for it
    rights = service_permissions("probe", {"RETRY_DELAYS": "0.1,0.2"}, probe_service.ProbeService)
    stack.broker.ctl("add_user", user, "probe-secret")
    stack.broker.ctl(
        "set_permissions", "-p", vhost, user, rights["configure"], rights["write"], rights["read"]
    )
    fail_file = tmp_path / "fail"
    fail_file.touch()
    probe = stack.start_probe(
        env={
            "AMQP_URI": account_uri(stack.amqp_uri, user, "probe-secret"),
            "MAX_DELIVERIES": "3",
            "PROBE_FAIL_FILE": str(fail_file),
            "RETRY_DELAYS": "0.1,0.2",
        }
    )
    try:
        envelope = build_envelope(
            "intake", "case_accepted", "HALL-20261204-ORIGIN00", {"probe": {"fail": True}}
        )
        publish(account_uri(stack.amqp_uri, "intake"), "intake.events", "case_accepted", envelope)

        wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 1, timeout=60)
        assert probe_rows(probe, "probe_deliveries", envelope["id"]) == 3  # each retry came back
        fail_file.unlink()
        operator = ["--amqp-uri", account_uri(stack.amqp_uri, OPERATOR), "--service", "probe"]
        assert dead_letters_cli([*operator, "redrive", envelope["id"]]) == 0
        wait_for(lambda: probe_rows(probe, "probe_applications", envelope["id"]) == 1, timeout=60)
        assert metric(probe, "hall_events_refused_total") == 0
        assert_nothing_refused(probe)
    finally:
        stack.stop()
        stack.broker.ctl("delete_user", user)


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
