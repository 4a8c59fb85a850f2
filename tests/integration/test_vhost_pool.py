"""Vhosts made in one rabbitmqctl call on a real node (local_stack.vhosts): each is empty, guest
may configure, write and read in it, and nothing declared in one shows in another."""

import pika
import pytest
from bus import queue_exists

from local_stack.vhosts import VhostPool

# the broker alone; no database: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic


def test_pooled_vhosts_are_separate_and_guest_uses_them_fully(private_broker):
    pool = VhostPool(private_broker, batch=3, prefix="pool")
    first, second = pool.take(), pool.take()
    connection = pika.BlockingConnection(pika.URLParameters(first))
    channel = connection.channel()
    channel.exchange_declare("pool.events", "topic", durable=True)
    channel.queue_declare("pool.spy", durable=True)
    channel.queue_bind("pool.spy", "pool.events", routing_key="#")
    channel.basic_publish("pool.events", "x", b"one")
    method, _, body = channel.basic_get("pool.spy", auto_ack=True)
    connection.close()
    assert method is not None and body == b"one"
    assert queue_exists(first, "pool.spy") and not queue_exists(second, "pool.spy")


def test_add_vhost_of_an_existing_vhost_leaves_it_as_it_is(private_broker):
    uri = private_broker.add_vhost("pool-again")
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    connection.channel().queue_declare("kept", durable=True)
    connection.close()
    assert private_broker.add_vhost("pool-again") == uri
    assert queue_exists(uri, "kept")
