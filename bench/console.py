"""Console benchmark: ``python bench/console.py [--cases N] [--runs N]`` (``make bench-console``).

Starts a private hall (a RabbitMQ node of its own, the four services and the console on SQLite,
in a temporary folder, as ``make up`` starts them), loads ``--cases`` open cases straight into
intake's database (a benchmark may; the console never reads another service's database), then
times each console action of a window clerk signed in as ``dev-window-market`` (and the working
pages of each other role), over HTTP as a
browser sends it: p50, p95 and the ratio of p95 to the 300 ms budget of a page. Numbers only:
nothing fails on speed. A page the console does not have yet answers 404: its row says so.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 300.0
CLERK = "dev-window-market"
ITEM = "SC-010"  # 个体工商户设立登记, market_regulation: the clerk's own department
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')
BUS_SERVICES = ("intake", "joint_review", "complaints", "notify")


def start_hall(folder: Path):
    """A private broker, the four services and the console; returns (broker, processes, urls)."""
    from local_stack import BrokerNode, ServiceProcess, ensure_rabbitmq_installed, free_port, run_migrations
    from local_stack.topology import declare_services, service_config

    ensure_rabbitmq_installed()
    broker = BrokerNode(folder / "rabbitmq", free_port(), f"hallbench{os.getpid()}@localhost", free_port())
    broker.start()
    amqp = broker.add_vhost("bench")
    processes, urls = [], {}
    for name in (*BUS_SERVICES, "console"):
        database = f"sqlite:///{folder / (name + '.db')}"
        run_migrations(name, database, REPO_ROOT)
        env = {f"{name.upper()}_DATABASE_URL": database}
        if name == "console":
            env |= {f"{service.upper()}_URL": urls[service] for service in BUS_SERVICES}
        else:
            env |= {"AMQP_URI": amqp}
            declare_services(amqp, [name], {name: {**service_config(name, REPO_ROOT), **env}})
        if name == "notify":
            env |= {"INTAKE_URL": urls["intake"], "COMPLAINTS_URL": urls["complaints"]}
            env |= {"SMS_GATEWAY_URL": "", "SMTP_HOST": ""}
        process = ServiceProcess(name, env, free_port(), REPO_ROOT, log_path=folder / "logs" / f"{name}.log")
        processes.append(process.start())
        process.wait_healthy(90)
        urls[name] = process.base_url
    return broker, processes, urls


def load_open_cases(intake_url: str, database_url: str, count: int) -> str:
    """One case accepted through intake's API (the template), then ``count`` copies of it with
    their own numbers, applicants and dates written straight into intake's database."""
    from sqlalchemy import create_engine, insert, select

    from intake.cases.rules import new_case_no
    from intake.orm import case_history, cases

    catalogue = requests.get(f"{intake_url}/catalogue/{ITEM}", timeout=10).json()
    body = {
        "item_code": ITEM,
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "presented": [material["name"] for material in catalogue["materials"]],
        "first_responder": {"phone": "0571-1234"},
    }
    answer = requests.post(
        f"{intake_url}/cases", json=body, headers={"Authorization": f"Bearer {CLERK}"}, timeout=10
    )
    answer.raise_for_status()
    template_no = answer.json()["case_no"]
    engine = create_engine(database_url)
    with engine.begin() as connection:
        case = dict(connection.execute(select(cases).where(cases.c.case_no == template_no)).mappings().one())
        history = [
            dict(row)
            for row in connection.execute(select(case_history).where(case_history.c.case_no == template_no))
            .mappings()
            .all()
        ]
        case.pop("id")
        rows, steps = [], []
        for i in range(count):
            number = new_case_no(case["registered_at"].date() - timedelta(days=i % 30))
            shifted = {"registered_at": case["registered_at"] - timedelta(days=i % 30, minutes=i)}
            if case["deadline"] is not None:
                shifted["deadline"] = case["deadline"] - timedelta(days=i % 25)
            rows.append(
                {
                    **case,
                    **shifted,
                    "case_no": number,
                    "applicant_name": f"申请人{i:05d}",
                    "urgent": i % 10 == 0,
                }
            )
            steps += [{**{k: v for k, v in step.items() if k != "id"}, "case_no": number} for step in history]
        connection.execute(insert(cases), rows)
        if steps:
            connection.execute(insert(case_history), steps)
    engine.dispose()
    return rows[count // 2]["case_no"] if rows else template_no


def key_of(html: str) -> str:
    """The accept form's idempotency key (a new one per form: each POST is one more case)."""
    found = re.search(r'name="idempotency_key" value="([^"]*)"', html)
    return found.group(1) if found else ""


def csrf_of(html: str) -> str | None:
    found = CSRF_FIELD.search(html)
    return found.group(1) if found else None


def sign_in(console_url: str, token: str = CLERK) -> tuple[requests.Session, float]:
    """A browser signed in through the form (a clerk's by default); and the seconds the POST took."""
    browser = requests.Session()
    form = browser.get(f"{console_url}/login", timeout=30)
    started = time.perf_counter()
    answer = browser.post(
        f"{console_url}/login",
        data={"csrf": csrf_of(form.text) or "", "token": token},
        allow_redirects=False,
        timeout=30,
    )
    elapsed = time.perf_counter() - started
    if answer.status_code != 303:
        raise RuntimeError(f"signing in answered {answer.status_code}")
    return browser, elapsed


def accept_form(case_no: str) -> dict:
    """The accept form as a clerk fills it (field names of the console's accept page: each of the
    item's four materials ``m.<i>`` presented; the hidden csrf and idempotency key are read from
    the page by ``time_action``)."""
    return {
        "applicant_name": "王五",
        "applicant_phone": "13900000000",
        "first_responder.phone": "0571-1234",
        **{f"m.{index}": "presented" for index in range(4)},
    }


def actions(case_no: str) -> list[tuple[str, str, str]]:
    """``(label, method, path)`` of each timed action, in the order a clerk meets them."""
    return [
        ("worklist, first page", "GET", "/cases"),
        ("worklist, filtered", "GET", "/cases?status=in_progress&urgent=1&overdue=0"),
        ("case page", "GET", f"/cases/{case_no}"),
        ("catalogue (accept: choose an item)", "GET", "/cases/new"),
        ("accept form", "GET", f"/cases/new/{ITEM}"),
        ("accept (POST)", "POST", f"/cases/new/{ITEM}"),
        ("public catalogue", "GET", "/public/catalogue"),
    ]


def other_roles(case_no: str) -> list[tuple[str, str, str]]:
    """``(label, token, path)``: each other role's working pages on the same loaded hall."""
    return [
        ("window head: case page", "dev-head-market", f"/cases/{case_no}"),
        ("lead window: joint reviews", "dev-lead-market", "/joint"),
        ("reviewer: task inbox", "dev-reviewer-market", "/tasks"),
        ("supervision: overdue work", "dev-supervision", "/supervision"),
        ("supervision: scores", "dev-supervision", "/supervision/scores"),
        ("complaints office: complaints", "dev-complaints", "/complaints"),
        ("complaints office: desk", "dev-complaints", "/desk"),
        ("operator: health and outbox", "dev-operator", "/ops"),
        ("operator: dead letters", "dev-operator", "/ops/dead-letters"),
    ]


def time_action(browser: requests.Session, console_url: str, method: str, path: str, runs: int) -> dict:
    """``runs`` timed requests; the row notes a page that is missing or does not answer 2xx/3xx."""
    timings, statuses = [], {}
    for _ in range(runs):
        data = None
        if method == "POST":
            form = browser.get(console_url + path, timeout=30)
            data = {
                **accept_form(path),
                "csrf": csrf_of(form.text) or "",
                "idempotency_key": key_of(form.text),
            }
        started = time.perf_counter()
        answer = browser.request(method, console_url + path, data=data, allow_redirects=False, timeout=60)
        timings.append((time.perf_counter() - started) * 1000)
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
        if answer.status_code == 404:
            return {"missing": True, "statuses": statuses}
    return {"timings": timings, "statuses": statuses}


def time_intake_worklist(intake_url: str, runs: int) -> dict:
    """The reference: intake's own worklist API, first page, with the clerk's token."""
    timings, statuses = [], {}
    for _ in range(runs):
        started = time.perf_counter()
        answer = requests.get(f"{intake_url}/cases", headers={"Authorization": f"Bearer {CLERK}"}, timeout=60)
        timings.append((time.perf_counter() - started) * 1000)
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    return {"timings": timings, "statuses": statuses}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def print_table(rows: list[tuple[str, dict]], cases: int, runs: int) -> None:
    header = f"{'action':<36} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95/300ms':>9}  answers"
    print(f"console, {cases} open cases in intake, {runs} runs per action, signed in as {CLERK}")
    print(header)
    print("-" * len(header))
    for label, row in rows:
        answers = ", ".join(f"{status}x{count}" for status, count in sorted(row["statuses"].items()))
        if row.get("missing"):
            print(f"{label:<36} {'-':>5} {'-':>8} {'-':>8} {'-':>9}  page missing (404)")
            continue
        p50, p95 = statistics.median(row["timings"]), percentile(row["timings"], 0.95)
        print(
            f"{label:<36} {len(row['timings']):>5} {p50:>8.1f} {p95:>8.1f} {p95 / BUDGET_MS:>9.2f}  {answers}"
        )
    print(f"budget: {BUDGET_MS:.0f} ms per page (p95/300ms above 1.00 is over it); nothing fails on speed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="open cases loaded into intake")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per action")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hall-bench-console-") as folder:
        broker, processes, urls = start_hall(Path(folder))
        try:
            intake_db = processes[0].database_url
            case_no = load_open_cases(urls["intake"], intake_db, args.cases)
            rows = []
            for _ in range(args.runs):
                _, seconds = sign_in(urls["console"])
                rows.append(seconds * 1000)
            results = [
                ("intake API worklist (reference)", time_intake_worklist(urls["intake"], args.runs)),
                ("sign-in (POST /login)", {"timings": rows, "statuses": {303: args.runs}}),
            ]
            browser, _ = sign_in(urls["console"])
            for label, method, path in actions(case_no):
                results.append((label, time_action(browser, urls["console"], method, path, args.runs)))
            for label, token, path in other_roles(case_no):
                someone, _ = sign_in(urls["console"], token)
                results.append((label, time_action(someone, urls["console"], "GET", path, args.runs)))
            public = requests.Session()
            results.append(
                (
                    "public: tracking form",
                    time_action(public, urls["console"], "GET", "/public/tracking", args.runs),
                )
            )
            print_table(results, args.cases, args.runs)
        finally:
            for process in processes:
                process.terminate()
            broker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
