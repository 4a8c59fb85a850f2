"""The reliability scenarios of the core, on a real broker with real processes.

Every scenario ends with the checker: lost = 0 and unexpected = 0.
"""

import json
import threading

import pytest
import requests
from bus import RawPublisher, wait_for
from checker import check
from intake_requests import bearer, case_body, window_of
from probe_checks import metric, probe_counts, wait_until_applied
from sqlalchemy import create_engine, text

CASE = case_body(
    "SC-010",
    applicant_name="王五",
    applicant_phone="13900000000",
    first_responder={"phone": "0571-8888"},  # R-FIRST-1: the signed-in clerk, 李四 of W03
)
WINDOW = window_of("SC-010")


def accepted_event_ids(intake) -> dict[str, str]:
    """case_no -> event id of its case_accepted, from intake's own outbox."""
    engine = create_engine(intake.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT body FROM outbox")).scalars().all()
    finally:
        engine.dispose()
    events = [json.loads(body) for body in rows]
    return {event["subject"]: event["id"] for event in events if event["type"].endswith(".case_accepted")}


def post_cases(intake, count) -> list[str]:
    numbers = []
    for _ in range(count):
        answer = requests.post(f"{intake.url}/cases", data=json.dumps(CASE), headers=WINDOW, timeout=10)
        assert answer.status_code == 201, answer.text
        numbers.append(answer.json()["case_no"])
    return numbers


def pending_in_outbox(intake) -> int:
    """case_accepted events committed but not yet published (each case has its case_registered too)."""
    engine = create_engine(intake.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND routing_key = 'case_accepted'")
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_producer_killed_between_commit_and_publish_loses_nothing(stack):
    probe = stack.start_probe()
    intake = stack.start("intake", env={"OUTBOX_RELAY_ENABLED": "false"})
    case_numbers = post_cases(intake, 25)
    assert pending_in_outbox(intake) == 25  # committed, not yet published
    intake.kill()  # SIGKILL: no chance to flush anything

    intake.restart(env={"OUTBOX_RELAY_ENABLED": "true"})
    expected = [accepted_event_ids(intake)[number] for number in case_numbers]
    wait_until_applied(probe, expected)
    report = check(expected, *probe_counts(probe))
    assert report.clean, report
    assert report.counts()["delivered_once"] == 25
    assert pending_in_outbox(intake) == 0


def test_a_producer_killed_mid_stream_publishes_every_case_it_answered_201_to(stack):
    probe = stack.start_probe()
    intake = stack.start("intake")
    answered = []
    stop = threading.Event()

    def keep_posting():
        while not stop.is_set():
            try:
                reply = requests.post(f"{intake.url}/cases", data=json.dumps(CASE), headers=WINDOW, timeout=5)
            except requests.RequestException:
                return
            if reply.status_code == 201:
                answered.append(reply.json()["case_no"])

    poster = threading.Thread(target=keep_posting)
    poster.start()
    wait_for(lambda: len(answered) >= 60, timeout=60)
    intake.kill()
    stop.set()
    poster.join(timeout=10)

    intake.restart()
    committed = accepted_event_ids(intake)  # a case may commit and die before its 201
    assert set(answered) <= set(committed)
    expected = list(committed.values())
    wait_until_applied(probe, expected)
    report = check(expected, *probe_counts(probe))
    assert report.clean, report


def test_a_consumer_killed_after_its_change_but_before_the_ack_applies_the_redelivery_once(stack):
    probe = stack.start_probe()
    publisher = RawPublisher(stack.amqp_uri)
    normal = [publisher.case_accepted()["id"] for _ in range(10)]
    crashing = []
    for _ in range(3):  # each of these kills the consumer once, right after its commit
        crashing.append(publisher.case_accepted({"probe": {"crash_after_commit": True}})["id"])
        assert probe.wait_exit(timeout=60) == -9
        probe.restart()
    normal += [publisher.case_accepted()["id"] for _ in range(10)]
    publisher.close()

    expected = crashing + normal
    wait_until_applied(probe, expected)
    # each crashing one was applied before its crash; its redelivery may still be on its way
    wait_for(lambda: all(probe_counts(probe)[0][event_id] >= 2 for event_id in crashing))
    delivered, applied = probe_counts(probe)
    report = check(expected, delivered, applied)
    assert report.clean, report
    assert set(crashing) <= set(report.duplicated_applied_once)


def test_the_same_message_delivered_twice_is_applied_once(stack):
    probe = stack.start_probe()
    notify = stack.start("notify")
    publisher = RawPublisher(stack.amqp_uri)
    from hall_contracts.samples import case_accepted_v1

    envelope = case_accepted_v1()  # the published sample: a real case_accepted, in full
    data = envelope["data"]
    publisher.publish("intake.events", "case_accepted", envelope)
    publisher.publish("intake.events", "case_accepted", envelope)
    publisher.close()

    wait_for(lambda: probe_counts(probe)[0][envelope["id"]] == 2, timeout=30)
    report = check([envelope["id"]], *probe_counts(probe))
    assert report.clean and report.duplicated_applied_once == [envelope["id"]], report

    def receipts():
        reply = requests.get(
            f"{notify.url}/notices",
            params={"case_no": data["case_no"]},
            headers=bearer("dev-operator"),
            timeout=5,
        )
        return reply.json()["notices"]

    wait_for(lambda: metric(notify, "hall_inbox_duplicates_total") >= 1, timeout=30)
    # the sample is the story's supplement case, accepted once its material came: its receipt went
    # with its registration, so the acceptance is its one notice here, archived once
    assert [notice["notice_type"] for notice in receipts()] == ["acceptance"]


@pytest.mark.parametrize("queue_type", ["quorum", "classic"])
def test_a_poison_message_is_dead_lettered_after_bounded_retries_while_the_rest_flow_on(
    stack, tmp_path, capsys, queue_type
):
    fail_file = tmp_path / "poison-on"
    fail_file.touch()
    probe = stack.start_probe(
        env={"PROBE_FAIL_FILE": str(fail_file), "MAX_DELIVERIES": "3", "QUEUE_TYPE": queue_type}
    )
    publisher = RawPublisher(stack.amqp_uri)
    poison = publisher.case_accepted({"probe": {"fail": True}})["id"]
    behind = [publisher.case_accepted()["id"] for _ in range(50)]
    publisher.publish(
        "intake.events",
        "case_accepted",
        b'{"not": "an envelope"}',
        content_type="application/json",
        message_id="garbage-1",
    )
    publisher.close()

    wait_until_applied(probe, behind)
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 2, timeout=30)
    delivered, applied = probe_counts(probe)
    assert delivered[poison] == 3 and applied[poison] == 0  # bounded: MAX_DELIVERIES = 3

    from reliable_events.dead_letters import DeadLetterQueue

    dlq = DeadLetterQueue(stack.amqp_uri, "probe")
    letters = {letter.message_id: letter for letter in dlq.browse()}
    dlq.close()
    assert set(letters) == {poison, "garbage-1"}
    assert "RuntimeError: poison message" in letters[poison].reason
    assert "invalid event envelope" in letters["garbage-1"].reason

    from reliable_events.dead_letters import main as dead_letters_cli

    cli = ["--amqp-uri", stack.amqp_uri, "--service", "probe"]
    assert dead_letters_cli([*cli, "list"]) == 0
    listed = capsys.readouterr()
    assert poison in listed.out and "garbage-1" in listed.out and "2 dead letter(s)" in listed.err
    assert dead_letters_cli([*cli, "show", poison]) == 0
    assert "RuntimeError: poison message" in capsys.readouterr().out

    fail_file.unlink()  # the cause is fixed: re-drive the poison message
    assert dead_letters_cli(["--amqp-uri", stack.amqp_uri, "--service", "probe", "redrive", poison]) == 0
    wait_until_applied(probe, [poison])
    report = check([poison, *behind], *probe_counts(probe))
    assert report.clean, report


def test_a_broker_restart_in_the_middle_of_1000_events_loses_none(stack):
    probe = stack.start_probe()
    intake = stack.start("intake")
    answered: list[str] = []
    failures: list[str] = []

    def post_all():
        session = requests.Session()
        while len(answered) < 1000:
            reply = session.post(f"{intake.url}/cases", data=json.dumps(CASE), headers=WINDOW, timeout=30)
            if reply.status_code != 201:
                failures.append(reply.text)
                return
            answered.append(reply.json()["case_no"])

    poster = threading.Thread(target=post_all)
    poster.start()
    wait_for(lambda: len(answered) >= 300, timeout=120)
    stack.broker.restart()  # intake keeps answering: the outbox holds the events
    poster.join(timeout=300)
    assert not failures and len(answered) == 1000

    ids = accepted_event_ids(intake)
    expected = [ids[number] for number in answered]
    wait_until_applied(probe, expected, timeout=180)
    report = check(expected, *probe_counts(probe))
    assert report.clean, report
    assert report.counts()["lost"] == 0 and report.counts()["unexpected"] == 0


def test_a_batch_handler_applies_each_event_once_and_isolates_a_poison_message(stack, tmp_path):
    fail_file = tmp_path / "poison-on"
    fail_file.touch()
    probe = stack.start_probe(env={"PROBE_FAIL_FILE": str(fail_file), "MAX_DELIVERIES": "3"}, batch=True)
    publisher = RawPublisher(stack.amqp_uri)
    first = [publisher.case_accepted()["id"] for _ in range(120)]
    poison = publisher.case_accepted({"probe": {"fail": True}})["id"]
    duplicate = publisher.case_accepted()
    publisher.publish("intake.events", "case_accepted", duplicate)  # the same event twice
    rest = [publisher.case_accepted()["id"] for _ in range(120)]
    publisher.close()

    expected = [*first, duplicate["id"], *rest]
    wait_until_applied(probe, expected)
    wait_for(lambda: metric(probe, "hall_dead_lettered_total") == 1, timeout=30)
    delivered, applied = probe_counts(probe)
    assert applied[poison] == 0 and delivered.pop(poison) >= 3  # alone, after its batch failed
    report = check(expected, delivered, applied)
    assert report.clean, report
    assert duplicate["id"] in report.duplicated_applied_once
