"""Fresh vhosts on a private node, several in ONE ``rabbitmqctl`` call.

Each ``rabbitmqctl`` call boots an Erlang VM of its own (about a second on a busy 2-core
machine, more than the broker's own work): ``rabbitmqctl add_vhost`` then ``set_permissions``
cost two. ``add_vhosts`` makes the vhosts and guest's full permissions on them with one
``rabbitmqctl eval``; each step must answer ``ok`` or the call fails (a vhost that exists
already is left as it is and answers ``ok``, as with ``rabbitmqctl add_vhost``). The test
stacks take their vhosts from a ``VhostPool``, made a few at a time.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_stack.broker import BrokerNode

# names made of these only: they are written into an Erlang expression
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
ACTING_USER = "local_stack"


def _binary(text: str) -> str:
    return f'<<"{text}">>'


def creation_expression(names: list[str]) -> str:
    """The Erlang expression that makes ``names`` and lets guest use each fully."""
    steps = []
    for name in names:
        if not SAFE_NAME.match(name):
            raise ValueError(f"vhost name {name!r}: letters, digits, '_', '.', '-' only")
        steps.append(f"ok = rabbit_vhost:add({_binary(name)}, {_binary(ACTING_USER)})")
        everything = ", ".join(_binary(".*") for _ in range(3))
        steps.append(
            f"ok = rabbit_auth_backend_internal:set_permissions("
            f"{_binary('guest')}, {_binary(name)}, {everything}, {_binary(ACTING_USER)})"
        )
    return ", ".join([*steps, "ok."])


def add_vhosts(broker: BrokerNode, names: list[str]) -> list[str]:
    """Make ``names`` on ``broker`` (one rabbitmqctl call) and return their AMQP URIs."""
    if names:
        broker.ctl("eval", creation_expression(names))
    return [broker.vhost_uri(name) for name in names]


class VhostPool:
    """Fresh vhosts of one node for test stacks, made ``batch`` at a time: ``pool.take()`` returns
    the URI of a vhost nobody has used."""

    def __init__(self, broker: BrokerNode, batch: int = 8, prefix: str = "p"):
        self.broker = broker
        self.batch = batch
        self.prefix = prefix
        self.ready: list[str] = []

    def take(self) -> str:
        if not self.ready:
            names = [f"{self.prefix}{uuid.uuid4().hex[:10]}" for _ in range(self.batch)]
            self.ready = add_vhosts(self.broker, names)
        return self.ready.pop(0)
