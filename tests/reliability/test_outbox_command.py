"""``hall-outbox`` on a real broker and database: replay, the standalone relay, failover."""

import os
import threading
import uuid

import pytest
from bus import queue_exists, wait_for
from outbox_scenarios import OUTBOX, CountingQueue, RelayProcess, commit_events, write_config

from reliable_events import OutboxRelay, make_engine
from reliable_events.outbox_cli import main as hall_outbox


@pytest.fixture
def vhost_uri(private_broker):
    return private_broker.add_vhost(f"t{uuid.uuid4().hex[:10]}")


def relay_everything(database, uri):
    engine = make_engine(database)
    relay = OutboxRelay(engine, OUTBOX, "notify", uri)
    while relay.relay_once():
        pass
    relay.stop()
    engine.dispose()


def test_replay_republishes_a_range_of_sent_events_to_one_queue_with_their_ids(
    vhost_uri, migrated, tmp_path, capsys
):
    database = migrated("notify")
    ids = commit_events(database, "notify", 6)
    relay_everything(database, vhost_uri)
    bound = CountingQueue(vhost_uri, [("notify.events", "#")])
    late = CountingQueue(vhost_uri)  # an agency that binds tomorrow: nothing so far
    config = write_config(tmp_path / "outbox.yml", vhost_uri, database)

    code = hall_outbox(
        [
            "replay",
            "--service",
            "notify",
            "--config",
            str(config),
            "--queue",
            late.name,
            "--from-id",
            "2",
            "--to-id",
            "4",
        ]
    )
    assert code == 0
    assert "replayed 3/3" in capsys.readouterr().out
    wait_for(lambda: len(late.take()) == 3)
    assert sorted(late.seen) == sorted(ids[1:4]) and set(late.seen.values()) == {1}
    assert [late.bodies[i] for i in ids[1:4]] == [body_of(database, i) for i in ids[1:4]]
    assert bound.take() == {}  # replay never goes through the exchange


def body_of(database, event_id):
    from sqlalchemy import select

    engine = make_engine(database)
    with engine.connect() as connection:
        body = connection.execute(select(OUTBOX.c.body).where(OUTBOX.c.event_id == event_id)).scalar_one()
    engine.dispose()
    return body.encode()


def test_replay_to_a_queue_that_does_not_exist_is_refused_with_exit_code_2(
    vhost_uri, migrated, tmp_path, capsys
):
    database = migrated("notify")
    commit_events(database, "notify", 2)
    relay_everything(database, vhost_uri)
    bound = CountingQueue(vhost_uri, [("notify.events", "#")])
    config = write_config(tmp_path / "outbox.yml", vhost_uri, database)

    code = hall_outbox(
        [
            "replay",
            "--service",
            "notify",
            "--config",
            str(config),
            "--queue",
            "agency.nobody",
            "--since",
            "2000-01-01T00:00",
        ]
    )
    assert code == 2
    assert "agency.nobody" in capsys.readouterr().err
    assert bound.take() == {}


def test_the_standalone_relay_declares_what_the_service_declares(vhost_uri, migrated, tmp_path):
    database = migrated("joint_review")
    config = write_config(tmp_path / "relay.yml", vhost_uri, database)
    relay = RelayProcess(config, "joint_review", tmp_path / "relay.log").start()
    try:
        wait_for(lambda: queue_exists(vhost_uri, "joint_review.unrouted_tasks"), timeout=60)
    finally:
        relay.stop()


@pytest.fixture
def second_broker(tmp_path):
    from local_stack import BrokerNode, free_port

    node = BrokerNode(
        tmp_path / "second", free_port(), f"hallsecond{os.getpid()}@localhost", free_port()
    ).start()
    yield node
    node.stop()


def test_the_relay_fails_over_to_the_next_broker_when_the_first_stops(
    private_broker, second_broker, migrated
):
    vhost = f"t{uuid.uuid4().hex[:10]}"
    first_uri, second_uri = second_broker.add_vhost(vhost), private_broker.add_vhost(vhost)
    on_first = CountingQueue(first_uri, [("notify.events", "#")])
    on_second = CountingQueue(second_uri, [("notify.events", "#")])
    database = migrated("notify")
    engine = make_engine(database)
    relay = OutboxRelay(engine, OUTBOX, "notify", f"{first_uri};{second_uri}", poll_seconds=0.05)
    runner = threading.Thread(target=relay.run, daemon=True)
    runner.start()
    try:
        before = commit_events(database, "notify", 5)
        wait_for(lambda: on_first.has_all(before))
        second_broker.stop()  # the first node of the list
        after = commit_events(database, "notify", 5)
        wait_for(lambda: on_second.has_all(after), timeout=60)
    finally:
        relay.stop()
        runner.join(10)
        engine.dispose()
    assert not set(before) & set(on_second.seen)
