"""Departments' own broker accounts on a test's private broker (R-JOINT-3, issue 12 point 6).

joint_review applies an opinion command only when its AMQP ``user_id`` (which the broker checks
against the publishing connection's account) is the account of the task's department,
``dept_<department>``. Tests that answer over the bus therefore log in as that account, with
the rights deploy/rabbitmq/definitions.json grants a department: read its own task queue, write
to ``joint_review.commands``, configure nothing.

    uri = department_uri(stack.broker, stack.amqp_uri, "natural_resources")
    senders = DepartmentSenders(stack.broker, stack.amqp_uri)
    senders.publish("natural_resources", body)      # confirmed, mandatory, user_id set
"""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import quote, unquote, urlparse

import pika

from hall_contracts.topology import COMMANDS_EXCHANGE, SUBMIT_OPINION, department_user, task_queue

_created: set[tuple[int, str]] = set()
OWN = "(the department's own account)"
_lock = threading.Lock()


def ensure_account(broker, vhost: str, user: str, read: str) -> None:
    """The user (password: its own name, the development convention of deploy/README.md) with a
    department's rights on ``vhost``. Users are node-wide: created once per broker node."""
    with _lock:
        if (broker.port, user) not in _created:
            if user not in broker.ctl("list_users", "--quiet").split():
                broker.ctl("add_user", user, user)
            _created.add((broker.port, user))
        broker.ctl("set_permissions", "-p", vhost, user, "^$", f"^{re.escape(COMMANDS_EXCHANGE)}$", read)


def department_uri(broker, amqp_uri: str, department: str) -> str:
    """An AMQP URI of ``dept_<department>`` on the vhost of ``amqp_uri``, created as needed."""
    vhost = unquote(urlparse(amqp_uri).path.lstrip("/")) or "/"
    user = department_user(department)
    ensure_account(broker, vhost, user, f"^{re.escape(task_queue(department))}$")
    return f"amqp://{user}:{user}@127.0.0.1:{broker.port}/{quote(vhost, safe='')}"


class DepartmentSenders:
    """One confirming channel per department, each logged in as the department's own account."""

    def __init__(self, broker, amqp_uri: str):
        self.broker, self.amqp_uri = broker, amqp_uri
        self.connections: dict[str, tuple] = {}

    def channel(self, department: str):
        if department not in self.connections:
            uri = department_uri(self.broker, self.amqp_uri, department)
            connection = pika.BlockingConnection(pika.URLParameters(uri))
            channel = connection.channel()
            channel.confirm_delivery()
            self.connections[department] = (connection, channel)
        return self.connections[department][1]

    def publish(self, department: str, body: dict, user_id: str | None = OWN, **properties) -> None:
        """A ``submit_opinion`` command on the department's connection; ``user_id`` is its account
        unless given (None: no ``user_id`` at all)."""
        self.channel(department).basic_publish(
            COMMANDS_EXCHANGE,
            SUBMIT_OPINION,
            json.dumps(body, ensure_ascii=False),
            pika.BasicProperties(
                content_type="application/json",
                delivery_mode=2,
                message_id=body.get("opinion_id"),
                user_id=department_user(department) if user_id == OWN else user_id,
                **properties,
            ),
            mandatory=True,  # with confirms: an opinion the broker cannot route fails here
        )

    def close(self) -> None:
        for connection, _ in self.connections.values():
            if connection.is_open:
                connection.close()
        self.connections.clear()
