"""A department's agent may start before joint_review has ever sent a task: its queue
(``review_tasks.<department>``) is declared by joint_review's outbox relay when it first
publishes, so an agent started earlier finds no queue. It waits for the queue and then answers,
instead of exiting (the cause of agents lost to ``NOT_FOUND - no queue 'review_tasks.…'`` when
they happened to start a moment before joint_review's first task).

The start order here always hits that window: the agent runs before joint_review exists."""

from __future__ import annotations

import subprocess
import sys

import requests
from bus import RawPublisher, wait_for
from department_accounts import department_uri
from intake_requests import REPO_ROOT, bearer

from hall_contracts import build_envelope
from local_stack import lifeline

DEPARTMENT = "agriculture_rural"
LEAD = bearer("dev-window-agriculture")


def start_agent(amqp_uri: str) -> subprocess.Popen:
    return lifeline.popen(
        [
            sys.executable,
            "-m",
            "department_agent",
            "--amqp-uri",
            amqp_uri,
            "--department",
            DEPARTMENT,
            "--policy",
            "approve",
            "--max-tasks",
            "1",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def joint_case(case_no: str) -> dict:
    return build_envelope(
        "intake",
        "case_accepted",
        case_no,
        {
            "case_no": case_no,
            "item_code": "TEST-J",
            "item_name": "联办测试事项",
            "item_kind": "joint",
            "lead_department": DEPARTMENT,
            "departments": [DEPARTMENT],
        },
    )


def test_an_agent_started_before_joint_review_waits_for_its_queue_and_answers_the_first_task(stack):
    # no joint_review yet: its task queue cannot exist; the agent logs in as its department
    agent = start_agent(department_uri(stack.broker, stack.amqp_uri, DEPARTMENT))
    try:
        review_service = stack.start("joint_review", env={"DEPARTMENTS": DEPARTMENT})
        assert agent.poll() is None, agent.communicate()[0].decode(errors="replace")
        publisher = RawPublisher(stack.amqp_uri)
        publisher.publish("intake.events", "case_accepted", joint_case("HALL-20261123-ORDER001"))
        publisher.close()
        output, _ = agent.communicate(timeout=60)
        assert agent.returncode == 0, output.decode(errors="replace")

        def status():
            return (
                requests.get(
                    f"{review_service.url}/reviews/JR-HALL-20261123-ORDER001", headers=LEAD, timeout=5
                )
                .json()
                .get("status")
            )

        assert wait_for(lambda: status() == "converged", timeout=30)  # its one opinion applied
    finally:
        agent.kill()
