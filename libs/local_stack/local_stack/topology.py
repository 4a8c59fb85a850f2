"""Everything the services declare on the broker, known before any of them runs.

A publish to an exchange with no bound queue is confirmed and gone, so every queue a service
consumes from must exist before anything publishes to it. The declarations are read from the
code itself: each service's events exchange (with its alternate exchange and unrouted queue),
dead letters, delay queues of the retry schedule, the queue of every event and command handler,
and what the service's ``Database(declare=...)`` hook declares (joint_review's task queues).
They are recorded on a ``RecordingChannel`` and then

- applied to a broker before the services start (``make up``, the test stack), and
- compared with deploy/rabbitmq/definitions.json, which the compose broker loads at boot
  (``python -m local_stack.topology --write`` rewrites its topology, users and permissions
  from the code; the permissions are ``local_stack.accounts``').
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = ("intake", "joint_review", "complaints", "notify")
DEFAULTS = {"QUEUE_TYPE": "quorum", "BROKER_DELIVERY_LIMIT": "20", "RETRY_DELAYS": None}


class TopologyClash(RuntimeError):
    """A declaration the broker refused: something of that name exists with other arguments."""


@dataclass
class RecordingChannel:
    """Takes the pika / py-amqp declaration calls the core makes and keeps them, in order."""

    calls: list[tuple[str, tuple, dict]] = field(default_factory=list)

    def exchange_declare(self, exchange, exchange_type="direct", **options):
        self.calls.append(("exchange_declare", (exchange, exchange_type), _kept(options)))

    def queue_declare(self, queue, **options):
        self.calls.append(("queue_declare", (queue,), _kept(options)))

    def queue_bind(self, queue, exchange, routing_key="", **options):
        self.calls.append(("queue_bind", (queue, exchange, routing_key), {}))

    def replay(self, channel) -> None:
        """Make the same declarations on a real (pika) channel."""
        for method, args, options in self.calls:
            getattr(channel, method)(*args, **options)


def _kept(options: dict) -> dict:
    return {
        key: value
        for key, value in options.items()
        if key in ("durable", "auto_delete", "arguments") and value is not None
    }


def service_class(service: str):
    module = importlib.import_module(f"{service}.service")
    return next(
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if getattr(cls, "name", None) == service and cls.__module__ == module.__name__
    )


def record_service(service: str, config: dict | None = None, cls=None) -> RecordingChannel:
    """The declarations of one service (``cls`` for a service class outside services/)."""
    from reliable_events.storage import Database
    from reliable_events.topology import (
        consumer_queue_arguments,
        declare_dead_letters,
        declare_events_exchange,
        declare_retry_queues,
        parse_retry_delays,
    )

    config = {**DEFAULTS, **(config or {})}
    cls = cls or service_class(service)
    channel = RecordingChannel()
    declare_events_exchange(channel, service)
    declare_dead_letters(channel, service)
    delays = parse_retry_delays(config["RETRY_DELAYS"])
    declare_retry_queues(channel, service, delays, config["QUEUE_TYPE"])
    arguments = consumer_queue_arguments(service, config["QUEUE_TYPE"], int(config["BROKER_DELIVERY_LIMIT"]))
    record_handler_queues(channel, service, cls, arguments)
    provider = Database.of(cls)
    if provider is not None and provider.declare is not None:
        provider.declare(channel, config)
    return channel


def record_handler_queues(channel: RecordingChannel, service: str, cls, arguments: dict) -> None:
    """The queue (and its binding) of every event and command handler of the service class."""
    from reliable_events.commands import ReliableCommandHandler
    from reliable_events.consumer import ReliableEventHandler
    from reliable_events.topology import declare_events_exchange, events_exchange

    for method_name, method in sorted(inspect.getmembers(cls, callable)):
        for entrypoint in getattr(method, "nameko_entrypoints", ()):
            if isinstance(entrypoint, ReliableCommandHandler):
                channel.exchange_declare(entrypoint.exchange_name, "direct", durable=True, auto_delete=False)
                queue, exchange, key = (
                    entrypoint.queue_name,
                    entrypoint.exchange_name,
                    entrypoint.routing_key,
                )
            elif isinstance(entrypoint, ReliableEventHandler):
                source = entrypoint.source_service
                declare_events_exchange(channel, source)
                queue = f"evt-{source}-{entrypoint.event_type}--{service}.{method_name}"
                exchange, key = events_exchange(source), entrypoint.event_type
            else:
                continue
            channel.queue_declare(queue, durable=True, auto_delete=False, arguments=arguments)
            channel.queue_bind(queue, exchange, routing_key=key)


def declare_services(
    amqp_uri: str, services, configs: dict | None = None, classes: dict | None = None
) -> None:
    """Declare the whole topology of ``services`` on the broker (idempotent); ``classes`` names
    the class of a service that does not live in services/ (the tests' probe)."""
    import pika

    # every node of a cluster's failover URI, tried in turn (the first may be the one down)
    nodes = [pika.URLParameters(uri.strip()) for uri in amqp_uri.split(";") if uri.strip()]
    connection = pika.BlockingConnection(nodes)
    try:
        channel = connection.channel()
        for service in services:
            record_service(service, (configs or {}).get(service), (classes or {}).get(service)).replay(
                channel
            )
    except pika.exceptions.ChannelClosedByBroker as error:
        raise TopologyClash(
            f"the broker refused a declaration of {list(services)}: {error.reply_text}. A queue "
            "or exchange of that name exists with other arguments (declared by an older "
            "version): drain it and delete it (rabbitmqctl delete_queue / delete_exchange), "
            "then start again"
        ) from None
    finally:
        if connection.is_open:
            connection.close()


def definitions_topology(services=SERVICES, vhost: str = "/") -> dict:
    """The ``exchanges``, ``queues`` and ``bindings`` of a RabbitMQ definitions file."""
    exchanges, queues, bindings = {}, {}, {}
    for service in services:
        for method, args, options in record_service(service, service_config(service)).calls:
            if method == "exchange_declare":
                exchanges[args[0]] = {
                    "name": args[0],
                    "vhost": vhost,
                    "type": args[1],
                    "durable": True,
                    "auto_delete": False,
                    "internal": False,
                    "arguments": options.get("arguments") or {},
                }
            elif method == "queue_declare":
                queues[args[0]] = {
                    "name": args[0],
                    "vhost": vhost,
                    "durable": True,
                    "auto_delete": False,
                    "arguments": options.get("arguments") or {},
                }
            else:
                bindings[args] = {
                    "source": args[1],
                    "vhost": vhost,
                    "destination": args[0],
                    "destination_type": "queue",
                    "routing_key": args[2],
                    "arguments": {},
                }
    return {
        "exchanges": sorted(exchanges.values(), key=lambda item: item["name"]),
        "queues": sorted(queues.values(), key=lambda item: item["name"]),
        "bindings": sorted(
            bindings.values(), key=lambda item: (item["source"], item["destination"], item["routing_key"])
        ),
    }


def service_config(service: str, repo_root: Path | None = None) -> dict:
    """A service's config.yml with every ``${VAR:default}`` at its default."""
    import re

    from local_stack.conventions import find_repo_root

    root = repo_root or find_repo_root()
    text = (root / "services" / service / "config.yml").read_text()
    values = {}
    for key, default in re.findall(r"^(\w+): \$\{\w+:([^}]*)\}", text, re.M):
        values[key] = default
    return values


def main(argv=None) -> int:
    """``python -m local_stack.topology --write``: rewrite the topology, the users and their
    permissions of the definitions file from the code (``local_stack.accounts``; no user has
    a password there); vhosts, parameters and policies are kept as they are."""
    from local_stack.accounts import definitions_accounts
    from local_stack.conventions import find_repo_root

    path = find_repo_root() / "deploy" / "rabbitmq" / "definitions.json"
    definitions = json.loads(path.read_text())
    definitions.update(definitions_accounts())
    definitions.update(definitions_topology())
    text = json.dumps(definitions, ensure_ascii=False, indent=2) + "\n"
    if "--write" in (argv if argv is not None else sys.argv[1:]):
        path.write_text(text)
        print(f"wrote {path}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
