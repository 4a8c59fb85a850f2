"""Command line: ``python -m local_stack up`` runs the system (see local_stack.up)."""

from __future__ import annotations

import argparse
import sys

from local_stack.conventions import find_repo_root
from local_stack.up import up


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local_stack", description="Run the service hall locally, without containers."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "up",
        help="broker + migrations + the four services on 8001-8004 and the console on 8000, until Ctrl-C",
    )
    run.add_argument(
        "--amqp-port",
        type=int,
        default=5672,
        help="use the broker at this port, or start a private node there",
    )
    run.add_argument(
        "--health-timeout",
        type=float,
        default=90,
        help="seconds each service may take to answer /health with 200",
    )
    args = parser.parse_args(argv)
    return up(find_repo_root(), amqp_port=args.amqp_port, health_timeout=args.health_timeout)


if __name__ == "__main__":
    sys.exit(main())
