"""The whole-system benchmark's command line, apart from what it runs (tests/unit/bench_system
loads this file alone: it imports nothing of the benchmark)."""

from __future__ import annotations

import argparse

SIZES = "0,10000,100000"
USE_RUNNING = (
    "measure the stack `make up` runs from this checkout (its broker node and services, found in "
    ".data/) instead of starting a private hall; empty databases only (--sizes 0): the bulk load "
    "cannot write into a running stack's databases"
)


def parser(description: str = "") -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(prog="python -m bench.system", description=description)
    found.add_argument("--db", choices=("sqlite", "postgresql", "both"), default=None, help="default: both")
    found.add_argument("--sizes", default=None, help=f"open cases loaded before each run (default {SIZES})")
    found.add_argument("--quick", action="store_true", help="a short smoke run: small steps, size 0 only")
    found.add_argument("--start-rate", type=float, default=2.0, help="cases/s of the first step")
    found.add_argument("--step-seconds", type=float, default=15.0)
    found.add_argument("--max-steps", type=int, default=20)
    found.add_argument("--half-seconds", type=float, default=30.0, help="the run at half the rate")
    found.add_argument("--raw-messages", type=int, default=20000, help="messages of the raw ceiling")
    found.add_argument(
        "--amqp-uri",
        help="a running broker with the hall's development accounts (make up's) instead of a node of its own",
    )
    found.add_argument("--use-running", action="store_true", help=USE_RUNNING)
    found.add_argument("--pg-url", default=None, help="PostgreSQL server (default: local_stack's)")
    found.add_argument("--keep", action="store_true", help="keep the run's folder (logs, SQLite files)")
    found.add_argument(
        "--sms-push",
        choices=("on", "off"),
        default="on",
        help="on: the SMS gateway pushes its reports (receipt poll 60 s); off: receipts polled every 1 s",
    )
    found.add_argument("--no-json", action="store_true")
    found.add_argument("--json", help="where to write the JSON (default: bench/results/system-<date>.json)")
    return found


def parse(argv: list[str] | None, description: str = "") -> argparse.Namespace:
    """The arguments, defaults filled in; a combination that cannot be measured exits with
    argparse's usage error (status 2) and a sentence saying why."""
    found = parser(description)
    args = found.parse_args(argv)
    if args.quick:
        args.sizes, args.start_rate, args.step_seconds = "0", 2.0, 4.0
        args.max_steps, args.half_seconds, args.raw_messages = 2, 4.0, 2000
    problem = refused(args)
    if problem:
        found.error(problem)
    if args.use_running:
        args.db, args.sizes = "sqlite", args.sizes or "0"
    args.db, args.sizes = args.db or "both", args.sizes or SIZES
    return args


def refused(args: argparse.Namespace) -> str | None:
    """Why these arguments cannot be measured, or None."""
    try:
        sizes = [int(size) for size in (args.sizes or "0").split(",") if size.strip()]
    except ValueError:
        return f"--sizes takes numbers separated by commas, not {args.sizes!r}"
    if not sizes or any(size < 0 for size in sizes):
        return f"--sizes takes one or more numbers of open cases, none negative, not {args.sizes!r}"
    if not args.use_running:
        return None
    if any(sizes):
        return (
            "--use-running measures make up's stack as it is: it cannot bulk-load open cases into "
            "the databases of running services (only --sizes 0); for 10^4 or 10^5 open cases run "
            "without --use-running (a private hall)"
        )
    if args.db not in (None, "sqlite"):
        return "--use-running measures make up's stack, which runs on SQLite (.data/): --db sqlite or none"
    if args.amqp_uri:
        return "--use-running uses make up's broker: --amqp-uri cannot be given with it"
    return None
