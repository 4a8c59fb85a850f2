"""The broker misbehaving while intake takes cases and the probe applies them: killed with
SIGKILL, its connections closed again and again, stopped for a while, under a memory alarm; a
handler that kills its process on every delivery; a consumer whose event loop blocks past its
heartbeats.

Each scenario posts cases (POST /cases), an agency's spy queue counts every copy intake's
events exchange routes, and after the final drain (outbox empty, nothing on its way, dead
letters counted) the checker asserts lost = unexpected = applied twice = 0, at the probe and
at the agency. The durations are scaled down; the full-length ones are marked ``slow``
(``pytest -m slow``).
"""

import time

import pytest
from broker_faults import (
    NORMAL_WATERMARK,
    Poster,
    alarms,
    assert_nothing_lost,
    hold,
    judge_scenario,
    kill_broker,
    vhost_of,
    wait_posted,
)
from bus import RawPublisher, wait_for
from checker import SpyQueue
from final_drain import dead_letter_ids
from probe_checks import probe_counts

# broker faults; the database plays no part: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

MISSED_HEARTBEATS = "missed heartbeats from client"


def start(stack, cases: int, probe_env: dict | None = None):
    """The spy bound first, then the probe and intake, and clerks posting ``cases`` cases."""
    spy = SpyQueue(stack.amqp_uri, "intake.events")
    probe = stack.start_probe(env=probe_env)
    intake = stack.start("intake")
    poster = Poster(intake, cases)
    poster.start()
    return spy, probe, intake, poster


def test_a_broker_killed_with_sigkill_mid_stream_loses_no_case(stack):
    spy, probe, intake, poster = start(stack, 300)
    wait_posted(poster, 100)
    started = time.time()
    try:
        kill_broker(stack.broker)
    finally:
        stack.broker.start()
    ended = time.time()
    poster.finish()

    judgement = judge_scenario("broker SIGKILL", stack, probe, intake, spy, (started, ended))
    assert_nothing_lost(judgement, probe, intake)


@pytest.mark.parametrize(
    "every, lasting, cases",
    [
        (2, 20, 500),
        pytest.param(5, 60, 500, marks=pytest.mark.slow),
    ],
)
def test_every_connection_closed_again_and_again_while_cases_are_posted_loses_none(
    stack, every, lasting, cases
):
    spy, probe, intake, poster = start(stack, cases)
    wait_posted(poster, 20)
    started = time.time()
    while time.time() - started < lasting:
        stack.broker.ctl(
            "close_all_connections", "--vhost", vhost_of(stack.amqp_uri), "chaos: every connection closed"
        )
        hold(every)
    ended = time.time()
    poster.finish()

    judgement = judge_scenario(
        f"close_all_connections every {every}s for {lasting}s", stack, probe, intake, spy, (started, ended)
    )
    assert_nothing_lost(judgement, probe, intake)


@pytest.mark.parametrize("outage", [15, pytest.param(90, marks=pytest.mark.slow)])
def test_a_broker_stopped_for_a_while_under_running_services_loses_no_case(stack, outage):
    spy, probe, intake, poster = start(stack, 300)
    wait_posted(poster, 50)
    started = time.time()
    try:
        stack.broker.stop()
        hold(outage)  # intake keeps answering: the outbox holds the events
    finally:
        stack.broker.start()
    ended = time.time()
    poster.finish()

    judgement = judge_scenario(f"broker stopped {outage}s", stack, probe, intake, spy, (started, ended))
    assert_nothing_lost(judgement, probe, intake)


@pytest.mark.parametrize("alarm", [10, pytest.param(60, marks=pytest.mark.slow)])
def test_a_memory_alarm_while_events_flow_loses_none_and_publishing_resumes(stack, alarm):
    spy, probe, intake, poster = start(stack, 300)
    wait_posted(poster, 50)
    started = time.time()
    try:
        stack.broker.ctl("set_vm_memory_high_watermark", "0.0000001")
        wait_for(lambda: "memory" in alarms(stack.broker))
        hold(alarm)
    finally:
        stack.broker.ctl("set_vm_memory_high_watermark", NORMAL_WATERMARK)
    wait_for(lambda: "memory" not in alarms(stack.broker))
    ended = time.time()
    poster.finish()

    judgement = judge_scenario(f"memory alarm {alarm}s", stack, probe, intake, spy, (started, ended))
    assert_nothing_lost(judgement, probe, intake)


