"""A batch's frames are py-amqp's frames, byte for byte, written to the socket once."""

import amqp
import pytest
from amqp.exceptions import RecoverableConnectionError
from amqp.method_framing import frame_writer

from reliable_events import batch_frames
from reliable_events.batch_frames import BatchWriter, encode_publish

FRAME_MAX = 4096  # small, so that a long body needs several body frames


class Transport:
    def __init__(self):
        self.writes = []

    def write(self, data):
        self.writes.append(bytes(data))


class Connection:
    def __init__(self):
        self.frame_max = FRAME_MAX
        self.bytes_sent = 0
        self.transport = Transport()


class Channel:
    def __init__(self, connection, is_open=True):
        self.connection = connection
        self.channel_id = 3
        self.is_open = is_open


def message(body, **headers):
    return amqp.Message(
        body,
        content_type="application/cloudevents+json",
        delivery_mode=2,
        message_id="evt-1",
        application_headers=headers,
    )


def amqp_bytes(exchange, routing_key, msg):
    """What py-amqp's own basic_publish writes for the message."""
    connection = Connection()
    args = amqp.serialization.dumps("Bssbb", (0, exchange, routing_key, False, False))
    frame_writer(connection, connection.transport)(1, 3, amqp.spec.Basic.Publish, args, msg)
    return b"".join(connection.transport.writes)


@pytest.mark.parametrize(
    "body",
    ['{"id": "evt-1", "note": "受理"}', b"", "x" * (3 * FRAME_MAX + 17)],
    ids=["short text", "empty", "longer than a frame"],
)
def test_a_publish_is_encoded_exactly_as_py_amqp_encodes_it(body):
    ours = bytearray()
    encode_publish(ours, 3, FRAME_MAX, "intake.events", "case_accepted", message(body, hop=1))
    assert bytes(ours) == amqp_bytes("intake.events", "case_accepted", message(body, hop=1))


def test_a_batch_is_written_with_one_call_and_counted_as_sent_frames():
    connection = Connection()
    writer = BatchWriter(Channel(connection))
    for n in range(500):
        writer.publish(message(f'{{"n": {n}}}'), "intake.events", "case_accepted")
    assert connection.transport.writes == []  # nothing leaves before the flush
    writer.flush()
    assert len(connection.transport.writes) == 1
    assert connection.transport.writes[0] == b"".join(
        amqp_bytes("intake.events", "case_accepted", message(f'{{"n": {n}}}')) for n in range(500)
    )
    assert connection.bytes_sent == 1500  # heartbeat_tick sees that the connection was used


def test_a_batch_larger_than_the_flush_size_is_written_in_pieces_that_keep_every_byte(monkeypatch):
    monkeypatch.setattr(batch_frames, "FLUSH_AT", 10_000)
    connection = Connection()
    writer = BatchWriter(Channel(connection))
    for n in range(100):
        writer.publish(message("y" * 1000), "intake.events", str(n))
    writer.flush()
    assert 1 < len(connection.transport.writes) < 100
    assert b"".join(connection.transport.writes) == b"".join(
        amqp_bytes("intake.events", str(n), message("y" * 1000)) for n in range(100)
    )


def test_a_closed_channel_refuses_the_batch_as_py_amqp_does():
    with pytest.raises(RecoverableConnectionError):
        BatchWriter(Channel(Connection(), is_open=False))
    with pytest.raises(RecoverableConnectionError):
        BatchWriter(Channel(None))
