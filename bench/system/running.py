"""``--use-running``: the benchmark's hall is the stack ``make up`` runs from this checkout.

``make up`` (``local_stack.up``) records nothing but what it leaves in ``.data/``: its RabbitMQ
node's folder (``.data/rabbitmq``: the pid file, and the port in ``rabbitmq.conf``), the
services' SQLite files (``.data/<service>.db``), and the fixed HTTP ports of
``local_stack.conventions``. From those: the broker's URI (the development accounts, which
``make up`` installs on a node of its own; a broker it merely reused has only guest, and is
refused), the services' addresses (each must answer ``/health``), their databases (read for the
backlog: unsent outbox rows, deliveries waiting) and their processes (``nameko run`` with the
service's config.yml of this checkout, found in ``/proc``: CPU and peak RSS). The department
agents are the benchmark's own, as in a private hall. Nothing of make up's is started, stopped,
migrated or bulk-loaded; the cases the benchmark offers stay in make up's databases.
"""

from __future__ import annotations

import re
from pathlib import Path

from local_stack.conventions import DATA_DIR_NAME, HTTP_PORTS, sqlite_url
from local_stack.processes import ServiceProcess
from local_stack.topology import definitions_topology

from .hall import NOTIFY_PACE, SERVICES, Hall

LISTENER = re.compile(r"listeners\.tcp\.default\s*=\s*[\d.]+:(\d+)")


class NotRunning(RuntimeError):
    """make up's stack, or a part of it the benchmark needs, is not there."""


def broker_port(rabbitmq_dir: Path) -> int:
    """The AMQP port of make up's node, if its Erlang VM (the pid file's) is alive."""
    pid_file, config = rabbitmq_dir / "rabbitmq.pid", rabbitmq_dir / "rabbitmq.conf"
    if not (pid_file.exists() and config.exists() and pid_alive(int(pid_file.read_text().strip() or 0))):
        raise NotRunning(
            f"no broker node of make up's running ({rabbitmq_dir}): start `make up` in this checkout; "
            "a broker make up only reused (guest) lacks the accounts the hall's processes log in with"
        )
    found = LISTENER.search(config.read_text())
    if not found:
        raise NotRunning(f"{config} names no AMQP listener")
    return int(found.group(1))


def pid_alive(pid: int) -> bool:
    return pid > 0 and Path(f"/proc/{pid}").exists()


def service_pids(repo_root: Path, proc: Path = Path("/proc")) -> dict[str, int]:
    """``{service: pid}`` of the ``nameko run --config <repo>/services/<service>/config.yml``
    processes in ``proc`` (make up's, as local_stack starts them)."""
    wanted = {str(repo_root / "services" / service / "config.yml"): service for service in SERVICES}
    found: dict[str, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if "run" in words and any(word.endswith("nameko") for word in words):
            for word in words:
                if word in wanted:
                    found.setdefault(wanted[word], int(entry.name))
    return found


def environment_of(pid: int) -> dict[str, str]:
    try:
        pairs = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return {}
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


class RunningHall(Hall):
    """A Hall whose broker, services and databases are make up's; only the agents are ours."""

    def __init__(self, repo_root: Path):
        super().__init__(repo_root / DATA_DIR_NAME, "sqlite")
        self.repo_root = repo_root
        self.service_pid: dict[str, int] = {}

    def start_broker(self) -> str:
        port = broker_port(self.folder / "rabbitmq")
        self.amqp_uri = f"amqp://guest:guest@127.0.0.1:{port}/%2F"
        return self.amqp_uri

    def start_peers(self) -> None:
        """make up's notify has its own peers (local_stack.peers)."""

    def migrate(self) -> dict[str, str]:
        self.databases = {service: sqlite_url(self.folder / f"{service}.db") for service in SERVICES}
        return self.databases

    def start_services(self) -> dict[str, str]:
        """make up's services, if each answers /health and its process is found."""
        for service in SERVICES:
            probe = ServiceProcess(service, {}, HTTP_PORTS[service], self.repo_root)
            if probe.health_status() != 200:
                raise NotRunning(f"{service} does not answer {probe.health_url}: is `make up` running?")
            self.urls[service] = probe.base_url
        self.service_pid = service_pids(self.repo_root)
        missing = [service for service in SERVICES if service not in self.service_pid]
        if missing:
            raise NotRunning(f"no process of {', '.join(missing)} started from {self.repo_root}")
        poll = environment_of(self.service_pid["notify"]).get("RECEIPT_POLL_SECONDS", "60 (its default)")
        if poll != NOTIFY_PACE["RECEIPT_POLL_SECONDS"]:
            print(
                f"  warning: make up's notify asks the SMS gateway for receipts every {poll} s (a private "
                "hall: every second), so a promised case completes that late and no step keeps up; "
                "start it as `RECEIPT_POLL_SECONDS=1 make up` to compare with a private hall",
                flush=True,
            )
        return self.urls

    def stop_services(self) -> None:
        """Never: they are make up's."""

    def pids(self) -> dict[str, int]:
        found = {**self.service_pid, **{f"agent:{name}": p.pid for name, p in self.agents.items()}}
        pid_file = self.folder / "rabbitmq" / "rabbitmq.pid"
        if pid_file.exists():
            found["broker"] = int(pid_file.read_text().strip())
        return found

    def queues(self) -> list[str]:
        """The work queues of make up's topology (as the deploy definitions declare them)."""
        names = [queue["name"] for queue in definitions_topology(SERVICES)["queues"]]
        return [name for name in names if not name.endswith((".unrouted", ".dead_letters"))]
