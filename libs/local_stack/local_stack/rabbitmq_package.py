"""The RabbitMQ of the OS package: installed on demand, and asked whether a broker answers."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")
RABBITMQ_SERVER = RABBIT_BIN / "rabbitmq-server"
RABBITMQCTL = RABBIT_BIN / "rabbitmqctl"
# rabbitmq-server then execs the Erlang VM in place (no -detached daemon, no signal-forwarding
# shell between us and the VM), so the VM is our direct child and its pid that of our Popen;
# -noinput keeps the Erlang shell off stdin, +B i ignores a stray SIGINT as the script would.
FOREGROUND_ENV = {"RABBITMQ_ALLOW_INPUT": "true", "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-noinput +B i"}


class BrokerError(RuntimeError):
    """The broker could not be installed, started, reached or stopped."""


def ensure_rabbitmq_installed() -> Path:
    """Install the ``rabbitmq-server`` Debian package when its server script is missing."""
    if RABBITMQ_SERVER.exists():
        return RABBITMQ_SERVER
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "rabbitmq-server"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BrokerError(f"cannot install RabbitMQ: `{' '.join(command)}` failed: {error}") from error
        if done.returncode != 0:
            raise BrokerError(
                f"cannot install RabbitMQ: `{' '.join(command)}` exited {done.returncode} "
                f"(run as root with Debian package sources reachable):\n{done.stderr[-2000:]}"
            )
    if not RABBITMQ_SERVER.exists():
        raise BrokerError(f"rabbitmq-server installed but {RABBITMQ_SERVER} is missing")
    return RABBITMQ_SERVER


def amqp_answers(uri: str, timeout: float = 3.0) -> bool:
    """True when an AMQP broker at ``uri`` accepts a connection with its credentials."""
    import pika
    import pika.exceptions
    from pika.adapters.utils.connection_workflow import AMQPConnectorException

    parameters = pika.URLParameters(uri)
    parameters.connection_attempts = 1
    parameters.socket_timeout = timeout
    parameters.blocked_connection_timeout = timeout
    try:
        connection = pika.BlockingConnection(parameters)
    except (pika.exceptions.AMQPError, AMQPConnectorException, OSError):
        return False  # refused, wrong credentials, or not AMQP at all (handshake timeout)
    connection.close()
    return True