# MAX_DELIVERIES of the probe in the scenarios of a killing handler: the handling journal
# dead-letters a message whose handling began that many times and never ended (the broker's own
# limit, 20, stays far above: it also counts the returns of messages only beside the killer)
LIMIT = 3


def restart_until_dead_lettered(stack, probe, killer: str) -> int:
    """Start the probe again each time it dies, until ``killer`` is dead-lettered; returns how
    many times it was started again."""
    restarts = 0

    def dead_lettered_or_restarted() -> bool:
        nonlocal restarts
        if killer in dead_letter_ids(stack.amqp_uri, "probe"):
            return True
        if not probe.is_running():
            restarts += 1
            probe.process.start()  # it may die again before it is healthy
        return False

    wait_for(dead_lettered_or_restarted, timeout=180, interval=0.2)
    if not probe.is_running():
        probe.process.start()
    probe.wait_healthy(60)
    return restarts


def test_a_handler_that_kills_its_process_every_time_is_dead_lettered_after_max_deliveries(stack):
    spy, probe, intake, poster = start(stack, 40, {"MAX_DELIVERIES": str(LIMIT)})
    poster.finish()
    wait_for(lambda: len(probe_counts(probe)[1]) >= 40, timeout=60)  # nothing else in flight
    publisher = RawPublisher(stack.amqp_uri)
    killer = publisher.case_accepted({"probe": {"crash_always": True}})["id"]
    started = time.time()
    restarts = restart_until_dead_lettered(stack, probe, killer)
    ended = time.time()
    after = [publisher.case_accepted()["id"] for _ in range(20)]
    publisher.close()

    judgement = judge_scenario(
        f"a handler that always kills its process ({restarts} restarts)",
        stack,
        probe,
        intake,
        spy,
        (started, ended),
        extra=[killer, *after],
    )
    assert_nothing_lost(judgement, probe, intake)
    assert judgement.outcome.dead_lettered == [killer]
    # the first delivery (not journaled: no crash involved yet), then LIMIT journaled starts
    assert probe_counts(probe)[0][killer] == LIMIT + 1


def test_a_message_in_flight_beside_a_handler_that_kills_its_process_is_applied_once(stack):
    spy, probe, intake, poster = start(stack, 20, {"MAX_DELIVERIES": str(LIMIT)})
    poster.finish()
    publisher = RawPublisher(stack.amqp_uri)
    neighbour = publisher.case_accepted({"probe": {"slow_seconds": 20}})["id"]
    wait_for(lambda: probe_counts(probe)[0][neighbour] == 1)  # being handled, not yet acked
    killer = publisher.case_accepted({"probe": {"crash_always": True}})["id"]
    started = time.time()
    restarts = restart_until_dead_lettered(stack, probe, killer)
    ended = time.time()
    publisher.close()

    judgement = judge_scenario(
        f"a neighbour of a killing handler ({restarts} restarts)",
        stack,
        probe,
        intake,
        spy,
        (started, ended),
        extra=[neighbour, killer],
    )
    assert judgement.outcome.dead_lettered == [killer], judgement.outcome.dead_lettered
    assert probe_counts(probe)[1][neighbour] == 1


@pytest.mark.parametrize("heartbeat, blocked", [(2, 8), pytest.param(5, 20, marks=pytest.mark.slow)])
def test_a_consumer_blocked_past_its_heartbeats_gets_its_messages_back_and_applies_each_once(
    stack, heartbeat, blocked
):
    spy, probe, intake, poster = start(stack, 100, {"AMQP_HEARTBEAT": str(heartbeat)})
    publisher = RawPublisher(stack.amqp_uri)
    wait_posted(poster, 20)
    missed_before = stack.broker.log_tail(10**6).count(MISSED_HEARTBEATS)
    started = time.time()
    blocker = publisher.case_accepted({"probe": {"block_hub": blocked}})["id"]
    behind = [publisher.case_accepted()["id"] for _ in range(20)]
    wait_for(lambda: probe_counts(probe)[0][blocker] >= 2, timeout=blocked + 60)
    ended = time.time()
    publisher.close()
    poster.finish()

    judgement = judge_scenario(
        f"event loop blocked {blocked}s, heartbeat {heartbeat}s",
        stack,
        probe,
        intake,
        spy,
        (started, ended),
        extra=[blocker, *behind],
    )
    assert_nothing_lost(judgement, probe, intake)
    assert blocker in judgement.outcome.recovered  # delivered again, applied once
    assert stack.broker.log_tail(10**6).count(MISSED_HEARTBEATS) > missed_before
