"""The four services on their own broker accounts (issue 12, point 5): they carry a joint case
through all of them with nothing refused, a forged ``complaint_substantiated`` changes no staff
score, and a retried then re-driven event keeps the exchange it first arrived by.

The accounts themselves, each tried against every exchange and queue it must not use, are in
``test_broker_accounts.py``.
"""

from __future__ import annotations

import json

import pika
import requests
from bus import wait_for
from intake_requests import bearer, case_body, window_of
from sqlalchemy import create_engine, text

from hall_contracts import build_envelope
from local_stack.accounts import OPERATOR, account_uri, departments, install_dev_accounts, service_permissions
from reliable_events.dead_letters import main as dead_letters_cli


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
                for code in departments()
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
