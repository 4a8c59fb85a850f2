"""The outbox relay on a real broker under refusals, a disk alarm and a kill at the worst time.

Each scenario prints its figures: committed / lost / unexpected / delivered twice / applied
twice / dead-lettered / max outbox age / time to drain.
"""

import threading
import time
import uuid
from collections import Counter

import pika
from bus import wait_for
from checker import check
from outbox_scenarios import (
    OUTBOX,
    CountingQueue,
    RelayProcess,
    commit_events,
    copies,
    outbox_state,
    write_config,
)
from probe_checks import probe_counts

from reliable_events import OutboxRelay, make_engine
from reliable_events.outbox_cli import main as hall_outbox
from reliable_events.relay import KILL_AFTER_CONFIRM_ENV
from reliable_events.telemetry import OUTBOX_REPUBLISHED


def fresh_vhost(broker) -> tuple[str, str]:
    name = f"t{uuid.uuid4().hex[:10]}"
    return name, broker.add_vhost(name)


def figures(
    committed,
    lost=0,
    unexpected=0,
    delivered_twice=0,
    applied_twice=0,
    dead_lettered=0,
    max_age=0.0,
    drain=0.0,
) -> None:
    print(
        f"\ncommitted {committed} / lost {lost} / unexpected {unexpected} / delivered twice "
        f"{delivered_twice} / applied twice {applied_twice} / dead-lettered {dead_lettered} / "
        f"max outbox age {max_age:.1f}s / time to drain {drain:.1f}s"
    )


def test_a_refused_event_is_retried_alone_then_parked_and_retry_parked_delivers_it(
    private_broker, migrated, tmp_path
):
    _, uri = fresh_vhost(private_broker)
    database = migrated("notify")
    healthy = CountingQueue(uri, [("notify.events", "#")])
    full = CountingQueue(
        uri, [("notify.events", "notice_refused")], {"x-max-length": 1, "x-overflow": "reject-publish"}
    )
    full.channel.basic_publish("", full.name, b"filler", pika.BasicProperties(message_id="filler"))
    ordinary = commit_events(database, "notify", 9)
    refused = commit_events(database, "notify", 1, event_type="notice_refused")[0]
    config = write_config(
        tmp_path / "relay.yml", uri, database, OUTBOX_MAX_ATTEMPTS=3, OUTBOX_RETRY_BASE_SECONDS=0.2
    )
    relay = RelayProcess(config, "notify", tmp_path / "relay.log").start()
    started = time.monotonic()
    try:
        wait_for(lambda: outbox_state(database)["parked"] == 1, timeout=60)
        healthy.take()
        assert {i: healthy.seen[i] for i in ordinary} == dict.fromkeys(ordinary, 1)
        assert healthy.seen[refused] == 3  # once per attempt, then parked
        assert outbox_state(database)["sent"] == 9
        assert full.take() == Counter({"filler": 1})  # drained: room for one again

        assert hall_outbox(["retry-parked", "--service", "notify", "--config", str(config)]) == 0
        wait_for(lambda: full.take()[refused] == 1, timeout=30)
    finally:
        relay.stop()
        print(relay.log_tail(10))
    assert outbox_state(database) == {"pending": 0, "sent": 10, "parked": 0, "oldest_pending_id": 0}
    healthy.take()
    figures(10, delivered_twice=healthy.seen[refused] - 1, drain=time.monotonic() - started)


def relay_connections(broker, vhost: str) -> int:
    listing = broker.ctl("list_connections", "vhost", "client_properties", "--silent")
    return sum(1 for line in listing.splitlines() if line.startswith(vhost) and "py-amqp" in line)


def disk_alarm_on(broker) -> bool:
    return "disk" in broker.ctl("eval", "rabbit_alarm:get_alarms().")


def test_a_disk_alarm_keeps_one_connection_and_leaves_no_uncounted_copies(private_broker, migrated):
    vhost, uri = fresh_vhost(private_broker)
    database = migrated("notify")
    spy = CountingQueue(uri, [("notify.events", "#")])
    engine = make_engine(database)
    relay = OutboxRelay(engine, OUTBOX, "notify", uri, poll_seconds=0.05)
    relay.publisher.confirm_timeout = 1.0  # an alarm lasts longer than this
    republished_before = OUTBOX_REPUBLISHED.labels("notify")._value.get()
    runner = threading.Thread(target=relay.run, daemon=True)
    runner.start()
    before = commit_events(database, "notify", 5)
    wait_for(lambda: spy.has_all(before))
    private_broker.ctl("set_disk_free_limit", "100000GB")
    try:
        wait_for(lambda: disk_alarm_on(private_broker))
        during = commit_events(database, "notify", 20)
        started, connections = time.monotonic(), []
        while time.monotonic() - started < 4:  # the alarm lasts a few seconds: that is the scenario
            connections.append(relay_connections(private_broker, vhost))
            time.sleep(0.3)
    finally:
        private_broker.ctl("set_disk_free_limit", "50MB")
    wait_for(lambda: spy.has_all(during), timeout=60)
    wait_for(lambda: outbox_state(database)["pending"] == 0)
    drained = time.monotonic() - started
    relay.stop()
    runner.join(10)
    engine.dispose()
    republished = OUTBOX_REPUBLISHED.labels("notify")._value.get() - republished_before
    spy.take()
    figures(25, delivered_twice=copies(spy.seen), max_age=drained, drain=drained)
    print(f"relay connections during the alarm: {connections}; republished rows: {republished:g}")
    assert set(spy.seen) == set(before + during)
    assert max(connections) == 1
    assert copies(spy.seen) <= republished


def test_a_relay_killed_between_confirm_and_mark_republishes_its_batch_once_and_it_is_applied_once(
    stack, migrated, tmp_path
):
    probe = stack.start_probe()
    database = migrated("intake")
    expected = commit_events(database, "intake", 10, event_type="case_accepted")
    flag = tmp_path / "kill-after-confirm"
    flag.touch()
    config = write_config(tmp_path / "relay.yml", stack.amqp_uri, database)
    killed = RelayProcess(
        config, "intake", tmp_path / "relay.log", env={KILL_AFTER_CONFIRM_ENV: str(flag)}
    ).start()
    started = time.monotonic()
    wait_for(killed.exited, timeout=60)
    assert killed.process.returncode == -9
    assert outbox_state(database)["pending"] == 10  # confirmed by the broker, never marked

    relay = RelayProcess(config, "intake", tmp_path / "relay.log").start()
    try:
        wait_for(lambda: outbox_state(database)["pending"] == 0, timeout=60)
        wait_for(lambda: set(expected) <= set(probe_counts(probe)[1]), timeout=60)
        wait_for(lambda: sum(probe_counts(probe)[0].values()) >= 20, timeout=30)
    finally:
        relay.stop()
    report = check(expected, *probe_counts(probe))
    figures(
        10,
        len(report.lost),
        len(report.unexpected),
        len(report.duplicated_applied_once),
        drain=time.monotonic() - started,
    )
    assert report.clean, report
    assert len(report.duplicated_applied_once) == 10  # the whole batch, once more, applied once
