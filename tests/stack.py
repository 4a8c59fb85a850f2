"""What one test starts: services on a vhost of the test run's private broker, each with a
fresh database, using the same ``local_stack`` pieces as ``make up``."""

from __future__ import annotations

import importlib
import inspect
import sys
import time
from pathlib import Path

import pika

from local_stack import BrokerNode, ServiceProcess, free_port

REPO_ROOT = Path(__file__).resolve().parents[1]
PROBE_DIR = REPO_ROOT / "tests" / "reliability" / "probe"


class RunningService:
    """A started ServiceProcess, with the two things the tests keep asking for."""

    def __init__(self, process: ServiceProcess):
        self.process = process

    @property
    def url(self) -> str:
        return self.process.base_url

    @property
    def database_url(self) -> str:
        return self.process.database_url

    def kill(self) -> None:
        self.process.kill()
        self.process.wait_exit(30)

    def __getattr__(self, name):  # restart, wait_exit, terminate, log_tail...
        return getattr(self.process, name)


class Stack:
    """Everything one test starts; stopped when the test ends."""

    def __init__(self, broker: BrokerNode, amqp_uri: str, migrated, database_url,
                 log_dir: Path):
        self.broker = broker
        self.amqp_uri = amqp_uri
        self.migrated = migrated
        self.database_url = database_url
        self.log_dir = log_dir
        self.processes: list[ServiceProcess] = []

    def _run(self, service: str, env: dict, **options) -> RunningService:
        process = ServiceProcess(service, env, free_port(), REPO_ROOT,
                                 log_path=self.log_dir / f"{service}.log", **options)
        self.processes.append(process)
        process.start().wait_healthy(60)
        return RunningService(process)

    def start(self, service: str, env: dict | None = None) -> RunningService:
        """The service, healthy and consuming: /health answers before every consumer has
        declared its queue, and an event published in between would find no queue."""
        running = self._run(service, {
            "AMQP_URI": self.amqp_uri,
            f"{service.upper()}_DATABASE_URL": self.migrated(service),
            "MAX_DELIVERIES": "5",
            **(env or {}),
        })
        wait_for_queues(self.amqp_uri, event_queues(service))
        return running

    def start_probe(self, env: dict | None = None, batch: bool = False) -> RunningService:
        """The instrumented consumer of tests/reliability/probe (its tables are created
        here: it is a test fixture, not a service with migrations)."""
        from sqlalchemy import create_engine

        sys.path.insert(0, str(PROBE_DIR))
        from probe_service import metadata

        url = self.database_url("probe")
        engine = create_engine(url)
        metadata.create_all(engine)
        engine.dispose()
        return self._run("probe", {
            "AMQP_URI": self.amqp_uri, "PROBE_DATABASE_URL": url, "MAX_DELIVERIES": "5",
            **(env or {}),
        }, config=PROBE_DIR / "config.yml", extra_pythonpath=PROBE_DIR,
            module="probe_service:" + ("BatchProbeService" if batch else "ProbeService"))

    def stop(self) -> None:
        for process in self.processes:
            if process.is_running():
                process.terminate()


def event_queues(service: str) -> list[str]:
    """The queues of a service's event handlers, named as nameko names them."""
    from nameko.events import EventHandler

    from reliable_events import ReliableCommandHandler

    module = importlib.import_module(f"{service}.service")
    service_cls = next(cls for _, cls in inspect.getmembers(module, inspect.isclass)
                       if getattr(cls, "name", None) == service and cls.__module__ == module.__name__)
    names = []
    for method_name, method in inspect.getmembers(service_cls, callable):
        for entrypoint in getattr(method, "nameko_entrypoints", ()):
            if isinstance(entrypoint, ReliableCommandHandler):
                names.append(entrypoint.queue_name)
            elif isinstance(entrypoint, EventHandler):
                names.append(f"evt-{entrypoint.source_service}-{entrypoint.event_type}--{service}.{method_name}")
    return names


def wait_for_queues(amqp_uri: str, names: list[str], timeout: float = 30.0) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        deadline = time.monotonic() + timeout
        for name in names:
            while True:
                channel = connection.channel()
                try:
                    channel.queue_declare(name, passive=True)
                    channel.close()
                    break
                except pika.exceptions.ChannelClosedByBroker:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"queue {name} never declared") from None
                    time.sleep(0.05)
    finally:
        connection.close()
