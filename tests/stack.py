"""What one test starts: services on a vhost of the test run's private broker, each with a
fresh database, using the same ``local_stack`` pieces as ``make up``."""

from __future__ import annotations

import signal
from pathlib import Path

from local_stack import BrokerNode, ServiceProcess, free_port
from local_stack.topology import declare_services, service_config
from local_stack.vhosts import VhostPool

REPO_ROOT = Path(__file__).resolve().parents[1]
PROBE_DIR = REPO_ROOT / "tests" / "reliability" / "probe"
# the default schedule (1 s, 10 s, 1 min, 5 min, 15 min) scaled down for tests, same shape
TEST_RETRY_DELAYS = "0.1,0.5,1,2,3"


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

    def __init__(self, broker: BrokerNode, amqp_uri: str, migrated, database_url, log_dir: Path):
        self.broker = broker
        self.amqp_uri = amqp_uri
        self.migrated = migrated
        self.database_url = database_url
        self.log_dir = log_dir
        self.processes: list[ServiceProcess] = []

    def _run(self, service: str, env: dict, **options) -> RunningService:
        process = ServiceProcess(
            service, env, free_port(), REPO_ROOT, log_path=self.log_dir / f"{service}.log", **options
        )
        self.processes.append(process)
        process.start().wait_healthy(60)
        return RunningService(process)

    def start(self, service: str, env: dict | None = None) -> RunningService:
        """The service, healthy and consuming. Its whole topology (the queues of its
        consumers, its task queues, dead letters, delay queues) is declared before it starts,
        as the deploy definitions declare it at the broker's boot: an event published before
        the service's consumers are up waits in their queues."""
        env = {
            "AMQP_URI": self.amqp_uri,
            f"{service.upper()}_DATABASE_URL": self.migrated(service),
            "MAX_DELIVERIES": "5",
            "RETRY_DELAYS": TEST_RETRY_DELAYS,
            **(env or {}),
        }
        declare_services(self.amqp_uri, [service], {service: {**service_config(service), **env}})
        return self._run(service, env)

    def start_replica(self, running: RunningService, env: dict | None = None) -> RunningService:
        """Another process of a running service, on its database and broker (replicas)."""
        process = running.process
        replica = ServiceProcess(
            process.service,
            {**process.env, **(env or {})},
            free_port(),
            REPO_ROOT,
            log_path=self.log_dir / f"{process.service}-{len(self.processes)}.log",
        )
        self.processes.append(replica)
        replica.start().wait_healthy(60)
        return RunningService(replica)

    def start_probe(self, env: dict | None = None, batch: bool = False) -> RunningService:
        """The instrumented consumer of tests/reliability/probe (its tables are created
        here: it is a test fixture, not a service with migrations)."""
        from reliability.probe import probe_service
        from sqlalchemy import create_engine

        url = self.database_url("probe")
        engine = create_engine(url)
        probe_service.metadata.create_all(engine)
        engine.dispose()
        env = {
            "AMQP_URI": self.amqp_uri,
            "PROBE_DATABASE_URL": url,
            "MAX_DELIVERIES": "5",
            "RETRY_DELAYS": TEST_RETRY_DELAYS,
            **(env or {}),
        }
        class_name = "BatchProbeService" if batch else "ProbeService"
        declare_services(
            self.amqp_uri, ["probe"], {"probe": env}, {"probe": getattr(probe_service, class_name)}
        )
        return self._run(
            "probe",
            env,
            config=PROBE_DIR / "config.yml",
            extra_pythonpath=PROBE_DIR,
            module=f"probe_service:{class_name}",
        )

    def stop(self) -> None:
        """SIGKILL to every process first, then wait for each. This is the end of a test, whose
        broker vhost and databases are thrown away with it: a clean stop proves nothing here (a
        test that needs one restarts or terminates its service itself) and costs about 3 s per
        test (nameko's consumer loop and timers wind down on their own poll intervals)."""
        for process in self.processes:
            process.kill(signal.SIGKILL)


_POOLS: dict[tuple[int, str], VhostPool] = {}


def fresh_vhost(broker: BrokerNode, prefix: str = "t") -> str:
    """The AMQP URI of a vhost of ``broker`` nobody has used, from a pool made a few at a time
    (``local_stack.vhosts``: one rabbitmqctl call makes several)."""
    pool = _POOLS.get((id(broker), prefix))
    if pool is None or pool.broker is not broker:
        pool = _POOLS[(id(broker), prefix)] = VhostPool(broker, prefix=prefix)
    return pool.take()


def sqlite_stack(broker, folder: Path, vhost_prefix: str = "t") -> Stack:
    """A Stack on a fresh vhost of ``broker`` whose services each get a migrated SQLite database in
    ``folder``: for suites that start the services once for a module or session (the ``stack``
    fixture gives one test its own). ``stop()`` it when done."""
    from reliable_events.migrations import upgrade

    def database_url(name: str) -> str:
        return f"sqlite:///{folder / (name + '.db')}"

    def migrated(service: str) -> str:
        url = database_url(service)
        upgrade(service, url, REPO_ROOT / "services" / service / "alembic.ini")
        return url

    return Stack(broker, fresh_vhost(broker, vhost_prefix), migrated, database_url, folder)


def database_outage(url: str):
    """``outage(True)`` takes a service's database away, ``outage(False)`` gives it back (SQLite:
    another process holds the file's write lock; PostgreSQL: connections refused, backends ended)."""
    if url.startswith("sqlite"):
        import sqlite3

        holder = {}

        def outage_sqlite(on: bool) -> None:
            if on:
                holder["lock"] = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
                holder["lock"].execute("BEGIN EXCLUSIVE")
            else:
                holder.pop("lock").close()  # rolls the empty transaction back

        return outage_sqlite
    database = url.rsplit("/", 1)[1]
    from sqlalchemy import create_engine, text

    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")

    def outage_postgresql(on: bool) -> None:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {not on}'))
            if on:
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": database},
                )

    return outage_postgresql
