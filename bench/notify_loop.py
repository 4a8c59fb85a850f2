"""Notify's delivery loop with a large archive: idle cost, the loop's query time, CPU per notice.

Not a test (nothing fails on speed). It migrates a fresh notify database (SQLite file, or
``--database-url`` for PostgreSQL), bulk-loads ``--rows`` notices whose deliveries are finished
(delivered, a few failed), then measures in this process, with notify's own code:

- ``loop``: one pass of the delivery loop (``run_once``) with nothing due, in microseconds
  (median of ``--passes``): the query time the loop pays every tick;
- ``idle``: the loop on its timer (``DELIVERY_POLL_SECONDS``) for ``--idle-seconds``, the CPU
  it burns as a share of one core (``/proc/self/stat``: user + system);
- ``load``: ``--notices`` case-accepted events issued (rendered, archived, queued) and delivered
  (inbox; SMS to a gateway that answers at once), CPU milliseconds per notice;
- ``plan``: the query plan of each loop query (``EXPLAIN QUERY PLAN`` / ``EXPLAIN``).

Run it with one checkout's interpreter against another's to compare them in one run:
``.venv/bin/python bench/notify_loop.py --rows 100000`` (``--concurrency N``: the sends in
flight, ``DELIVERY_CONCURRENCY``; the gateway here answers at once, so this shows what the pool
of green threads costs, not what it saves on a gateway's round trip).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

import notify
from hall_contracts.samples import case_accepted_at_registration
from notify.delivery import handlers
from notify.delivery.channels.local import InboxChannel, LetterChannel
from notify.delivery.rules import DELIVERED, Outcome, Settings
from notify.notices import handlers as notice_handlers
from notify.orm import deliveries, metadata, notices
from notify.unit_of_work import unit_of_work
from reliable_events import Store, add_core_tables, make_engine
from reliable_events.migrations import upgrade

SERVICE_ROOT = Path(notify.__file__).resolve().parents[1]  # this checkout's services/notify
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def load_archive(engine, rows: int) -> None:
    """``rows`` notices, each with one finished delivery (every 50th failed), in bulk."""
    done = NOW - timedelta(days=30)
    for start in range(0, rows, 10_000):
        chunk = range(start, min(rows, start + 10_000))
        with engine.begin() as connection:
            connection.execute(
                insert(notices),
                [
                    {
                        "notice_no": f"N-OLD-{n}",
                        "notice_type": "acceptance",
                        "case_no": f"HALL-OLD-{n}",
                        "recipient_ref": f"APP-OLD-{n}",
                        "channel": "sms",
                        "template": "acceptance",
                        "template_version": 1,
                        "content": "受理通知书\n" + "旧通知" * 40,
                        "content_sha256": "0" * 64,
                        "source_event_id": f"old-{n}",
                        "created_at": done,
                        "audience": "applicant",
                        "title": "受理通知书",
                    }
                    for n in chunk
                ],
            )
            connection.execute(
                insert(deliveries),
                [
                    {
                        "notice_no": f"N-OLD-{n}",
                        "channel": "sms",
                        "idempotency_key": f"old-{n}:acceptance:APP-OLD-{n}:sms",
                        "status": "failed" if n % 50 == 0 else DELIVERED,
                        "failure": "permanent" if n % 50 == 0 else None,
                        "attempts": 1,
                        "next_attempt_at": None,
                        "claimed_at": done,
                        "created_at": done,
                        "updated_at": done,
                        "delivered_at": None if n % 50 == 0 else done,
                    }
                    for n in chunk
                ],
            )


class Gateway:
    """An SMS gateway that delivers at once (the loop's own cost, not a peer's)."""

    name = "sms"

    def send(self, message) -> Outcome:
        return Outcome(DELIVERED, "ok")

    def receipt(self, provider_ref) -> Outcome:
        return Outcome(DELIVERED, "ok")

    def receipts(self, provider_refs) -> dict[str, Outcome]:
        return {ref: Outcome(DELIVERED, "ok") for ref in provider_refs}


class Directory:
    class Contact:
        def address(self, channel, ref):
            return "13800000000"

    def contact(self, *args):
        return self.Contact()


def channels(store, now):
    return {
        "inbox": InboxChannel(store.transaction, now),
        "letter": LetterChannel(store.transaction, now),
        "sms": Gateway(),
    }


def one_pass(store, now, settings) -> handlers.Report:
    return handlers.run_once(lambda: unit_of_work(store), channels(store, now), Directory(), now, settings)


def measure_loop(store, passes: int, settings) -> float:
    one_pass(store, NOW, settings)
    timings = []
    for _ in range(passes):
        started = time.perf_counter()
        one_pass(store, NOW, settings)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1e6


def measure_idle(store, seconds: float, poll: float, settings) -> float:
    started_cpu, started = cpu_seconds(), time.monotonic()
    while time.monotonic() - started < seconds:
        one_pass(store, NOW, settings)
        time.sleep(poll)
    return (cpu_seconds() - started_cpu) / (time.monotonic() - started)


def measure_load(store, count: int, settings) -> tuple[float, int]:
    sample = case_accepted_at_registration()
    started_cpu, issued = cpu_seconds(), 0
    for n in range(count):
        event = copy.deepcopy(sample)
        event["id"] = str(uuid.uuid4())
        event["data"]["case_no"] = event["subject"] = f"HALL-NEW-{n}"
        rendered = notice_handlers.rendered_plans(event)
        with unit_of_work(store) as uow:
            command = notice_handlers.IssueNotices(event, rendered, NOW)
            issued += len(notice_handlers.issue_notices(command, uow))
        if n % 20 == 19:
            one_pass(store, NOW, settings)
    while one_pass(store, NOW, settings).outcomes:
        pass
    return (cpu_seconds() - started_cpu) * 1000 / max(issued, 1), issued


def plans(engine, store) -> dict[str, list[str]]:
    """The plan of each statement the idle loop runs (captured as it runs them)."""
    seen: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "deliveries" in statement:
            seen.append((statement, parameters))

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", capture)
    one_pass(store, NOW, Settings())
    event.remove(engine, "before_cursor_execute", capture)
    found = {}
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        for statement, parameters in seen:
            raw = connection.connection.driver_connection.cursor()
            raw.execute(explain + statement, parameters)
            lines = [str(row[-1] if engine.dialect.name == "sqlite" else row[0]) for row in raw.fetchall()]
            found[" ".join(statement.split())[-160:]] = lines
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--passes", type=int, default=50)
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument("--poll", type=float, default=1.0)
    parser.add_argument("--notices", type=int, default=300)
    parser.add_argument("--only", default="plan,loop,idle,load")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=Settings.concurrency,
        help="DELIVERY_CONCURRENCY (1: one at a time)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/notify.db"
        upgrade("notify", url, SERVICE_ROOT / "alembic.ini")
        engine = make_engine(url)
        store = Store(engine, add_core_tables(metadata), "notify", "notify.bench")
        load_archive(engine, args.rows)
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("ANALYZE"))
        only, settings = args.only.split(","), Settings(concurrency=args.concurrency)
        result: dict = {"code": str(SERVICE_ROOT), "rows": args.rows, "dialect": engine.dialect.name}
        result["concurrency"] = args.concurrency
        if "plan" in only:
            result["plan"] = plans(engine, store)
        if "loop" in only:
            result["loop_pass_us"] = round(measure_loop(store, args.passes, settings), 1)
        if "idle" in only:
            result["idle_core_share"] = round(measure_idle(store, args.idle_seconds, args.poll, settings), 4)
        if "load" in only:
            per_notice, issued = measure_load(store, args.notices, settings)
            result["load_cpu_ms_per_notice"], result["load_notices"] = round(per_notice, 3), issued
        engine.dispose()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
