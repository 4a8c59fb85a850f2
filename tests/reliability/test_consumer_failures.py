"""The consumer side of "nothing lost", tried the way it broke: a first deploy with no queue
bound yet, bytes that cannot be decoded, a database outage, forged attempt counts, a dead-letter
queue listed again and again, a message that cannot even be dead-lettered.

Each scenario prints its figures and asserts lost = unexpected = applied twice = 0.
"""

import json
import time
from collections import Counter

import pika
import pytest
import requests
from bus import RawPublisher, wait_for
from checker import check
from intake_requests import case_body, window_of
from probe_checks import metric, print_figures, probe_counts, wait_until_applied
from sqlalchemy import create_engine, text
from stack import database_outage

from hall_contracts import build_envelope
from reliable_events.dead_letters import DeadLetterQueue
from reliable_events.dead_letters import main as dead_letters_cli
from reliable_events.outbox_cli import main as outbox_cli


def test_events_committed_before_any_consumer_queue_exists_wait_in_the_unrouted_queue_and_replay(stack):
    intake = stack.start("intake")  # the first deploy: no other service has declared anything
    for _ in range(5):
        answer = requests.post(
            f"{intake.url}/cases",
            data=json.dumps(case_body("SC-010")),
            headers=window_of("SC-010"),
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
    engine = create_engine(intake.database_url)
    with engine.connect() as connection:
        committed = (
            connection.execute(text("SELECT event_id FROM outbox WHERE exchange = 'intake.events'"))
            .scalars()
            .all()
        )
    engine.dispose()
    sent = len(committed)
    assert sent >= 10  # each case: case_registered and case_accepted at least

    wait_for(lambda: metric(intake, "hall_unrouted_queue_depth", service="intake") == sent)

    # an agency binds its queue today and catches up on the retained events
    connection = pika.BlockingConnection(pika.URLParameters(stack.amqp_uri))
    channel = connection.channel()
    channel.queue_declare("agency.late", durable=True)
    channel.queue_bind("agency.late", "intake.events", routing_key="#")
    assert (
        outbox_cli(
            [
                "replay",
                "--service",
                "intake",
                "--queue",
                "agency.late",
                "--database-url",
                intake.database_url,
                "--amqp-uri",
                stack.amqp_uri,
                "--since",
                "2000-01-01T00:00:00+00:00",
            ]
        )
        == 0
    )
    replayed = take_all(channel, "agency.late")
    report = check(committed, Counter(replayed), Counter(replayed))
    print_figures("late subscriber, replayed", report)
    assert report.clean and len(report.delivered_once) == sent, report

    # or the operator sends the unrouted events themselves to where they were published
    assert (
        dead_letters_cli(["--amqp-uri", stack.amqp_uri, "--service", "intake", "--queue", "unrouted", "list"])
        == 0
    )
    assert (
        dead_letters_cli(
            ["--amqp-uri", stack.amqp_uri, "--service", "intake", "--queue", "unrouted", "redrive", "--all"]
        )
        == 0
    )
    assert sorted(take_all(channel, "agency.late")) == sorted(replayed)
    connection.close()
    assert metric(intake, "hall_unrouted_queue_depth", service="intake") == 0


def take_all(channel, queue: str) -> list[str]:
    ids = []
    while True:
        method, _, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            return ids
        ids.append(json.loads(body)["id"])


def test_bytes_that_cannot_be_decoded_and_a_foreign_content_type_are_dead_lettered_with_the_reason(stack):
    probe = stack.start_probe()
    publisher = RawPublisher(stack.amqp_uri)
    publisher.publish(
        "intake.events",
        "case_accepted",
        b"\xff\xfe\x00not utf-8 {",
        content_type="application/json",
        message_id="bad-bytes",
    )
    publisher.publish(
        "intake.events", "case_accepted", b"hello", content_type="text/plain", message_id="plain-text"
    )
    behind = [publisher.case_accepted()["id"] for _ in range(10)]
    publisher.close()

    wait_until_applied(probe, behind)
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 2)
    report = check(behind, *probe_counts(probe))
    print_figures("undecodable and text/plain bodies", report, dead_lettered=2)
    assert report.clean, report
    dlq = DeadLetterQueue(stack.amqp_uri, "probe")
    letters = {letter.message_id: letter for letter in dlq.browse()}
    dlq.close()
    assert set(letters) == {"bad-bytes", "plain-text"}
    assert "undecodable body" in letters["bad-bytes"].reason
    assert letters["bad-bytes"].body == b"\xff\xfe\x00not utf-8 {"  # kept as it came
    assert "text/plain" in letters["plain-text"].reason
    assert probe.is_running()


