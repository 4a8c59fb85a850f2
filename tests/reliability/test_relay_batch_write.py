"""The relay writes a whole batch with one ``sendall`` (reliable_events.batch_frames): on a
real broker, a connection cut in the middle of that write (or right after it, before the
confirms are read) marks nothing, and the next pass publishes every row again; bodies longer
than a frame arrive whole.
"""

import json
import socket
import uuid

import pytest
from bus import wait_for
from outbox_scenarios import OUTBOX, CountingQueue, commit_events, copies, outbox_state
from sqlalchemy import select

from reliable_events import OutboxRelay, make_engine
from reliable_events.publisher import PublishNotConfirmed


def fresh_uri(broker) -> str:
    return broker.add_vhost(f"t{uuid.uuid4().hex[:10]}")


def cut_the_connection_during_the_next_write(publisher, fraction):
    """The next write sends ``fraction`` of its bytes, then the socket is shut down under it
    (the rest of the write fails as on a dropped connection)."""
    publisher.connect()
    transport = publisher._conn.transport
    real_write = transport.write
    cut = []

    def write(data):
        if cut:
            return real_write(data)
        cut.append(len(data))
        sent = int(len(data) * fraction)
        real_write(bytes(data[:sent]))
        transport.sock.shutdown(socket.SHUT_RDWR)
        real_write(bytes(data[sent:]) or b"\x08")  # a dead socket refuses even one byte

    transport.write = write
    return cut


@pytest.mark.parametrize("fraction", [0.5, 1.0], ids=["mid-batch", "after the write"])
def test_a_connection_cut_during_a_batch_write_marks_nothing_and_the_next_pass_publishes_it_all(
    private_broker, migrated, fraction
):
    uri = fresh_uri(private_broker)
    database = migrated("notify")
    queue = CountingQueue(uri, [("notify.events", "#")])
    expected = commit_events(database, "notify", 300)
    engine = make_engine(database)
    relay = OutboxRelay(engine, OUTBOX, "notify", uri, batch_size=300, confirm_timeout=10)
    try:
        cut = cut_the_connection_during_the_next_write(relay.publisher, fraction)
        with pytest.raises(PublishNotConfirmed):
            relay.relay_once()
        assert len(cut) == 1 and cut[0] > 300 * 100  # the whole batch was one write
        state = outbox_state(database)
        assert (state["pending"], state["sent"]) == (300, 0)  # nothing marked unconfirmed

        assert relay.relay_once() == 300  # a fresh connection, every row again
        assert outbox_state(database)["sent"] == 300
        wait_for(lambda: queue.has_all(expected), timeout=30)
    finally:
        relay.stop()
        engine.dispose()
    seen = queue.take()
    print(f"\ncut after {fraction:.0%} of a {cut[0]}-byte write: {copies(seen)} events arrived twice")
    assert set(seen) == set(expected)  # nothing lost, nothing foreign
    assert max(seen.values()) <= 2  # at most the cut pass's copy beside the republished one
    queue.close()


def test_bodies_longer_than_a_frame_arrive_whole_beside_short_ones(private_broker, migrated):
    uri = fresh_uri(private_broker)
    database = migrated("notify")
    queue = CountingQueue(uri, [("notify.events", "#")])
    long_note = "长" * 120_000  # 360 kB of UTF-8: several frames at the broker's frame_max
    expected = commit_events(database, "notify", 3, data={"note": long_note})
    expected += commit_events(database, "notify", 5)
    engine = make_engine(database)
    relay = OutboxRelay(engine, OUTBOX, "notify", uri)
    try:
        assert relay.relay_once() == 8
        wait_for(lambda: queue.has_all(expected), timeout=30)
        with engine.connect() as connection:
            bodies = dict(connection.execute(select(OUTBOX.c.event_id, OUTBOX.c.body)).all())
    finally:
        relay.stop()
        engine.dispose()
    assert {event_id: queue.bodies[event_id].decode() for event_id in expected} == bodies
    assert sum(json.loads(body)["data"].get("note") == long_note for body in bodies.values()) == 3
    queue.close()
