"""The outbox relay alone: ``python bench/relay_pass.py [--n N] [--amqp-uri URI]``.

Commits N events into a SQLite outbox (not timed), then times ``OutboxRelay.relay_once``
until every row is confirmed by the broker and marked sent: claim, publish with confirms
into a durable queue (quorum by default), mark. Prints events/s and the CPU seconds the
process spent (publishing is CPU-bound in Python; the broker runs beside it). Run it under
``py-spy record`` to see where a relay's time goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

import amqp
from sqlalchemy import MetaData, func, select

from reliable_events import OutboxRelay, Store, add_core_tables, make_engine
from reliable_events.publisher import connection_params
from reliable_events.topology import declare_events_exchange, events_exchange

QUEUE = "bench-relay-pass"


def _bind_queue(amqp_uri: str, queue_type: str) -> None:
    conn = amqp.Connection(**connection_params(amqp_uri))
    conn.connect()
    try:
        channel = conn.channel()
        declare_events_exchange(channel, "bench")
        channel.queue_delete(QUEUE)
        channel.queue_declare(QUEUE, durable=True, auto_delete=False, arguments={"x-queue-type": queue_type})
        channel.queue_bind(QUEUE, events_exchange("bench"), "bench_event")
    finally:
        conn.close()


def _delete_queue(amqp_uri: str) -> None:
    conn = amqp.Connection(**connection_params(amqp_uri))
    conn.connect()
    try:
        conn.channel().queue_delete(QUEUE)
    finally:
        conn.close()


def measure_relay(amqp_uri: str, n: int, batch_size: int, queue_type: str) -> dict:
    metadata = MetaData()
    outbox, inbox = add_core_tables(metadata)
    with tempfile.TemporaryDirectory(prefix="hall-relay-") as workdir:
        engine = make_engine(f"sqlite:///{workdir}/producer.db")
        metadata.create_all(engine)
        store = Store(engine, (outbox, inbox), "bench", "bench.producer")
        payload = {"case_no": "HALL-20261122-BENCH000", "note": "x" * 300}
        for i in range(n):
            with store.transaction() as tx:
                tx.publish("bench_event", f"HALL-{i}", payload)
        _bind_queue(amqp_uri, queue_type)
        relay = OutboxRelay(engine, outbox, "bench", amqp_uri, batch_size=batch_size)
        try:
            relay.publisher.connect()
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            relayed = 0
            while relayed < n:
                relayed += relay.relay_once()
            elapsed = time.perf_counter() - started
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
            with engine.connect() as connection:
                pending = connection.execute(
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
                ).scalar_one()
        finally:
            relay.stop()
            _delete_queue(amqp_uri)
            engine.dispose()
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {
        "events": n,
        "relayed_per_s": n / elapsed,
        "seconds": elapsed,
        "cpu_ms_per_1000": 1000 * cpu * 1000 / n,
        "still_pending": pending,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--queue-type", default="quorum", choices=("quorum", "classic"))
    parser.add_argument(
        "--amqp-uri", default=os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/%2F")
    )
    args = parser.parse_args(argv)
    result = measure_relay(args.amqp_uri, args.n, args.batch_size, args.queue_type)
    print(
        f"relay: {result['events']} events in {result['seconds']:.2f}s = {result['relayed_per_s']:,.0f}/s, "
        f"{result['cpu_ms_per_1000']:.0f} ms CPU per 1000 events, {result['still_pending']} left pending"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
