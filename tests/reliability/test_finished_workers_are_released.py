"""A finished worker is let go at once: nothing of it (its context, the service instance it ran
on, its messages, the frames it ran in) waits for ``HANDLER_TIME_LIMIT`` to pass.

The time limit used to be a green thread started with ``eventlet.spawn_after`` and cancelled
when the worker finished; a cancelled ``spawn_after`` stays in the hub's timers until its time
comes, holding the finished worker (and the traceback of the cancellation, every frame of the
worker with it) for 120 s: about 20 KiB a worker, 100 MiB and more of a service's memory at
25 cases/s (docs/performance.md, "Peak RSS"). The probe runs in this process, on a vhost of the
run's own RabbitMQ and a real database, so that the test can ask the garbage collector.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from bus import RawPublisher, wait_for
from reliability.probe import probe_service
from sqlalchemy import create_engine, func, select
from stack import TEST_RETRY_DELAYS, fresh_vhost

from local_stack import free_port
from local_stack.topology import declare_services

TIME_LIMIT = 120  # the default, far beyond the wait below: only the release can pass the test
EVENTS = 40


def probe_config(amqp_uri: str, database_url: str) -> dict:
    """tests/reliability/probe/config.yml's values, as ``nameko run`` would read them."""
    return {
        "AMQP_URI": amqp_uri,
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "DATABASE_URL": database_url,
        "SQLITE_BUSY_TIMEOUT": 1,
        "QUEUE_TYPE": "quorum",
        "MAX_DELIVERIES": 5,
        "RETRY_DELAYS": TEST_RETRY_DELAYS,
        "RETRY_UNAVAILABLE_FOR": 86400,
        "BROKER_DELIVERY_LIMIT": 20,
        "HANDLER_TIME_LIMIT": TIME_LIMIT,
        "OUTBOX_RELAY_ENABLED": "false",
        "HEARTBEAT": 15,
        "HALL_MODE": "development",
        "max_workers": 10,
    }


def alive(workers: list[weakref.ref]) -> int:
    gc.collect()
    return sum(1 for ref in workers if ref() is not None)


@pytest.mark.parametrize("service_class", ["ProbeService", "BatchProbeService"])
def test_a_finished_worker_is_released_before_its_time_limit(
    private_broker, database_url, container_factory, service_class
):
    amqp_uri, url = fresh_vhost(private_broker), database_url("probe")
    engine = create_engine(url)
    probe_service.metadata.create_all(engine)
    service = getattr(probe_service, service_class)
    config = probe_config(amqp_uri, url)
    declare_services(amqp_uri, ["probe"], {"probe": config}, {"probe": service})
    container = container_factory(service, config)
    workers: list[weakref.ref] = []
    spawn_worker = container.spawn_worker

    def recording(*args, **kwargs):
        worker_ctx = spawn_worker(*args, **kwargs)
        workers.append(weakref.ref(worker_ctx))
        return worker_ctx

    container.spawn_worker = recording
    container.start()
    publisher = RawPublisher(amqp_uri)
    for _ in range(EVENTS):
        publisher.case_accepted()
    publisher.close()

    def applied() -> int:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(probe_service.applications))

    wait_for(lambda: applied() == EVENTS, timeout=60)
    assert workers, "no worker ran"
    try:
        wait_for(lambda: alive(workers) == 0, timeout=20, interval=0.5)
    except AssertionError:
        raise AssertionError(f"{alive(workers)} of {len(workers)} finished workers are still held") from None
    assert applied() == EVENTS  # each event applied once: nothing was cut short to be released
    engine.dispose()
