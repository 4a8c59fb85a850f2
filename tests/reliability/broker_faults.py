"""What the broker-chaos scenarios share: faults done to the test run's broker node, intake
posting cases while they happen, and the judgement at the end.

Every fault leaves the broker running (its session-scoped node serves every later test):
whatever stops or kills it starts it again in a ``finally``.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from dataclasses import dataclass
from urllib.parse import unquote

import requests
from bus import wait_for
from checker import Outcome, agency_outcome, judge
from final_drain import _when, final_drain, max_outbox_age
from intake_requests import case_body, window_of
from probe_checks import print_outcome, probe_counts
from sqlalchemy import create_engine, text

CASE = case_body("SC-010")
WINDOW = window_of("SC-010")
NORMAL_WATERMARK = "0.4"  # RabbitMQ's default vm_memory_high_watermark


def vhost_of(amqp_uri: str) -> str:
    return unquote(amqp_uri.rsplit("/", 1)[1])


def kill_broker(broker) -> None:
    """SIGKILL the node's Erlang VM (our direct child: rabbitmq-server execs it in place)."""
    os.kill(broker.process.pid, signal.SIGKILL)
    broker.process.wait(timeout=30)


def alarms(broker) -> str:
    return broker.ctl("eval", "rabbit_alarm:get_alarms().")


class Poster(threading.Thread):
    """Posts ``count`` cases to intake, one after the other, as clerks at the windows do.
    A case intake does not answer 201 is kept in ``failures`` (intake must keep answering:
    its outbox holds the events while the broker is away)."""

    def __init__(self, intake, count: int):
        super().__init__(daemon=True)
        self.intake, self.count = intake, count
        self.answered: list[str] = []
        self.failures: list[str] = []

    def run(self) -> None:
        session = requests.Session()
        while len(self.answered) + len(self.failures) < self.count:
            try:
                reply = session.post(
                    f"{self.intake.url}/cases", data=json.dumps(CASE), headers=WINDOW, timeout=30
                )
            except requests.RequestException as error:
                self.failures.append(repr(error))
                continue
            if reply.status_code == 201:
                self.answered.append(reply.json()["case_no"])
            else:
                self.failures.append(f"{reply.status_code} {reply.text[:200]}")

    def finish(self, timeout: float = 300) -> None:
        self.join(timeout)
        assert not self.is_alive(), f"{len(self.answered)} of {self.count} cases posted"
        assert not self.failures, self.failures[:5]


@dataclass
class OutboxRow:
    event_id: str
    routing_key: str
    subject: str
    created_at: object
    sent_at: object


def outbox_rows(database_url: str) -> list[OutboxRow]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT event_id, routing_key, body, created_at, sent_at FROM outbox")
            ).all()
    finally:
        engine.dispose()
    return [
        OutboxRow(row.event_id, row.routing_key, json.loads(row.body)["subject"], row.created_at, row.sent_at)
        for row in rows
    ]


def caught_by(rows: list[OutboxRow], started: float, ended: float) -> set[str]:
    """Events the fault caught in the outbox: committed before it ended and confirmed by the
    broker only after it began."""
    return {
        row.event_id
        for row in rows
        if _when(row.created_at).timestamp() <= ended
        and (row.sent_at is None or _when(row.sent_at).timestamp() >= started)
    }


@dataclass
class Judgement:
    outcome: Outcome
    agency: Outcome


def judge_scenario(
    name: str, stack, probe, intake, spy, window: tuple[float, float], extra: list[str] = ()
) -> Judgement:
    """After the final drain: every case_accepted intake committed (and ``extra`` ids
    published by hand) judged at the probe, every event intake committed (and ``extra``)
    judged at the agency's spy queue; the figures printed."""
    drain = final_drain(stack, "probe", intake.database_url)
    rows = outbox_rows(intake.database_url)
    expected = [row.event_id for row in rows if row.routing_key == "case_accepted"]
    expected += list(extra)
    delivered, applied = probe_counts(probe)
    received = spy.take()
    outcome = judge(
        expected,
        applied,
        delivered,
        received={i: n for i, n in received.items() if i in set(expected)},
        dead_letters=drain.dead_letters,
        caught=caught_by(rows, *window),
    )
    agency = agency_outcome([row.event_id for row in rows] + list(extra), received)
    print_outcome(name, outcome, drain, max_outbox_age(intake.database_url), agency)
    return Judgement(outcome, agency)


def assert_nothing_lost(judgement: Judgement, *services) -> None:
    outcome, agency = judgement.outcome, judgement.agency
    assert not outcome.lost and not outcome.unexpected and not outcome.duplicated, summary(outcome)
    assert not agency.lost and not agency.unexpected, summary(agency)
    for service in services:
        assert service.is_running() and service.health_status() == 200, service.log_tail(40)


def summary(outcome: Outcome) -> dict:
    """Each bucket's size and its first few ids (a failure message, not 600 ids)."""
    return {name: (len(ids), ids[:3]) for name, ids in vars(outcome).items()}


def wait_posted(poster: Poster, count: int, timeout: float = 120) -> None:
    wait_for(lambda: len(poster.answered) >= count or poster.failures, timeout=timeout)
    assert not poster.failures, poster.failures[:5]


def hold(seconds: float) -> None:
    """A fault lasts this long: the duration is the scenario, not a wait for something."""
    time.sleep(seconds)
