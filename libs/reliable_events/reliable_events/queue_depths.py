"""How many messages wait in a service's queues, read from the first broker that answers.

Doubles as the broker check of ``/health`` and the parking gauges of ``/metrics``.
"""

from __future__ import annotations

from typing import Any

import amqp

from reliable_events.publisher import broker_uris, connection_params
from reliable_events.topology import dead_letter_queue, unrouted_queue


def queue_depths(amqp_uri: str, queues: list[str], timeout: float = 2.0) -> dict[str, int]:
    """Messages waiting in each queue (0 for one not declared yet); raises if the broker
    cannot be reached. Doubles as the broker check of ``/health``."""
    conn = first_answering(amqp_uri, timeout)
    depths = {}
    try:
        for queue in queues:
            channel = conn.channel()
            try:
                _, depths[queue], _ = channel.queue_declare(queue, passive=True)
                channel.close()
            except amqp.exceptions.NotFound:  # the broker closed that channel
                depths[queue] = 0
        return depths
    finally:
        try:
            conn.close()
        except Exception:  # best effort on a connection the broker may have closed
            pass


def first_answering(amqp_uri: str, timeout: float) -> Any:
    """A connection to the first broker of the (``;``-separated) list that answers."""
    error = None
    for uri in broker_uris(amqp_uri):
        conn = amqp.Connection(connect_timeout=timeout, **connection_params(uri))
        try:
            conn.connect()
            return conn
        except (OSError, amqp.exceptions.AMQPError) as exc:  # refused, down: the next node
            error = exc
    raise ConnectionError(f"no broker of {len(broker_uris(amqp_uri))} answered: {error!r}")


def parking_depths(amqp_uri: str, service: str) -> tuple[int, int]:
    """(dead letters, unrouted events) waiting for an operator."""
    depths = queue_depths(amqp_uri, [dead_letter_queue(service), unrouted_queue(service)])
    return depths[dead_letter_queue(service)], depths[unrouted_queue(service)]
