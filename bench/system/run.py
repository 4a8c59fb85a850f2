"""One measurement: a private hall on one database with ``size`` open cases bulk-loaded, the raw
broker ceiling on its node, the closed-loop ramp, then a steady run at half the sustainable
rate; CPU per completed case and peak RSS of every process."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select

from bench.raw_broker import measure_raw_ceiling

from . import bulk, procstat, scans, stats
from .driver import Driver
from .hall import REPO_ROOT, Hall
from .running import RunningHall
from .spy import Spy, queue_depth
from .tracker import DEPARTMENTS, Tracker


@dataclass
class Options:
    start_rate: float = 2.0  # cases/s offered by the first step
    step_seconds: float = 15.0
    max_steps: int = 20
    half_seconds: float = 30.0
    raw_messages: int = 20000
    amqp_uri: str | None = None  # a running broker instead of a private node
    use_running: bool = False  # make up's stack instead of a private hall (bench/system/running.py)
    keep: bool = False  # keep the folder (logs, SQLite files)
    sms_push: bool = True  # the SMS gateway pushes its delivery reports (else: the receipt poll, 1 s)


def outbox_pending(databases: dict[str, str], engines: dict) -> int:
    from reliable_events.tables import OUTBOX

    total = 0
    for service, url in databases.items():
        engine = engines.setdefault(service, create_engine(url))
        table = __import__(f"{service}.orm", fromlist=["metadata"]).metadata.tables[OUTBOX]
        with engine.connect() as connection:
            total += connection.scalar(select(func.count()).where(table.c.sent_at.is_(None))) or 0
    return total


def deliveries_waiting(url: str, engines: dict) -> int:
    """notify's deliveries not attempted yet (``pending``; ``sent`` ones wait for the SMS
    gateway's receipt, at the receipt poll's pace, and are not work piling up)."""
    from notify.orm import deliveries

    engine = engines.setdefault("notify", create_engine(url))
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).where(deliveries.c.status == "pending")) or 0


class Backlog:
    """Work waiting: unsent outbox rows, messages ready in the work queues, notify's deliveries
    not attempted yet (and, for the record only, the cases accepted and not completed)."""

    def __init__(self, hall: Hall, tracker: Tracker):
        self.hall, self.tracker, self.engines = hall, tracker, {}
        self.queues = hall.queues()

    def __call__(self) -> dict:
        found = {
            "outbox_pending": outbox_pending(self.hall.databases, self.engines),
            "queued": queue_depth(self.hall.operator_uri, self.queues),
            "deliveries_pending": deliveries_waiting(self.hall.databases["notify"], self.engines),
        }
        found["total"] = sum(found.values())
        found["open_cases"] = self.tracker.open_count()
        return found


def ramp(driver: Driver, tracker: Tracker, spy: Spy, backlog: Backlog, options: Options) -> list[dict]:
    """Steps of +20 %; each is judged once ``P99_LIMIT_SECONDS`` have passed since its end (the
    next step running meanwhile), so a case's completion has that long to be seen."""
    steps: list[stats.Step] = []
    rows: list[dict] = []
    offered: list[dict] = []  # steps offered, not judged yet
    rate = options.start_rate
    while True:
        if len(offered) + len(steps) < options.max_steps and not stats.ramp_should_stop(steps):
            before, bus_before, refused_before = backlog(), spy.total, driver.refused
            start = time.monotonic()
            sent = driver.offer(rate, options.step_seconds)
            end = time.monotonic()
            refused = driver.refused - refused_before
            offered.append(
                {
                    "rate": rate,
                    "start": start,
                    "end": end,
                    "sent": sent,
                    "refused": refused,
                    "before": before,
                    "after": backlog(),
                    "bus_per_s": (spy.total - bus_before) / (end - start),
                }
            )
            rate = stats.next_rate(rate)
        elif not offered:
            return rows
        else:
            time.sleep(max(0.0, offered[0]["end"] + stats.P99_LIMIT_SECONDS - time.monotonic()))
        while offered and time.monotonic() >= offered[0]["end"] + stats.P99_LIMIT_SECONDS:
            rows.append(judge(offered.pop(0), tracker, steps))


def judge(raw: dict, tracker: Tracker, steps: list[stats.Step]) -> dict:
    seconds = raw["end"] - raw["start"]
    latencies, kinds = tracker.own(raw["start"], raw["end"], raw["end"] + stats.P99_LIMIT_SECONDS)
    step = stats.Step(
        raw["rate"],
        seconds,
        raw["sent"] - raw["refused"],
        len(latencies),
        raw["before"]["total"],
        raw["after"]["total"],
        stats.percentile(latencies, 0.99),
        raw["refused"],
    )
    step.verdict = stats.kept_up(step)
    steps.append(step)
    row = {
        **asdict(step),
        "start": raw["start"],
        "end": raw["end"],
        "backlog": raw["after"],
        "bus_per_s": raw["bus_per_s"],
        "promised_per_s": kinds["promised"] / seconds,
        "joint_per_s": kinds["joint"] / seconds,
        "completion": stats.summary(latencies),
    }
    print(
        f"  step {len(steps):>2}: offered {step.rate:6.1f}/s accepted {step.offered:>5} completed "
        f"{step.completed:>5} bus {row['bus_per_s']:7.0f}/s backlog {raw['after']} p99 "
        f"{row['completion']['p99']} ms -> {verdict_text(step.verdict)}",
        flush=True,
    )
    return row


