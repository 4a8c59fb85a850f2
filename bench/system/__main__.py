"""Whole-system benchmark: ``python -m bench.system [--db sqlite|postgresql|both] [--sizes 0,10000,100000]``.

For each database and each number of open cases: a private hall (its own RabbitMQ node, intake,
joint_review, notify, the three department agents; or, with ``--use-running``, make up's stack
with the three agents of the benchmark), the raw broker ceiling on the same node, a
closed loop raising the offered rate of new cases (+20 % a step) until the completed work no
longer keeps up, then a steady run at half the sustainable rate. Prints one table, writes JSON to
bench/results/. Numbers only: nothing passes or fails on speed.
"""

from __future__ import annotations

import argparse
import signal
import sys

from . import arguments
from .report import default_path, print_table, write_json
from .run import Options, measure


def parse(argv: list[str] | None) -> argparse.Namespace:
    return arguments.parse(argv, __doc__.splitlines()[0])


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
        use_running=args.use_running,
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
            label = "make up" if args.use_running else db  # make up's stack runs on SQLite
            print(f"{label}, {size} open cases:", flush=True)
            try:
                results.append(measure(db, size, options, pg_server))
            except Exception as error:  # noqa: BLE001 - one failed run must not lose the others
                print(f"  {label}, {size} open cases: the run failed: {error!r}", flush=True)
                results.append({"db": label, "open_cases": size, "error": repr(error)})
            if where:  # after each run: a long run stopped half-way keeps what it measured
                write_json(results, vars(args), where)
    print_table(results)
    if where:
        print(f"\nwritten: {write_json(results, vars(args), where)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
