"""A service on SQLite while another process holds its database's write lock (a second
``hall-outbox relay``, an operator's ``sqlite3`` shell, a backup).

The service must keep answering: health and reads at once, a write with a clear 503 (never a
500, never a hang), and events consumed meanwhile wait and are applied once after. These run on
SQLite whatever ``HALL_TEST_DB`` says: the file lock is SQLite's.
"""

import json
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from bus import RawPublisher, wait_for
from checker import check
from intake_requests import case_body, window_of
from probe_checks import metric, probe_counts, wait_until_applied
from sqlalchemy import create_engine

from reliable_events.migrations import upgrade

# SQLite's file lock whatever HALL_TEST_DB says: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic

REPO_ROOT = Path(__file__).resolve().parents[2]
CASE = case_body(
    "SC-010",
    applicant_name="王五",
    applicant_phone="13900000000",
    first_responder={"phone": "0571-8888"},  # R-FIRST-1: the signed-in clerk, 李四 of W03
)
WINDOW = window_of("SC-010")
# what a clerk's browser waits, not a measured duration: a frozen service never answers in it
ANSWER_WITHIN = 3


@pytest.fixture
def sqlite_file(tmp_path):
    """``sqlite_file("intake")`` -> URL of a SQLite file at the service's latest migration."""

    def make(service: str) -> str:
        url = f"sqlite:///{tmp_path / (service + '-locked.db')}"
        if service == "probe":
            from reliability.probe import probe_service

            engine = create_engine(url)
            probe_service.metadata.create_all(engine)
            engine.dispose()
        else:
            upgrade(service, url, REPO_ROOT / "services" / service / "alembic.ini")
        return url

    return make


@contextmanager
def write_lock_held(database_url: str):
    """``BEGIN EXCLUSIVE`` on a connection of our own, as another process would hold it."""
    import sqlite3

    connection = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def post_case(intake, timeout=ANSWER_WITHIN):
    return requests.post(f"{intake.url}/cases", data=json.dumps(CASE), headers=WINDOW, timeout=timeout)


def health_of(service) -> dict:
    answer = requests.get(f"{service.url}/health", timeout=ANSWER_WITHIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_locked_database_leaves_health_and_reads_answering_and_a_write_answers_503(stack, sqlite_file):
    intake = stack.start("intake", env={"INTAKE_DATABASE_URL": sqlite_file("intake")})
    case_no = post_case(intake).json()["case_no"]
    answers = {}
    with write_lock_held(intake.database_url):
        writer = threading.Thread(target=lambda: answers.update(post=post_case(intake, timeout=30)))
        writer.start()  # a write waiting for the lock while the reads below come in
        assert health_of(intake)["database"] == "ok"
        read = requests.get(f"{intake.url}/cases/{case_no}", headers=WINDOW, timeout=ANSWER_WITHIN)
        assert read.status_code == 200, read.text
        assert health_of(intake)["status"] == "ok"
        writer.join()
    assert answers["post"].status_code == 503, answers["post"].text
    assert answers["post"].json()["error"]["code"] == "database_unavailable"
    assert "稍后" in answers["post"].json()["error"]["message"]
    assert post_case(intake).status_code == 201  # the lock released, writes go through again


def test_events_consumed_while_the_database_is_locked_wait_and_are_applied_once_after(stack, sqlite_file):
    probe = stack.start_probe(env={"PROBE_DATABASE_URL": sqlite_file("probe")})
    publisher = RawPublisher(stack.amqp_uri)
    try:
        with write_lock_held(probe.database_url):
            events = [publisher.case_accepted() for _ in range(5)]
            wait_for(lambda: metric(probe, "hall_retried_total", cause="wait") >= len(events))
            assert health_of(probe)["database"] == "ok"
    finally:
        publisher.close()
    expected = [event["id"] for event in events]
    wait_until_applied(probe, expected)
    report = check(expected, *probe_counts(probe))
    assert report.clean, report
    assert report.counts()["delivered_once"] == len(events)
    assert metric(probe, "hall_dead_lettered_total") == 0
    assert metric(probe, "hall_retried_total", cause="retry") == 0  # none counted as an attempt
