"""What the cluster scenario runs beside the services: clerks posting cases at a steady rate to
every intake replica, the three departments' agents, and the counts read at the end."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import requests
from broker_faults import outbox_rows
from intake_requests import REPO_ROOT, bearer, case_body, window_of
from sqlalchemy import create_engine, text

from hall_contracts.topology import COMMANDS_EXCHANGE, department_user, task_queue

DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
PROMISED, JOINT = "SC-010", "NY-001"
JOINT_EVERY = 4  # one joint case in every four posted
RETRIES_ON_503 = 5


class SteadyPoster(threading.Thread):
    """Posts ``rate`` cases a second for ``seconds`` to the intake replicas in turn (one joint
    case in ``JOINT_EVERY``), from ``clerks`` clerks at once; a case intake does not answer 201
    is kept in ``failures`` (intake keeps answering while the broker is away). Posting ends
    when the time is up, on schedule or not: ``late`` counts the posts that fell behind it by
    more than a second (a machine too busy for the rate)."""

    def __init__(self, intakes, rate: float, seconds: float, clerks: int = 12):
        super().__init__(daemon=True)
        self.intakes, self.rate, self.seconds, self.clerks = intakes, rate, seconds, clerks
        self.answered: dict[str, str] = {}  # case_no -> item code
        self.failures: list[str] = []
        self.late = 0  # posts that started more than a second behind the schedule
        self.retried = 0  # 503s answered by posting the case again

    def run(self) -> None:
        started = time.monotonic()
        total = int(self.rate * self.seconds)
        numbers = iter(range(total))
        lock = threading.Lock()

        def clerk() -> None:
            session = requests.Session()
            targets = itertools.cycle(self.intakes)
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None or time.monotonic() - started > self.seconds:
                    return
                due = started + number / self.rate
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                elif wait < -1:
                    self.late += 1
                self.post(session, next(targets), JOINT if number % JOINT_EVERY == 0 else PROMISED)

        workers = [threading.Thread(target=clerk, daemon=True) for _ in range(self.clerks)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def post(self, session, intake, item: str) -> None:
        """One case; a 503 (``database_unavailable``: nothing was written, retry after
        ``Retry-After``) is posted again with the same ``Idempotency-Key``, as a clerk would."""
        headers = bearer("dev-window-agriculture") if item == JOINT else window_of(item)
        headers = {**headers, "Idempotency-Key": uuid.uuid4().hex}
        for _attempt in range(RETRIES_ON_503 + 1):
            try:
                reply = session.post(
                    f"{intake.url}/cases", data=json.dumps(case_body(item)), headers=headers, timeout=30
                )
            except requests.RequestException as error:
                self.failures.append(repr(error))
                return
            if reply.status_code != 503:
                break
            self.retried += 1
            time.sleep(float(reply.headers.get("Retry-After", "1")))
        if reply.status_code == 201:
            self.answered[reply.json()["case_no"]] = item
        else:
            self.failures.append(f"{reply.status_code} {reply.text[:200]}")

    def joint_cases(self) -> list[str]:
        return [case_no for case_no, item in self.answered.items() if item == JOINT]

    def finish(self, timeout: float = 120) -> None:
        self.join(timeout)
        assert not self.is_alive(), f"{len(self.answered)} cases posted, still posting"
        assert not self.failures, self.failures[:5]


def department_account(cluster, vhost: str, department: str) -> str:
    """The department's own account (password: its name, the development convention) with a
    department's rights on ``vhost``; the failover URI of it on every node of the cluster."""
    user = department_user(department)
    if user not in cluster.ctl("list_users", "--quiet").split():
        cluster.ctl("add_user", user, user)
    read = f"^{re.escape(task_queue(department))}$"
    cluster.ctl("set_permissions", "-p", vhost, user, "^$", f"^{re.escape(COMMANDS_EXCHANGE)}$", read)
    return ";".join(f"amqp://{user}:{user}@127.0.0.1:{node.port}/{vhost}" for node in cluster.nodes)


def start_agents(cluster, vhost: str, log_dir) -> list[subprocess.Popen]:
    """Each department's agent, approving every task, on the cluster's failover URI."""
    from local_stack import lifeline

    agents = []
    for department in DEPARTMENTS:
        log = open(log_dir / f"agent-{department}.log", "ab")  # noqa: SIM115 - the child's own file
        agents.append(
            lifeline.popen(
                [
                    sys.executable,
                    "-m",
                    "department_agent",
                    "--amqp-uri",
                    department_account(cluster, vhost, department),
                    "--department",
                    department,
                    "--policy",
                    "approve",
                ],
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return agents


def events_committed(database_urls: list[str], since, until) -> int:
    """Outbox rows the services committed between two instants (their events)."""
    total = 0
    for url in database_urls:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                total += connection.execute(
                    text("SELECT COUNT(*) FROM outbox WHERE created_at >= :a AND created_at < :b"),
                    {"a": since, "b": until},
                ).scalar_one()
        finally:
            engine.dispose()
    return total


def convergences(database_url: str) -> dict[str, int]:
    """Per review (the event's subject), how many ``review_converged`` events joint_review
    committed."""
    return dict(
        Counter(row.subject for row in outbox_rows(database_url) if row.routing_key == "review_converged")
    )