def test_a_message_that_cannot_even_be_dead_lettered_does_not_stop_the_service(stack):
    probe = stack.start_probe()
    connection = pika.BlockingConnection(pika.URLParameters(stack.amqp_uri))
    connection.channel().exchange_delete("probe.dlx")  # the dead-letter publish will fail
    connection.close()
    publisher = RawPublisher(stack.amqp_uri)
    publisher.publish(
        "intake.events",
        "case_accepted",
        b'{"not": "an envelope"}',
        content_type="application/json",
        message_id="garbage-1",
    )
    behind = [publisher.case_accepted()["id"] for _ in range(5)]
    publisher.close()

    wait_until_applied(probe, behind)
    # held, then tried again: the reconnected publisher declared the dead letters anew
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 1, timeout=60)
    report = check(behind, *probe_counts(probe))
    print_figures("a dead-letter publish that fails", report, dead_lettered=1)
    assert report.clean, report
    assert probe.is_running() and probe.health_status() == 200


def test_attempt_counts_a_publisher_forges_are_ignored_and_a_redriven_message_starts_afresh(stack, tmp_path):
    fail_file = tmp_path / "poison-on"
    fail_file.touch()
    probe = stack.start_probe(env={"PROBE_FAIL_FILE": str(fail_file), "MAX_DELIVERIES": "3"})
    envelope = build_envelope("intake", "case_accepted", "HALL-20261204-FORGED00", {"probe": {"fail": True}})
    connection = pika.BlockingConnection(pika.URLParameters(stack.amqp_uri))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(
        "intake.events",
        "case_accepted",
        json.dumps(envelope),
        pika.BasicProperties(
            content_type="application/cloudevents+json",
            delivery_mode=2,
            message_id=envelope["id"],
            headers={"x-hall-attempts": 99, "x-delivery-count": 99},
        ),
    )
    connection.close()

    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 1, timeout=60)
    assert probe_counts(probe)[0][envelope["id"]] == 3  # all three attempts, not one

    cli = ["--amqp-uri", stack.amqp_uri, "--service", "probe"]
    assert dead_letters_cli([*cli, "redrive", envelope["id"]]) == 0
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 2, timeout=60)
    assert probe_counts(probe)[0][envelope["id"]] == 6  # three attempts again after the re-drive


def test_dead_letters_survive_25_listings_under_a_delivery_limit_of_20(stack, capsys):
    probe = stack.start_probe()
    vhost = stack.amqp_uri.rsplit("/", 1)[1]
    # RabbitMQ 4 gives every quorum queue a delivery limit of 20; 3.10 takes it from a policy
    stack.broker.ctl(
        "set_policy",
        "-p",
        vhost,
        "--apply-to",
        "queues",
        "limit-20",
        "^probe\\.dead_letters$",
        '{"delivery-limit": 20}',
    )
    publisher = RawPublisher(stack.amqp_uri)
    garbage = [f"garbage-{n}" for n in range(3)]
    for message_id in garbage:
        publisher.publish(
            "intake.events",
            "case_accepted",
            b'{"not": "an envelope"}',
            content_type="application/json",
            message_id=message_id,
        )
    publisher.close()
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 3)

    cli = ["--amqp-uri", stack.amqp_uri, "--service", "probe", "list"]
    for _ in range(25):
        assert dead_letters_cli(cli) == 0
        listed = capsys.readouterr()
        assert "3 dead letter(s)" in listed.err
    dlq = DeadLetterQueue(stack.amqp_uri, "probe")
    assert sorted(letter.message_id for letter in dlq.browse()) == garbage
    dlq.close()


def test_a_database_outage_dead_letters_nothing_and_everything_is_applied_once_after_it(stack):
    """PostgreSQL: connections refused and backends terminated. SQLite: another process holds
    the file's write lock (a backup, an operator's shell)."""
    # SQLite: one connection per process, so each locked write holds the others up for the
    # busy timeout; a short one keeps the scenario short
    probe = stack.start_probe(env={"MAX_DELIVERIES": "3", "SQLITE_BUSY_TIMEOUT": "0.1"})
    outage = database_outage(probe.database_url)
    publisher = RawPublisher(stack.amqp_uri)
    before = [publisher.case_accepted()["id"] for _ in range(10)]
    wait_until_applied(probe, before)
    started = time.monotonic()
    outage(True)
    during = [publisher.case_accepted()["id"] for _ in range(20)]
    # the messages wait through the retry schedule (0.1, 0.5, 1, 2, 3 s) far past
    # MAX_DELIVERIES = 3, had outages counted
    waits = len(during) * 4  # as many waits as messages, times more than MAX_DELIVERIES
    wait_for(lambda: metric(probe, "hall_retried_total", cause="wait") >= waits, timeout=90)
    outage(False)
    publisher.close()

    expected = before + during
    wait_until_applied(probe, expected, timeout=120)
    report = check(expected, *probe_counts(probe))
    dead = metric(probe, "hall_dead_lettered_total")
    print_figures("database outage", report, dead_lettered=dead, drain_seconds=time.monotonic() - started)
    assert report.clean, report
    assert dead == 0


