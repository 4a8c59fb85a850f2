"""Whole-system benchmark: ``python -m bench.system [--db sqlite|postgresql|both] [--sizes 0,10000,100000]``.

For each database and each number of open cases: a private hall (its own RabbitMQ node, intake,
joint_review, notify, the three department agents), the raw broker ceiling on the same node, a
closed loop raising the offered rate of new cases (+20 % a step) until the completed work no
longer keeps up, then a steady run at half the sustainable rate. Prints one table, writes JSON to
bench/results/. Numbers only: nothing passes or fails on speed.
"""

from __future__ import annotations

import argparse
import signal
import sys

from .report import default_path, print_table, write_json
from .run import Options, measure


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.system", description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sizes", default="0,10000,100000", help="open cases loaded before each run")
    parser.add_argument("--quick", action="store_true", help="a short smoke run: small steps, size 0 only")
    parser.add_argument("--start-rate", type=float, default=2.0, help="cases/s of the first step")
    parser.add_argument("--step-seconds", type=float, default=15.0)
    parser.add_argument("--max-steps", type=int, default=20)
    parser.add_argument("--half-seconds", type=float, default=30.0, help="the run at half the rate")
    parser.add_argument("--raw-messages", type=int, default=20000, help="messages of the raw ceiling")
    parser.add_argument(
        "--amqp-uri",
        help="a running broker with the hall's development accounts (make up's) instead of a node of its own",
    )
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server (default: local_stack's)")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, SQLite files)")
    parser.add_argument(
        "--sms-push",
        choices=("on", "off"),
        default="on",
        help="on: the SMS gateway pushes its reports (receipt poll 60 s); off: receipts polled every 1 s",
    )
    parser.add_argument("--no-json", action="store_true")
    parser.add_argument("--json", help="where to write the JSON (default: bench/results/system-<date>.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.start_rate, args.step_seconds = "0", 2.0, 4.0
        args.max_steps, args.half_seconds, args.raw_messages = 2, 4.0, 2000
    return args


def interrupted(*_) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: the hall (broker, services, databases) is stopped


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGTERM, interrupted)
    options = Options(
        start_rate=args.start_rate,
        step_seconds=args.step_seconds,
        max_steps=args.max_steps,
        half_seconds=args.half_seconds,
        raw_messages=args.raw_messages,
        amqp_uri=args.amqp_uri,
        keep=args.keep,
        sms_push=args.sms_push == "on",
    )
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    results: list[dict] = []
    where = None if args.no_json else (args.json or default_path())
    for db in databases:
        pg_server = None
        if db == "postgresql":
            from local_stack import DEFAULT_SERVER_URL, ensure_postgres

            pg_server = ensure_postgres(args.pg_url or DEFAULT_SERVER_URL)
        for size in sizes:
            print(f"{db}, {size} open cases:", flush=True)
            try:
                results.append(measure(db, size, options, pg_server))
            except Exception as error:  # noqa: BLE001 - one failed run must not lose the others
                print(f"  {db}, {size} open cases: the run failed: {error!r}", flush=True)
                results.append({"db": db, "open_cases": size, "error": repr(error)})
            if where:  # after each run: a long run stopped half-way keeps what it measured
                write_json(results, vars(args), where)
    print_table(results)
    if where:
        print(f"\nwritten: {write_json(results, vars(args), where)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