def verdict_text(verdict: dict) -> str:
    return "kept up" if verdict["kept_up"] else "; ".join(verdict["reasons"])


def drain(tracker: Tracker, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while tracker.open_count() and time.monotonic() < deadline:
        time.sleep(0.5)


def hall_for(db: str, options: Options, pg_server: str | None) -> Hall:
    if options.use_running:
        return RunningHall(REPO_ROOT)
    folder = Path(tempfile.mkdtemp(prefix=f"hall-bench-system-{db}-"))
    return Hall(folder, db, pg_server, options.amqp_uri, options.sms_push)


def measure(db: str, size: int, options: Options, pg_server: str | None = None) -> dict:
    hall = hall_for(db, options, pg_server)
    spy = driver = None
    label = "make up" if options.use_running else db  # make up's stack runs on SQLite
    result: dict = {"db": label, "open_cases": size, "folder": str(hall.folder)}
    try:
        hall.start_broker()
        hall.start_peers()
        hall.migrate()
        if size:
            started = time.monotonic()
            templates = bulk.make_templates(hall.start_services())
            bulk.settled(hall.databases)
            hall.stop_services()
            result["bulk_rows"] = {
                s: bulk.clone(s, url, templates, size) for s, url in hall.databases.items()
            }
            result["bulk_seconds"] = round(time.monotonic() - started, 1)
            print(f"  {size} open cases loaded in {result['bulk_seconds']} s", flush=True)
        hall.start_services()
        hall.start_agents()
        raw = measure_raw_ceiling(
            hall.operator_uri,
            n=options.raw_messages,
            queue_type="quorum",
            window=500,
            body_size=600,
            prefetch=1000,
            timeout=120,
        )
        result["raw"] = raw
        print(
            f"  raw ceiling (quorum, 600 B, confirms): {raw.get('end_to_end_per_s', 0):,.0f} msg/s",
            flush=True,
        )
        tracker = Tracker()
        spy = Spy(hall.operator_uri, DEPARTMENTS, tracker).start()
        driver = Driver(hall.urls, tracker)
        backlog = Backlog(hall, tracker)
        pids = {**hall.pids(), "bench+peers": os.getpid()}
        # a warm-up at the first rate, not judged: the first step starts with the pipeline full
        driver.offer(options.start_rate, min(options.step_seconds, 10.0))
        cpu_before, t0, scanned = procstat.snapshot(pids), time.monotonic(), scans.snapshot(hall.databases)
        result["steps"] = ramp(driver, tracker, spy, backlog, options)
        drain(tracker, 30)
        cpu_after, t1 = procstat.snapshot(pids), time.monotonic()
        completed = len(tracker.completed_between(t0, t1))
        result["completed_in_ramp"] = completed
        result["cpu_ms_per_case"] = procstat.cpu_ms_per(cpu_before, cpu_after, completed)
        result["seq_scans"] = scans.grown(scanned, scans.snapshot(hall.databases), completed)
        result["http_accept"] = stats.summary([ms / 1000 for ms in driver.http_ms])
        best = max(
            (s for s in result["steps"] if s["verdict"]["kept_up"]), key=lambda s: s["rate"], default=None
        )
        result["sustainable"] = best
        if best:
            result["hops_at_sustainable"] = hop_summary(tracker, best["start"], best["end"])
        drain(tracker, 90)  # what the last steps left, before the steady run
        half = (best["rate"] if best else options.start_rate) / 2
        start = time.monotonic()
        driver.offer(half, options.half_seconds)
        end = time.monotonic()
        drain(tracker, 30)
        result["half"] = {"rate": half, "hops": hop_summary(tracker, start, end)}
        result["peak_rss_mib"] = {
            name: round((procstat.read_peak_rss(pid) or 0) / 1024, 1) for name, pid in pids.items()
        }
        result["decide_failures"] = driver.decide_failures
        result["spy_counts"] = dict(spy.counts)
        return result
    finally:
        if driver is not None:
            driver.close()
        if spy is not None:
            spy.stop()
        hall.stop()
        if not (options.keep or options.use_running):
            shutil.rmtree(hall.folder, ignore_errors=True)


def hop_summary(tracker: Tracker, start: float, end: float) -> dict:
    return {hop: stats.summary(values) for hop, values in tracker.hops(start, end).items()}