def test_a_handler_past_its_time_limit_is_failed_and_retried_without_disturbing_the_others(stack):
    probe = stack.start_probe(env={"HANDLER_TIME_LIMIT": "1", "MAX_DELIVERIES": "2"})
    publisher = RawPublisher(stack.amqp_uri)
    slow = publisher.case_accepted({"probe": {"slow_seconds": 30}})["id"]
    others = [publisher.case_accepted()["id"] for _ in range(20)]
    publisher.close()

    wait_until_applied(probe, others)
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 1, timeout=60)
    delivered, applied = probe_counts(probe)
    assert delivered.pop(slow) == 2 and applied[slow] == 0  # failed twice, then given up
    report = check(others, delivered, applied)
    print_figures("handler past its time limit", report, dead_lettered=1)
    assert report.clean and len(report.delivered_once) == 20, report  # nobody else redelivered
    dlq = DeadLetterQueue(stack.amqp_uri, "probe")
    [letter] = dlq.browse()
    dlq.close()
    assert "HANDLER_TIME_LIMIT" in letter.reason
    engine = create_engine(probe.database_url)
    with engine.connect() as connection:  # the slow one never ran twice at once
        assert connection.execute(text("SELECT COUNT(*) FROM probe_overlaps")).scalar_one() == 0
    engine.dispose()


@pytest.mark.slow
def test_a_node_with_a_60s_consumer_timeout_never_closes_a_channel_on_a_90s_handler(stack):
    """Full length: RabbitMQ 3.10 checks consumer timeouts about once a minute."""
    stack.broker.ctl("eval", "application:set_env(rabbit, consumer_timeout, 60000).")
    try:
        probe = stack.start_probe(env={"HANDLER_TIME_LIMIT": "30", "MAX_DELIVERIES": "2"})
        publisher = RawPublisher(stack.amqp_uri)
        slow = publisher.case_accepted({"probe": {"slow_seconds": 90}})["id"]
        others = [publisher.case_accepted()["id"] for _ in range(20)]
        wait_until_applied(probe, others)
        wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 1, timeout=180)
        later = [publisher.case_accepted()["id"] for _ in range(20)]
        publisher.close()
        wait_until_applied(probe, later)
    finally:
        stack.broker.ctl("eval", "application:set_env(rabbit, consumer_timeout, 1800000).")
    delivered, applied = probe_counts(probe)
    assert delivered.pop(slow) == 2 and applied[slow] == 0
    report = check(others + later, delivered, applied)
    print_figures("60 s consumer_timeout, 90 s handler", report, dead_lettered=1)
    assert report.clean and len(report.delivered_once) == 40, report
    assert "acknowledgement timed out" not in probe.log_text()


def test_health_and_metrics_read_the_queues_from_the_first_broker_of_the_list_that_answers(private_broker):
    from local_stack import free_port
    from reliable_events.dead_letters import parking_depths

    down = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    assert parking_depths(f"{down};{private_broker.amqp_uri}", "nobody") == (0, 0)
    with pytest.raises(ConnectionError, match="no broker of 1 answered"):
        parking_depths(down, "nobody")


def test_a_consumer_given_a_list_of_brokers_whose_first_is_down_consumes_from_the_next(stack):
    from local_stack import free_port

    vhost = stack.amqp_uri.rsplit("/", 1)[1]
    down = f"amqp://guest:guest@127.0.0.1:{free_port()}/{vhost}"
    probe = stack.start_probe(env={"AMQP_URI": f"{down};{stack.amqp_uri}"})
    publisher = RawPublisher(stack.amqp_uri)
    sent = [publisher.case_accepted()["id"] for _ in range(10)]
    publisher.close()
    wait_until_applied(probe, sent)
    report = check(sent, *probe_counts(probe))
    print_figures("first broker of the list down", report)
    assert report.clean and len(report.delivered_once) == 10, report
    assert probe.health_status() == 200
