"""Throughput benchmark entry point: ``python bench/throughput.py [--n N] [--amqp-uri URI]``.

Measures the raw broker ceiling (pika, durable queue, persistent messages, asynchronous
publisher confirms, manual acks) for quorum and classic queues and prints a table. When
``measure_core_end_to_end`` returns figures, it also prints the core's rate and the ratio
core / raw for the same queue type. Numbers only: nothing here passes or fails on speed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_pipeline import measure_core_end_to_end
from raw_broker import QUEUE_TYPES, measure_raw_ceiling

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/%2F"


def _rate(value) -> str:
    return f"{value:>12,.0f}" if isinstance(value, (int, float)) else f"{'-':>12}"


def _micros(value) -> str:
    return f"{value:>10,.0f}" if isinstance(value, (int, float)) else f"{'-':>10}"


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'queue':<8} {'path':<5} {'messages':>9} {'end-to-end/s':>12} "
        f"{'pub+confirm/s':>13} {'consume/s':>12} {'seconds':>8} {'core/raw':>8} "
        f"{'prod us/ev':>10} {'cons us/ev':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = f"{row['ratio']:>8.2f}" if row.get("ratio") is not None else f"{'-':>8}"
        print(
            f"{row['queue_type']:<8} {row['path']:<5} {row['messages']:>9} "
            f"{_rate(row.get('end_to_end_per_s'))} {_rate(row.get('publish_confirm_per_s')):>13} "
            f"{_rate(row.get('consume_per_s'))} {row.get('seconds', 0):>8.2f} {ratio} "
            f"{_micros(row.get('producer_cpu_us_per_event'))} {_micros(row.get('consumer_cpu_us_per_event'))}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="messages per run")
    parser.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI", DEFAULT_AMQP_URI))
    parser.add_argument("--window", type=int, default=500, help="unconfirmed publishes in flight")
    parser.add_argument("--body-size", type=int, default=600, help="bytes per message")
    parser.add_argument("--prefetch", type=int, default=1000)
    parser.add_argument("--queue-types", nargs="+", choices=QUEUE_TYPES, default=list(QUEUE_TYPES))
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    args = parser.parse_args(argv)

    rows = []
    for queue_type in args.queue_types:
        raw = measure_raw_ceiling(
            args.amqp_uri,
            n=args.n,
            queue_type=queue_type,
            window=args.window,
            body_size=args.body_size,
            prefetch=args.prefetch,
            timeout=args.timeout,
        )
        rows.append({**raw, "path": "raw"})
        for batch in (False, True):
            core = measure_core_end_to_end(
                args.amqp_uri, n=args.n, queue_type=queue_type, batch=batch, timeout=args.timeout * 5
            )
            ratio = core["end_to_end_per_s"] / raw["end_to_end_per_s"]
            rows.append({**core, "path": "core" if not batch else "core+", "ratio": ratio})
    print(
        f"broker {args.amqp_uri.rsplit('@', 1)[-1]}, body {args.body_size} B, "
        f"confirm window {args.window}, prefetch {args.prefetch}"
    )
    print_table(rows)
    print(
        "raw: pika publisher with a confirm window and a pika consumer; core: outbox commit "
        "(one event per transaction) -> relay -> nameko consumer -> inbox, per-event handler; "
        "core+: the same with the batch handler; prod/cons us/ev: CPU microseconds per event of "
        "the producer process (commits + relay thread) and of the consumer process"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
