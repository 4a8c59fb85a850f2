"""End-to-end throughput of the reliability core on this machine.

outbox commit (one event per transaction, SQLite WAL) -> OutboxRelay (batches, pipelined
publisher confirms) -> RabbitMQ (durable queue of the configured type, persistent
messages) -> a nameko consumer process (reliable_event_handler) -> inbox + one row, one
transaction per event. The clock runs from the first commit to the last applied event.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from reliable_events import OutboxRelay, Store, add_core_tables, make_engine
from reliable_events.topology import DEFAULT_RETRY_DELAYS, retry_queue

HERE = Path(__file__).resolve().parent
CONSUMER_CONFIG = """\
AMQP_URI: {amqp_uri}
DATABASE_URL: {db_url}
QUEUE_TYPE: {queue_type}
MAX_DELIVERIES: 5
OUTBOX_RELAY_ENABLED: "false"
max_workers: {workers}
"""


def _producer_store(db_url):
    from sqlalchemy import MetaData

    metadata = MetaData()
    outbox, inbox = add_core_tables(metadata)
    engine = make_engine(db_url)
    metadata.create_all(engine)
    return engine, outbox, Store(engine, (outbox, inbox), "bench", "bench.producer")


def _consumer_db(db_url):
    sys.path.insert(0, str(HERE))
    from bench_consumer import applied, metadata

    add_core_tables(metadata)
    engine = make_engine(db_url)
    metadata.create_all(engine)
    return engine, applied


def _count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _start_consumer(workdir, amqp_uri, db_url, queue_type, workers, batch):
    config = Path(workdir) / "bench_consumer.yml"
    config.write_text(
        CONSUMER_CONFIG.format(amqp_uri=amqp_uri, db_url=db_url, queue_type=queue_type, workers=workers)
    )
    env = dict(os.environ, PYTHONPATH=str(HERE), PYTHONWARNINGS="ignore")
    nameko = Path(sys.executable).with_name("nameko")
    with open(Path(workdir) / "bench_consumer.log", "w") as log:  # the child keeps its copy
        return subprocess.Popen(
            [
                str(nameko),
                "run",
                "--config",
                str(config),
                "bench_consumer:" + ("BenchBatchConsumer" if batch else "BenchConsumer"),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )


def _start_relay_process(workdir, amqp_uri, db_url, batch_size):
    config = Path(workdir) / "relay.yml"
    config.write_text(
        f"AMQP_URI: {amqp_uri}\nDATABASE_URL: {db_url}\n"
        f"OUTBOX_BATCH_SIZE: {batch_size}\nOUTBOX_POLL_SECONDS: 0.02\n"
    )
    with open(Path(workdir) / "relay.log", "w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "reliable_events.relay", "--config", str(config), "--service", "bench"],
            env=dict(os.environ, PYTHONWARNINGS="ignore"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _wait_for_queue(amqp_uri, queue_name, timeout=30.0):
    import amqp as pyamqp

    from reliable_events.publisher import connection_params

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = pyamqp.Connection(**connection_params(amqp_uri))
        conn.connect()
        try:
            _, _, consumers = conn.channel().queue_declare(queue_name, passive=True)
            if consumers:
                return
        except pyamqp.exceptions.NotFound:
            pass
        finally:
            with contextlib.suppress(Exception):  # a failed close must not end the wait
                conn.close()
        time.sleep(0.2)
    raise TimeoutError(f"consumer queue {queue_name} not ready")


def _delete_queue(amqp_uri, queue_name):
    import amqp as pyamqp

    from reliable_events.publisher import connection_params

    conn = pyamqp.Connection(**connection_params(amqp_uri))
    conn.connect()
    try:
        conn.channel().queue_delete(queue_name)
    finally:
        conn.close()


def measure_core_end_to_end(
    amqp_uri: str,
    n: int = 10000,
    queue_type: str = "quorum",
    batch_size: int = 500,
    workers: int = 40,
    timeout: float = 300.0,
    batch: bool = True,
    relay_process: bool = False,
) -> dict:
    """Events per second through the whole core, plus each stage's own rate."""
    queue_name = "evt-bench-bench_event--bench_consumer.handle_bench_event"
    with tempfile.TemporaryDirectory(prefix="hall-bench-") as workdir:
        producer_url = f"sqlite:///{workdir}/producer.db"
        consumer_url = f"sqlite:///{workdir}/consumer.db"
        engine, outbox, store = _producer_store(producer_url)
        consumer_engine, applied = _consumer_db(consumer_url)
        consumer = _start_consumer(workdir, amqp_uri, consumer_url, queue_type, workers, batch)
        relay = OutboxRelay(engine, outbox, "bench", amqp_uri, batch_size=batch_size, poll_seconds=0.05)
        relay_thread = threading.Thread(target=relay.run, daemon=True)
        relay_proc = None
        try:
            _wait_for_queue(amqp_uri, queue_name)
            if relay_process:
                relay_proc = _start_relay_process(workdir, amqp_uri, producer_url, batch_size)
            else:
                relay_thread.start()
            payload = {"case_no": "HALL-20261122-BENCH000", "note": "x" * 300}
            consumer_cpu, producer_cpu = _cpu_seconds(consumer.pid), _own_cpu_seconds()
            started = time.perf_counter()
            for i in range(n):
                with store.transaction() as tx:
                    tx.publish("bench_event", f"HALL-{i}", payload)
                if i % 200 == 0:
                    relay.wakeup.set()
            relay.wakeup.set()
            committed = time.perf_counter() - started
            deadline = time.monotonic() + timeout
            while _count(consumer_engine, applied) < n:
                if time.monotonic() > deadline or consumer.poll() is not None:
                    raise RuntimeError(
                        f"only {_count(consumer_engine, applied)} of {n} applied "
                        f"(see {workdir}/bench_consumer.log)"
                    )
                time.sleep(0.02)
            elapsed = time.perf_counter() - started
            producer_cpu = _own_cpu_seconds() - producer_cpu
            consumer_end = _cpu_seconds(consumer.pid)
            if consumer_cpu is not None and consumer_end is not None:
                consumer_cpu = consumer_end - consumer_cpu
            duplicates = _count(consumer_engine, applied) - n
        finally:
            relay.stop()
            if relay_proc is not None:
                relay_proc.terminate()
                relay_proc.wait(timeout=15)
            consumer.terminate()
            try:
                consumer.wait(timeout=15)
            except subprocess.TimeoutExpired:
                consumer.kill()
            _delete_queue(amqp_uri, queue_name)
            # the delay queues carry the queue type in their arguments: the next run may differ
            for delay in DEFAULT_RETRY_DELAYS:
                _delete_queue(amqp_uri, retry_queue("bench_consumer", delay))
            engine.dispose()
            consumer_engine.dispose()
    return {
        "messages": n,
        "queue_type": queue_type,
        "consumer": "batch" if batch else "per-event",
        "relay": "process" if relay_process else "thread",
        "end_to_end_per_s": n / elapsed,
        "outbox_commits_per_s": n / committed,
        "seconds": elapsed,
        "applied_twice": duplicates,
        # CPU per event holds better than rates on a shared machine: the producer process
        # (commits and, unless relay_process, the relay thread) and the consumer process
        "producer_cpu_us_per_event": 1e6 * producer_cpu / n,
        "consumer_cpu_us_per_event": None if consumer_cpu is None else 1e6 * consumer_cpu / n,
    }


if __name__ == "__main__":
    uri = sys.argv[1] if len(sys.argv) > 1 else "amqp://guest:guest@127.0.0.1:5672/"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    print(measure_core_end_to_end(uri, count, batch=False))
    print(measure_core_end_to_end(uri, count, batch=True))
