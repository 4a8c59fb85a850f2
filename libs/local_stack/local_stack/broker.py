"""A private RabbitMQ node, run from the OS package without touching the system broker.

``rabbitmq-server`` from /usr/lib/rabbitmq/bin is started directly as the calling user (root
on CI) with every path pointed into one data folder: its own HOME (so its own Erlang cookie),
node name, AMQP and distribution ports, mnesia, logs, plugins and config. Several such nodes
and the system broker coexist; only epmd (port 4369) is shared. The node runs in the
foreground as a child of whoever started it and dies with it (``local_stack.lifeline``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from local_stack import lifeline
from local_stack.conventions import free_port, port_in_use
from local_stack.rabbitmq_package import (
    FOREGROUND_ENV,
    RABBIT_BIN,
    RABBITMQ_SERVER,
    RABBITMQCTL,
    BrokerError,
    amqp_answers,
    ensure_rabbitmq_installed,
)

__all__ = [
    "FOREGROUND_ENV",
    "RABBIT_BIN",
    "RABBITMQCTL",
    "RABBITMQ_SERVER",
    "BrokerError",
    "BrokerNode",
    "EnsuredBroker",
    "amqp_answers",
    "ensure_broker",
    "ensure_rabbitmq_installed",
]


class BrokerNode:
    """One RabbitMQ node of our own: ``BrokerNode(tmp, port=5690, nodename="t@localhost",
    dist_port=25690).start()``; guest/guest may connect from 127.0.0.1 only."""

    def __init__(self, data_dir: Path, port: int, nodename: str, dist_port: int):
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.nodename = nodename
        self.dist_port = dist_port
        self.process: subprocess.Popen | None = None

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "rabbitmq.pid"

    @property
    def config_file(self) -> Path:
        return self.data_dir / "rabbitmq.conf"

    @property
    def plugins_file(self) -> Path:
        return self.data_dir / "enabled_plugins"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def amqp_uri(self) -> str:
        return self.vhost_uri("/")

    def vhost_uri(self, vhost: str) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/{quote(vhost, safe='')}"

    def node_env(self) -> dict[str, str]:
        """The variables that make rabbitmq-server and rabbitmqctl address this node alone."""
        return {
            "HOME": str(self.data_dir),
            "RABBITMQ_NODENAME": self.nodename,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.data_dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.log_dir),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.plugins_file),
            "RABBITMQ_CONFIG_FILE": str(self.config_file),
            "RABBITMQ_PID_FILE": str(self.pid_file),
        }

    def write_files(self) -> None:
        """No plugins; listen on loopback only; let guest in (it is loopback-only anyway)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.plugins_file.write_text("[].\n")
        self.config_file.write_text(f"listeners.tcp.default = 127.0.0.1:{self.port}\nloopback_users = none\n")

    def ctl(self, *args: str, timeout: float = 90) -> str:
        """Run ``rabbitmqctl -n <node> <args>`` against this node; raise on failure."""
        command = [str(RABBITMQCTL), "-n", self.nodename, *args]
        try:
            done = lifeline.run(
                command,
                env={**os.environ, **self.node_env()},
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise BrokerError(f"rabbitmqctl {' '.join(args)}: no answer in {timeout}s") from None
        if done.returncode != 0:
            raise BrokerError(
                f"rabbitmqctl {' '.join(args)} on {self.nodename} exited "
                f"{done.returncode}: {(done.stderr or done.stdout).strip()}"
            )
        return done.stdout

    def is_running(self) -> bool:
        """True while this node's Erlang VM (the pid in its pid file) is alive; the VM's command
        line must name this node's data folder, so a recycled pid is never taken for it."""
        try:
            pid = int(self.pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return False
        return b"beam" in cmdline and str(self.data_dir).encode() in cmdline

    def is_ours(self) -> bool:
        """True while the VM this object started runs (a leftover of another run is not)."""
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 60) -> BrokerNode:
        """Run the node in the foreground as a child of this process, dying with it (see
        ``local_stack.lifeline``), and wait until it is ready. A node found running from this
        data folder but not started here is a leftover of a killed run: it is stopped, never
        reused as if it were this run's."""
        self.launch()
        self.wait_until_ready(timeout)
        return self

    def launch(self) -> None:
        """Start the node's VM without waiting for it to boot (several nodes boot in parallel)."""
        if self.is_ours():
            return
        if self.is_running():
            self.stop_leftover()
        if port_in_use(self.port):
            raise BrokerError(f"cannot start {self.nodename}: port {self.port} is taken")
        ensure_rabbitmq_installed()
        self.write_files()
        self.pid_file.unlink(missing_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / "console.out", "a") as console:
            self.process = lifeline.popen(
                [str(RABBITMQ_SERVER)],
                env={**os.environ, **self.node_env(), **FOREGROUND_ENV},
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )  # a Ctrl-C in the terminal reaches only our parent

    def stop_leftover(self) -> None:
        """Stop a node of this data folder that an earlier, killed run left behind."""
        pid = int(self.pid_file.read_text().strip())
        try:
            self.ctl("stop", str(self.pid_file), timeout=30)
        except BrokerError:
            os.kill(pid, signal.SIGKILL)  # it does not answer: it cannot be stopped cleanly
        deadline = time.monotonic() + 30
        while self.is_running():
            if time.monotonic() > deadline:
                raise BrokerError(f"a leftover {self.nodename} (pid {pid}) will not stop")
            time.sleep(0.1)

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Wait for the node to boot, then for its AMQP listener to accept guest."""
        deadline = time.monotonic() + timeout
        if self.process is not None and self.process.poll() is not None:
            raise BrokerError(
                f"{self.nodename} exited with code {self.process.returncode}\n{self.log_tail()}"
            )
        try:
            self.ctl("wait", str(self.pid_file), "--timeout", str(int(timeout)), timeout=timeout + 15)
        except BrokerError as error:
            raise BrokerError(f"{error}\n{self.log_tail()}") from None
        while not amqp_answers(self.amqp_uri, timeout=2):
            if time.monotonic() > deadline:
                raise BrokerError(
                    f"{self.nodename} booted but {self.amqp_uri} does not answer\n{self.log_tail()}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the node and wait until its VM has exited (a no-op when it is not running)."""
        if self.process is not None and self.is_ours():
            # Without the pid file: rabbitmqctl would wait for that pid to vanish, and our
            # exited child stays a zombie until we reap it below.
            self.ctl("stop")
            self.process.wait(timeout=60)
        elif self.is_running():
            self.ctl("stop", str(self.pid_file))
        self.process = None

    def restart(self, timeout: float = 60) -> BrokerNode:
        self.stop()
        return self.start(timeout)

    def add_vhost(self, name: str) -> str:
        """A fresh vhost guest may use fully (one rabbitmqctl call); returns its AMQP URI."""
        from local_stack.vhosts import add_vhosts

        return add_vhosts(self, [name])[0]

    def log_tail(self, lines: int = 30) -> str:
        logs = sorted(self.log_dir.glob("*.log")) if self.log_dir.is_dir() else []
        tails = []
        for log in logs:
            text = log.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {log} ---\n" + "\n".join(text))
        return "\n".join(tails) or f"(no broker log under {self.log_dir})"


class EnsuredBroker(NamedTuple):
    """What ``ensure_broker`` found: the URI to use and the node it started (None if reused)."""

    amqp_uri: str
    node: BrokerNode | None


def ensure_broker(data_dir: Path, port: int = 5672) -> EnsuredBroker:
    """Use the broker answering at ``port`` (guest/guest); else start a private node there,
    kept under ``<data_dir>/rabbitmq`` so its durable queues survive a restart. Our own node
    left running there by a killed run is replaced by one of this run, not reused."""
    uri = f"amqp://guest:guest@127.0.0.1:{port}/"
    node = BrokerNode(Path(data_dir) / "rabbitmq", port, f"hall{port}@localhost", free_port())
    if not node.is_running() and amqp_answers(uri):
        return EnsuredBroker(uri, None)
    if not node.is_running() and port_in_use(port):
        raise BrokerError(
            f"port {port} is taken by something that does not accept AMQP "
            f"guest/guest from 127.0.0.1; free it or use another port"
        )
    ensure_rabbitmq_installed()
    node.start()
    return EnsuredBroker(node.amqp_uri, node)
