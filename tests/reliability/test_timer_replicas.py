"""Two replicas of intake on one database whose clocks differ by 10 minutes: each deadline
alert is published once, whichever replica's sweep raises it and however often both sweep.

Run on PostgreSQL (``HALL_TEST_DB=postgresql``) this is the deployment's shape; on SQLite the
second replica runs without its relay, as docs/architecture.md says replicas on one file must.
"""

import json
import os
import threading

import requests
from bus import bind_spy_queue, wait_for
from intake_requests import bearer, case_body, window_of
from sqlalchemy import create_engine, text

MONDAY_NOV_23_10AM = "2026-11-23T02:00:00+00:00"
FRIDAY_DEC_4_1655 = "2026-12-04T08:55:00+00:00"  # 16:55 in the hall
FRIDAY_DEC_4_1705 = "2026-12-04T09:05:00+00:00"  # the other replica's clock, 10 minutes ahead
OPERATOR = bearer("dev-operator")
ALERTS = ("case_due_soon", "case_overdue")
SWEEP_ROUNDS = 5


def accept(intake, item_code: str) -> dict:
    answer = requests.post(
        f"{intake.url}/cases", data=json.dumps(case_body(item_code)), headers=window_of(item_code), timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def sweep_together(replicas) -> list[int]:
    """Both replicas sweep at the same moment; the status of each answer."""
    statuses = []

    def sweep(replica):
        statuses.append(requests.post(f"{replica.url}/clock/sweep", headers=OPERATOR, timeout=30).status_code)

    threads = [threading.Thread(target=sweep, args=(replica,)) for replica in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def alert_rows(database_url: str) -> list[tuple[str, str, bool]]:
    """(alert, case number, sent) of every alert in the outbox."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT routing_key, body, sent_at IS NOT NULL FROM outbox "
                    "WHERE routing_key IN ('case_due_soon', 'case_overdue')"
                )
            ).all()
    finally:
        engine.dispose()
    return sorted((key, json.loads(body)["subject"], sent) for key, body, sent in rows)


def all_sent(rows):
    return rows if rows and all(sent for *_, sent in rows) else None


def alerts_in(spy) -> list[tuple[str, str]]:
    """Every alert the spy queue holds (a confirmed publish is already in it)."""
    _, channel, name = spy
    found = []
    while True:
        method, _, body = channel.basic_get(name, auto_ack=True)
        if method is None:
            return sorted(found)
        if method.routing_key in ALERTS:
            found.append((method.routing_key, json.loads(body)["subject"]))


def test_two_replicas_ten_minutes_apart_publish_each_alert_once(stack):
    first = stack.start("intake", env={"FIXED_NOW": MONDAY_NOV_23_10AM})
    overdue = accept(first, "SC-010")  # 5 working days
    due_soon = accept(first, "MZ-004")  # 10 working days
    assert (overdue["deadline"], due_soon["deadline"]) == ("2026-11-30", "2026-12-07")

    spy = bind_spy_queue(stack.amqp_uri, ["intake.events"])
    first.restart(env={"FIXED_NOW": FRIDAY_DEC_4_1655, "SWEEP_SECONDS": "1"})
    second = stack.start_replica(
        first,
        env={
            "FIXED_NOW": FRIDAY_DEC_4_1705,
            "SWEEP_SECONDS": "1",
            "OUTBOX_RELAY_ENABLED": "true" if os.environ.get("HALL_TEST_DB") == "postgresql" else "false",
        },
    )
    for _ in range(SWEEP_ROUNDS):
        assert sweep_together([first, second]) == [200, 200]

    expected = sorted([("case_overdue", overdue["case_no"]), ("case_due_soon", due_soon["case_no"])])
    rows = wait_for(lambda: all_sent(alert_rows(first.database_url)))
    assert [(alert, case_no) for alert, case_no, _ in rows] == expected
    assert alerts_in(spy) == expected
    spy[0].close()
