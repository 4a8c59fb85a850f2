"""The bus as the tests see it: spy queues, raw publishing, waiting without sleeping blind."""

from __future__ import annotations

import json
import time
import uuid

import pika

from hall_contracts import CONTENT_TYPE, build_envelope
from reliable_events.topology import EVENTS_EXCHANGE_SUFFIX, declare_events_exchange


def declare_exchange(channel, exchange: str) -> None:
    """A service's events exchange as its relay declares it (alternate exchange included);
    any other exchange as a plain durable topic."""
    if exchange.endswith(EVENTS_EXCHANGE_SUFFIX):
        declare_events_exchange(channel, exchange.removesuffix(EVENTS_EXCHANGE_SUFFIX))
    else:
        channel.exchange_declare(exchange, "topic", durable=True)


def connect(amqp_uri: str) -> pika.BlockingConnection:
    """A connection to the broker of ``amqp_uri``; a cluster's failover URI
    (``amqp://h1/;amqp://h2/``) names every node, tried in turn as the services try them."""
    nodes = [pika.URLParameters(uri.strip()) for uri in amqp_uri.split(";") if uri.strip()]
    return pika.BlockingConnection(nodes)


def wait_for(probe, timeout: float = 30.0, interval: float = 0.1):
    """Poll ``probe`` until it returns something truthy; fail with the last value otherwise."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout}s; last value: {value!r}")


def bind_spy_queue(amqp_uri: str, exchanges: list[str]) -> tuple:
    """A queue that receives every event published on ``exchanges`` (as an agency would)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    name = f"agency.spy.{uuid.uuid4().hex[:8]}"
    channel.queue_declare(name, durable=True)
    for exchange in exchanges:
        declare_exchange(channel, exchange)
        channel.queue_bind(name, exchange, routing_key="#")
    return connection, channel, name


def drain(spy, expected: int, timeout: float = 30.0) -> list[tuple[bytes, str]]:
    """Take ``expected`` messages (body, content type) from a spy queue."""
    _, channel, name = spy
    taken = []
    deadline = time.monotonic() + timeout
    while len(taken) < expected and time.monotonic() < deadline:
        method, properties, body = channel.basic_get(name, auto_ack=True)
        if method is None:
            time.sleep(0.05)
            continue
        taken.append((body, properties.content_type))
    assert len(taken) == expected, f"{len(taken)} of {expected} messages arrived"
    return taken


class RawPublisher:
    """Publishes envelopes the way a producer's relay does (persistent, confirmed)."""

    def __init__(self, amqp_uri: str):
        self.connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()

    def publish(
        self, exchange: str, routing_key: str, body, content_type=CONTENT_TYPE, message_id: str | None = None
    ) -> None:
        declare_exchange(self.channel, exchange)
        if isinstance(body, dict):
            message_id = message_id or body.get("id")
            body = json.dumps(body, ensure_ascii=False)
        self.channel.basic_publish(
            exchange,
            routing_key,
            body,
            pika.BasicProperties(content_type=content_type, delivery_mode=2, message_id=message_id),
        )

    def case_accepted(self, data: dict | None = None) -> dict:
        envelope = build_envelope("intake", "case_accepted", "HALL-20261122-PROBE000", data or {})
        self.publish("intake.events", "case_accepted", envelope)
        return envelope

    def close(self) -> None:
        self.connection.close()


def queue_exists(amqp_uri: str, name: str) -> bool:
    """True when the broker has the queue (a passive declare)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        connection.channel().queue_declare(name, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker:
        return False
    finally:
        if connection.is_open:
            connection.close()


def import_deployed_definitions(broker, folder, prefix: str = "deploy") -> str:
    """deploy/rabbitmq/definitions.json imported as RabbitMQ loads it at boot, with ``/`` renamed
    to a fresh vhost (returned). The file holds no password: set them after (local_stack.accounts)."""
    from pathlib import Path

    definitions_file = Path(__file__).resolve().parents[1] / "deploy" / "rabbitmq" / "definitions.json"
    vhost = f"{prefix}{uuid.uuid4().hex[:8]}"
    broker.add_vhost(vhost)
    definitions = json.loads(definitions_file.read_text())
    definitions["vhosts"] = [{"name": vhost}]
    for kind in ("permissions", "queues", "exchanges", "bindings"):
        for entry in definitions[kind]:
            entry["vhost"] = vhost
    path = Path(folder) / f"definitions-{vhost}.json"
    path.write_text(json.dumps(definitions))
    broker.ctl("import_definitions", str(path))
    return vhost
