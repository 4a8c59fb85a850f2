"""Supervision sees an overdue review task (issue 15), made overdue for real.

A hall of its own for this module (intake, joint_review and the console on a fresh vhost): the
joint case is accepted with both services' clocks frozen three weeks back (``FIXED_NOW``), so its
review tasks are due long ago; then both restart on the real clock and their sweeps run as the
timers would (R-JOINT-6: the overdue task is reported; R-CLOCK-5: the case is marked overdue).
Freezing the shared hall's clocks would age every other test's cases, hence the second hall: three
processes and two restarts, about 30 s. complaints and notify are not started: these pages do not
call them (the console is told an address where nothing answers)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import requests
from browser.hall import Hall
from browser.person import DESK, Person, new_driver
from bus import wait_for
from intake_requests import bearer, case_body
from stack import sqlite_stack

OPERATOR = bearer("dev-operator")
LEAD = bearer("dev-window-agriculture")
NATRES = bearer("dev-reviewer-natres")
NOWHERE = "http://127.0.0.1:9"


def weekday_back(days: int) -> str:
    """10:00 China time on the working weekday ``days`` or a little more before today."""
    day = datetime.now(UTC).date() - timedelta(days=days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return f"{day.isoformat()}T02:00:00+00:00"


def call(method: str, url: str, headers: dict, body: dict | None = None) -> dict:
    answer = requests.request(method, url, data=json.dumps(body or {}), headers=headers, timeout=15)
    assert answer.status_code < 300, (url, answer.status_code, answer.text)
    return answer.json()


@pytest.fixture(scope="module")
def late_hall(private_broker, tmp_path_factory):
    """A hall whose one joint case has review tasks past their limit, reported by the sweep."""
    folder = tmp_path_factory.mktemp("late-hall")
    stack = sqlite_stack(private_broker, folder, vhost_prefix="s")
    frozen = {"FIXED_NOW": weekday_back(21), "SWEEP_SECONDS": "3600"}
    try:
        intake = stack.start("intake", frozen)
        joint = stack.start("joint_review", frozen)
        accepted = call("POST", f"{intake.url}/cases", LEAD, case_body("NY-001"))
        review_id = f"JR-{accepted['case_no']}"

        def task_of_natres():
            tasks = call("GET", f"{joint.url}/departments/natural_resources/tasks", NATRES)["tasks"]
            return [task for task in tasks if task["review_id"] == review_id]

        wait_for(task_of_natres, timeout=30)
        joint.restart(env={"FIXED_NOW": ""})  # the real clock: the tasks' limits have passed
        intake.restart(env={"FIXED_NOW": ""})
        raised = call("POST", f"{joint.url}/reviews/sweep", OPERATOR)["raised"]
        assert raised["overdue"] >= 1, raised
        call("POST", f"{intake.url}/clock/sweep", OPERATOR)
        console = stack._run(
            "console",
            {
                "CONSOLE_DATABASE_URL": stack.migrated("console"),
                "INTAKE_URL": intake.url,
                "JOINT_REVIEW_URL": joint.url,
                "COMPLAINTS_URL": NOWHERE,
                "NOTIFY_URL": NOWHERE,
            },
        )
    except Exception:
        stack.stop()
        raise
    hall = Hall(stack, {"intake": intake, "joint_review": joint}, console)
    hall.case_no = accepted["case_no"]  # type: ignore[attr-defined]
    yield hall
    hall.stop()


@pytest.fixture
def supervision(late_hall, request):
    from browser.conftest import SCREENSHOTS

    person = Person(new_driver(DESK), late_hall.console_url, SCREENSHOTS / request.node.name, "supervision")
    yield person.sign_in("dev-supervision")
    person.close()


def test_r_joint_6_supervision_sees_an_overdue_review_task_and_the_overdue_case(late_hall, supervision):
    case_no = late_hall.case_no
    assert supervision.path == "/supervision"  # supervision's home
    tasks = supervision.find('[data-testid="overdue-tasks"]')
    rows = [row for row in tasks.find_elements("css selector", "tr[data-case]") if case_no in row.text]
    assert rows and "自然资源局" in " ".join(row.text for row in rows)
    assert all("overdue" in row.get_attribute("class") for row in rows)
    assert "已督办" in rows[0].text
    cases = supervision.find('[data-testid="overdue-cases"]')
    assert case_no in cases.text and "已超期" in cases.text


def test_supervision_reads_first_responder_cases_and_scores_but_no_operator_page(late_hall, supervision):
    supervision.open("/supervision?staff_id=S01")
    assert "首问负责督办" in supervision.text
    supervision.open("/supervision/scores")
    assert supervision.status() is None and "工作人员得分" in supervision.text
    assert supervision.has('[data-testid="review-on-time"]') or "没有到期的审查任务" in supervision.text
    supervision.open("/ops/dead-letters")
    assert supervision.status() == 403
