"""``hall-outbox``: a service's outbox from the command line.

    hall-outbox relay --service joint_review          # the relay as a process of its own
    hall-outbox replay --service intake --queue agency.q --since 2024-05-01T00:00
    hall-outbox parked --service intake               # rows the broker kept refusing
    hall-outbox retry-parked --service intake [--id 42 ...]

The service's config (``services/<service>/config.yml`` by default, ``${VAR:default}``
resolved from the environment) gives the database, the brokers and the relay settings; the
service's ``Database`` provider gives its tables and its declare hook, so a standalone relay
declares what the in-process one would (joint_review's task queues).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData

from reliable_events import outbox_rows
from reliable_events.outbox_replay import QueueMissing, ReplayRange, replay
from reliable_events.relay import OutboxRelay
from reliable_events.relay_settings import RelaySettings
from reliable_events.storage import DATABASE_URL_KEY, Database, make_engine
from reliable_events.tables import add_core_tables

AMQP_URI_KEY = "AMQP_URI"
USAGE_ERROR = 2


def load_config(path: Path) -> dict[str, Any]:
    import yaml
    from nameko.cli.main import setup_yaml_parser

    setup_yaml_parser()
    with open(path) as stream:
        config: dict[str, Any] = yaml.safe_load(stream)
    return config


def service_database(service: str, module_name: str | None) -> Database | None:
    """The ``Database`` provider of the service class named ``service`` in its module
    (``<service>.service`` by default); None for a bare outbox such as the benchmark's."""
    try:
        module = importlib.import_module(module_name or f"{service}.service")
    except ImportError:
        if module_name:
            raise
        return None
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if getattr(cls, "name", None) == service and Database.of(cls) is not None:
            return Database.of(cls)
    return None


class Outbox:
    """What every subcommand needs: config, engine, tables and the service's provider."""

    def __init__(self, args: Any) -> None:
        path = Path(args.config or f"services/{args.service}/config.yml")
        if not path.exists():
            raise SystemExit(f"hall-outbox: no config at {path} (give --config)")
        self.config = load_config(path)
        self.service = args.service
        self.database = service_database(args.service, args.module)
        tables = self.database.tables if self.database else add_core_tables(MetaData())
        self.outbox, self.inbox = tables
        self.engine = make_engine(args.database_url or self.config[DATABASE_URL_KEY])
        self.amqp_uri = args.amqp_uri or self.config[AMQP_URI_KEY]


def run_relay(box: Outbox, args: Any) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s relay %(message)s")
    declare = box.database.relay_declare(box.config) if box.database else None
    settings = RelaySettings.from_config(box.config)
    relay = OutboxRelay(
        box.engine, box.outbox, box.service, box.amqp_uri, settings, declare=declare, inbox=box.inbox
    )
    signal.signal(signal.SIGTERM, lambda *_: relay.request_stop())
    signal.signal(signal.SIGINT, lambda *_: relay.request_stop())
    print(
        f"relaying the outbox of {box.service} (retention {settings.retention_days:g} days, "
        f"inbox {settings.inbox_retention_days:g} days)",
        flush=True,
    )
    try:
        relay.run()
    finally:
        relay.publisher.close()
    return 0


def run_replay(box: Outbox, args: Any) -> int:
    wanted = ReplayRange.from_args(args)
    try:
        count = replay(
            box.engine,
            box.outbox,
            box.amqp_uri,
            args.queue,
            wanted,
            progress=lambda done, total: print(f"replayed {done}/{total}", flush=True),
        )
    except QueueMissing as error:
        print(f"hall-outbox: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(f"{count} event(s) of {box.service} replayed to queue {args.queue}")
    return 0


def run_parked(box: Outbox, args: Any) -> int:
    with box.engine.connect() as connection:
        rows = outbox_rows.parked_rows(connection, box.outbox)
    for row in rows:
        print(
            json.dumps(
                {
                    "id": row.id,
                    "event_id": row.event_id,
                    "exchange": row.exchange,
                    "routing_key": row.routing_key,
                    "attempts": row.attempts,
                    "parked_at": str(row.parked_at),
                    "last_error": row.last_error,
                },
                ensure_ascii=False,
            )
        )
    print(f"{len(rows)} parked event(s) in the outbox of {box.service}", file=sys.stderr)
    return 0


def run_retry_parked(box: Outbox, args: Any) -> int:
    with box.engine.begin() as connection:
        count = outbox_rows.unpark(connection, box.outbox, args.id)
    print(
        f"{count} parked event(s) of {box.service} are due again; the relay publishes them on its next pass"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hall-outbox", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {
        "relay": (run_relay, "publish the outbox (a service's relay as its own process)"),
        "replay": (run_replay, "republish already-sent events to one queue"),
        "parked": (run_parked, "list the rows the broker kept refusing"),
        "retry-parked": (run_retry_parked, "make parked rows due again"),
    }
    for name, (handler, summary) in commands.items():
        command = sub.add_parser(name, help=summary)
        command.set_defaults(handler=handler)
        command.add_argument("--service", required=True)
        command.add_argument("--config", help="default: services/<service>/config.yml")
        command.add_argument("--module", help="where the service class is (default <service>.service)")
        command.add_argument("--database-url", help="default: DATABASE_URL of the config")
        command.add_argument("--amqp-uri", help="default: AMQP_URI of the config")
    ReplayRange.add_arguments(sub.choices["replay"])
    sub.choices["retry-parked"].add_argument(
        "--id", type=int, action="append", help="only this row (repeatable); default: all"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    box = Outbox(args)
    try:
        code: int = args.handler(box, args)
        return code
    finally:
        box.engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
