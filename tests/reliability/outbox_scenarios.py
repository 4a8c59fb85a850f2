"""What the outbox scenarios share: committing events, a relay process, counting a queue."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import amqp
import pika
from sqlalchemy import MetaData, func, select

from reliable_events import Store, add_core_tables, make_engine
from reliable_events.publisher import connection_params
from reliable_events.topology import declare_events_exchange

OUTBOX, INBOX = add_core_tables(MetaData())


def commit_events(
    database_url: str, service: str, count: int, event_type: str = "notice_issued", data: dict | None = None
) -> list[str]:
    """``count`` events committed to the service's outbox, one transaction each."""
    engine = make_engine(database_url)
    ids = []
    try:
        for n in range(count):
            with Store(engine, (OUTBOX, INBOX), service, f"{service}.test").transaction() as tx:
                ids.append(tx.publish(event_type, f"HALL-{n}", dict(data or {}, n=n))["id"])
    finally:
        engine.dispose()
    return ids


def outbox_state(database_url: str) -> dict[str, int]:
    """How many rows are pending, sent and parked."""
    engine = make_engine(database_url)
    c = OUTBOX.c
    try:
        with engine.connect() as connection:

            def count(*where):
                return connection.execute(select(func.count()).where(*where)).scalar_one()

            return {
                "pending": count(c.sent_at.is_(None), c.parked_at.is_(None)),
                "sent": count(c.sent_at.is_not(None)),
                "parked": count(c.sent_at.is_(None), c.parked_at.is_not(None)),
                "oldest_pending_id": connection.execute(
                    select(func.min(c.id)).where(c.sent_at.is_(None))
                ).scalar_one()
                or 0,
            }
    finally:
        engine.dispose()


def write_config(path: Path, amqp_uri: str, database_url: str, **settings) -> Path:
    lines = [f"AMQP_URI: '{amqp_uri}'", f"DATABASE_URL: '{database_url}'", "OUTBOX_POLL_SECONDS: 0.1"]
    lines += [f"{key}: {value}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


class RelayProcess:
    """``python -m reliable_events.outbox_cli relay`` as its own process, logging to a file."""

    def __init__(self, config: Path, service: str, log_path: Path, env: dict | None = None):
        self.args = [
            sys.executable,
            "-m",
            "reliable_events.outbox_cli",
            "relay",
            "--service",
            service,
            "--config",
            str(config),
        ]
        self.log_path, self.env = log_path, env or {}
        self.process = None

    def start(self) -> RelayProcess:
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                self.args,
                env=dict(os.environ, PYTHONWARNINGS="ignore", **self.env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def exited(self):
        return self.process.poll() is not None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class CountingQueue:
    """A queue the test owns; ``take()`` moves what arrived into ``seen`` (message id counts)."""

    def __init__(self, amqp_uri: str, bindings=(), arguments: dict | None = None, name=None):
        self.connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.connection.channel()
        self.name = name or f"agency.{uuid.uuid4().hex[:8]}"
        self.channel.queue_declare(self.name, durable=True, arguments=arguments)
        for exchange, routing_key in bindings:
            declare_events_exchange_as_the_relay_does(amqp_uri, exchange)
            self.channel.queue_bind(self.name, exchange, routing_key=routing_key)
        self.seen: Counter = Counter()
        self.bodies: dict[str, bytes] = {}

    def take(self) -> Counter:
        while True:
            method, properties, body = self.channel.basic_get(self.name, auto_ack=True)
            if method is None:
                return self.seen
            self.seen[properties.message_id] += 1
            self.bodies[properties.message_id] = body

    def has_all(self, ids) -> bool:
        return set(ids) <= set(self.take())

    def close(self) -> None:
        self.connection.close()


def declare_events_exchange_as_the_relay_does(amqp_uri: str, exchange: str) -> None:
    connection = amqp.Connection(**connection_params(amqp_uri))
    connection.connect()
    try:
        declare_events_exchange(connection.channel(), exchange.removesuffix(".events"))
    finally:
        connection.close()


def copies(seen: Counter) -> int:
    return sum(seen.values()) - len(seen)
