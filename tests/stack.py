"""Real processes for the integration and reliability tiers: a private RabbitMQ node and
nameko services started exactly as ``make up`` starts them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
NAMEKO = Path(sys.executable).with_name("nameko")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServiceProcess:
    """One ``nameko run`` of a service, on its own port, logging to a file."""

    def __init__(self, service: str, env: dict, log_dir: Path, module: str | None = None,
                 config: Path | None = None, extra_path: Path | None = None):
        self.service = service
        self.module = module or f"{service}.service"
        self.config = config or REPO_ROOT / "services" / service / "config.yml"
        self.port = free_port()
        self.env = dict(env)
        self.env[f"{service.upper()}_HTTP_ADDRESS"] = f"127.0.0.1:{self.port}"
        self.extra_path = extra_path
        self.log_path = log_dir / f"{service}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return self.env[f"{self.service.upper()}_DATABASE_URL"]

    def start(self, timeout: float = 60.0) -> ServiceProcess:
        env = dict(os.environ, PYTHONWARNINGS="ignore", **self.env)
        if self.extra_path:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(self.extra_path),
                                                              env.get("PYTHONPATH")]))
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [str(NAMEKO), "run", "--config", str(self.config), self.module],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.service} exited:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.service} not healthy after {timeout}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, nothing flushed."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def wait_exit(self, timeout: float) -> int:
        return self.process.wait(timeout=timeout)

    def terminate(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self, env: dict | None = None) -> ServiceProcess:
        self.terminate()
        self.env.update(env or {})
        return self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")


class PrivateBroker:
    """A RabbitMQ node of the test run's own (its own port, data folder and cookie), so a
    test may restart it without touching any other broker on the machine."""

    def __init__(self, data_dir: Path):
        if not (RABBIT_BIN / "rabbitmq-server").exists():
            raise RuntimeError("rabbitmq-server is not installed: run `make test`, which "
                               "installs it (apt-get install rabbitmq-server)")
        self.data_dir = data_dir
        self.port = free_port()
        self.nodename = f"halltest{os.getpid()}@localhost"
        (data_dir / "enabled_plugins").write_text("[].\n")
        (data_dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = 127.0.0.1:{self.port}\nloopback_users = none\n")
        self.env = dict(
            os.environ, HOME=str(data_dir), RABBITMQ_NODENAME=self.nodename,
            RABBITMQ_NODE_PORT=str(self.port), RABBITMQ_DIST_PORT=str(free_port()),
            RABBITMQ_MNESIA_BASE=str(data_dir / "mnesia"), RABBITMQ_LOG_BASE=str(data_dir / "log"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(data_dir / "enabled_plugins"),
            RABBITMQ_CONFIG_FILE=str(data_dir / "rabbitmq"),
            RABBITMQ_PID_FILE=str(data_dir / "rabbitmq.pid"),
        )

    def amqp_uri(self, vhost: str = "/") -> str:
        from urllib.parse import quote

        return f"amqp://guest:guest@127.0.0.1:{self.port}/{quote(vhost, safe='')}"

    def _ctl(self, *args: str, timeout: float = 90) -> str:
        done = subprocess.run([str(RABBIT_BIN / "rabbitmqctl"), "-n", self.nodename, *args],
                              env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {done.stderr or done.stdout}")
        return done.stdout

    def start(self) -> None:
        subprocess.run([str(RABBIT_BIN / "rabbitmq-server"), "-detached"], env=self.env,
                       check=True, capture_output=True, timeout=60)
        self._ctl("wait", str(self.data_dir / "rabbitmq.pid"), "--timeout", "60")

    def stop(self) -> None:
        self._ctl("stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def add_vhost(self, name: str) -> str:
        self._ctl("add_vhost", name)
        self._ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return self.amqp_uri(name)


class Stack:
    """What one test starts: services on one vhost of the private broker, each with a
    fresh migrated database. Everything is stopped when the test ends."""

    def __init__(self, broker: PrivateBroker, amqp_uri: str, migrated, database_url,
                 log_dir: Path):
        self.broker = broker
        self.amqp_uri = amqp_uri
        self.migrated = migrated
        self.database_url = database_url
        self.log_dir = log_dir
        self.processes: list[ServiceProcess] = []

    def start(self, service: str, env: dict | None = None) -> ServiceProcess:
        process = ServiceProcess(service, {
            "AMQP_URI": self.amqp_uri,
            f"{service.upper()}_DATABASE_URL": self.migrated(service),
            "MAX_DELIVERIES": "5",
            **(env or {}),
        }, self.log_dir)
        self.processes.append(process)
        return process.start()

    def start_probe(self, env: dict | None = None, batch: bool = False) -> ServiceProcess:
        """The instrumented consumer of tests/reliability/probe (no migrations: its tables
        are created here)."""
        from sqlalchemy import create_engine

        probe_dir = REPO_ROOT / "tests" / "reliability" / "probe"
        sys.path.insert(0, str(probe_dir))
        from probe_service import metadata

        url = self.database_url("probe")
        engine = create_engine(url)
        metadata.create_all(engine)
        engine.dispose()
        process = ServiceProcess("probe", {
            "AMQP_URI": self.amqp_uri, "PROBE_DATABASE_URL": url, "MAX_DELIVERIES": "5",
            **(env or {}),
        }, self.log_dir, config=probe_dir / "config.yml",
            module="probe_service:" + ("BatchProbeService" if batch else "ProbeService"),
            extra_path=probe_dir)
        self.processes.append(process)
        return process.start()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
