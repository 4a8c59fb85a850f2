"""joint_review's cost per joint case, this checkout against another one, in one run.

Not a test: nothing fails on speed. A private RabbitMQ node; per run a fresh vhost, a fresh
SQLite file migrated by that checkout's migrations and one joint_review process running that
checkout's code; intake's ``case_accepted`` published at a fixed rate (three departments per
case), each department answering its task at once over the bus with its own broker account
(``dept_<code>``, as the department agent does). Measured per run: CPU milliseconds of the
joint_review process per joint case (utime + stime from /proc), and the two hops: acceptance ->
all three tasks on the departments' queues, last opinion -> ``review_converged`` on the events
exchange (p50 / p99). The runs alternate A B A B so a drift of the machine hits both alike.

    git archive main | tar -x -C /tmp/joint-base
    .venv/bin/python bench/joint_review_cost.py --other /tmp/joint-base --rate 20 --cases 300
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pika
from joint_review_load import DEPARTMENTS, Department, Spy, case_accepted, cpu_seconds

from hall_contracts import CONTENT_TYPE
from hall_contracts.topology import COMMANDS_EXCHANGE, department_user, task_queue
from local_stack import BrokerNode, ServiceProcess, ensure_rabbitmq_installed, free_port
from local_stack.topology import declare_services, service_config
from reliable_events.migrations import upgrade

HERE_REPO = Path(__file__).resolve().parents[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")
    )


def one_run(
    broker: BrokerNode,
    repo: Path,
    label: str,
    cases: int,
    rate: float,
    folder: Path,
    profile: Path | None = None,
) -> dict:
    vhost = f"jrc{uuid.uuid4().hex[:8]}"
    amqp_uri = broker.add_vhost(vhost)
    for department in DEPARTMENTS:
        user = department_user(department)
        if user not in broker.ctl("list_users", "--quiet").split():
            broker.ctl("add_user", user, user)
        read = f"^{re.escape(task_queue(department))}$"
        broker.ctl("set_permissions", "-p", vhost, user, "^$", f"^{re.escape(COMMANDS_EXCHANGE)}$", read)
    url = f"sqlite:///{folder / f'{vhost}.db'}"
    upgrade("joint_review", url, repo / "services" / "joint_review" / "alembic.ini")
    env = {"AMQP_URI": amqp_uri, "JOINT_REVIEW_DATABASE_URL": url, "DEPARTMENTS": ",".join(DEPARTMENTS)}
    # the checkout's own libraries and contracts too: without them both variants ran the installed
    # (this checkout's) reliable_events, web_api and hall_contracts, and only joint_review differed
    own = [repo / "contracts", *sorted((repo / "libs").iterdir())]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [*map(str, own), os.environ.get("PYTHONPATH")]))
    declare_services(amqp_uri, ["joint_review"], {"joint_review": {**service_config("joint_review"), **env}})
    process = ServiceProcess(
        "joint_review",
        env,
        free_port(),
        repo,
        log_path=folder / f"{label}-{vhost}.log",
        extra_pythonpath=repo / "services" / "joint_review",
    )
    process.start().wait_healthy(90)
    seen: dict = {}
    answered: dict = {}
    converged: dict = {}
    port = broker.port
    workers = [
        Department(
            f"amqp://{department_user(d)}:{department_user(d)}@127.0.0.1:{port}/{vhost}", d, seen, answered
        )
        for d in DEPARTMENTS
    ]
    spy = Spy(amqp_uri, converged)
    for worker in (*workers, spy):
        worker.start()
    publisher = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = publisher.channel()
    accepted: dict = {}
    assert process.process is not None
    pid = process.process.pid
    spying = None
    if profile is not None:  # py-spy (pip install py-spy): collapsed stacks of the whole load
        command = [
            str(Path(sys.executable).parent / "py-spy"),
            "record",
            "--nonblocking",
            "-f",
            "raw",
            "-o",
            str(profile),
            "-p",
            str(pid),
        ]
        spying = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu_before, started = cpu_seconds(pid), time.monotonic()
    for number in range(cases):
        due = started + number / rate
        time.sleep(max(0.0, due - time.monotonic()))
        envelope = case_accepted(number, label[:1].upper() + vhost[-4:])
        accepted[envelope["data"]["case_no"]] = time.monotonic()
        channel.basic_publish(
            "intake.events",
            "case_accepted",
            json.dumps(envelope, ensure_ascii=False),
            pika.BasicProperties(content_type=CONTENT_TYPE, delivery_mode=2, message_id=envelope["id"]),
        )
    deadline = time.monotonic() + 120 + cases / 5
    while len(converged) < cases and time.monotonic() < deadline:
        time.sleep(0.05)
    elapsed, cpu = time.monotonic() - started, cpu_seconds(pid) - cpu_before
    publisher.close()
    if spying is not None:
        spying.send_signal(signal.SIGINT)
        spying.wait(30)
    for worker in (*workers, spy):
        worker.stopping = True
    for worker in (*workers, spy):
        worker.join(5)
    process.terminate()
    assigned = [
        max(seen[(case, d)] for d in DEPARTMENTS) - at
        for case, at in accepted.items()
        if all((case, d) in seen for d in DEPARTMENTS)
    ]
    converging = [
        converged[case] - max(answered[(case, d)] for d in DEPARTMENTS)
        for case in converged
        if all((case, d) in answered for d in DEPARTMENTS)
    ]
    return {
        "label": label,
        "converged": len(converged),
        "cases": cases,
        "seconds": round(elapsed, 2),
        "cpu_ms_per_case": round(1000 * cpu / max(len(converged), 1), 2),
        "assigned_p50_ms": round(1000 * percentile(assigned, 50), 1),
        "assigned_p99_ms": round(1000 * percentile(assigned, 99), 1),
        "converged_p50_ms": round(1000 * percentile(converging, 50), 1),
        "converged_p99_ms": round(1000 * percentile(converging, 99), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--other", type=Path, required=True, help="another checkout of the repository (A)")
    parser.add_argument("--cases", type=int, default=300, help="joint cases per run")
    parser.add_argument("--rate", type=float, default=20.0, help="joint cases offered per second")
    parser.add_argument("--rounds", type=int, default=2, help="A B pairs")
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    parser.add_argument("--profile", type=Path, help="py-spy's collapsed stacks of B's last run, here")
    args = parser.parse_args()
    ensure_rabbitmq_installed()
    results = []
    with tempfile.TemporaryDirectory(prefix="jrcost-") as tmp:
        folder = Path(tmp)
        broker = BrokerNode(folder / "rabbitmq", free_port(), f"jrcost{os.getpid()}@localhost", free_port())
        broker.start()
        try:
            for _ in range(args.rounds):
                for label, repo in (("A", args.other.resolve()), ("B", HERE_REPO)):
                    profile = args.profile if label == "B" else None
                    result = one_run(broker, repo, label, args.cases, args.rate, folder, profile)
                    results.append(result)
                    print(json.dumps(result), flush=True)
        finally:
            broker.stop()
    keys = ["cpu_ms_per_case", "assigned_p50_ms", "assigned_p99_ms", "converged_p50_ms", "converged_p99_ms"]
    print(f"\n{args.cases} joint cases per run at {args.rate}/s; A = {args.other}, B = this checkout")
    print(f"{'figure':20} {'A median':>10} {'B median':>10} {'B/A':>6}")
    for key in keys:
        a = statistics.median(r[key] for r in results if r["label"] == "A")
        b = statistics.median(r[key] for r in results if r["label"] == "B")
        print(f"{key:20} {a:10.1f} {b:10.1f} {b / a if a else float('nan'):6.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
