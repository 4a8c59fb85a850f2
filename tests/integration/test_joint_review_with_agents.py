"""Three departments' own systems (the plain-pika department agent, as separate processes) drive
a joint case from intake to its decision on a real RabbitMQ: one department asks for a
material, the lead window gets ONE consolidated notice, the applicant brings it, a second round
goes only to that department, and the lead window's decision closes the case at intake."""

import json
import subprocess
import sys

import requests
from bus import bind_spy_queue, drain, queue_exists, wait_for
from department_accounts import department_uri
from intake_requests import REPO_ROOT, bearer, case_body

LEAD = bearer("dev-window-agriculture")
DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]


def agent(stack, department: str, policy: str, *extra: str) -> subprocess.Popen:
    """The department's agent, logged in as the department's own broker account."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "department_agent",
            "--amqp-uri",
            department_uri(stack.broker, stack.amqp_uri, department),
            "--department",
            department,
            "--policy",
            policy,
            "--max-tasks",
            "1",
            *extra,
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def finished(process: subprocess.Popen, timeout: float = 60) -> str:
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output.decode(errors="replace")
    return output.decode(errors="replace")


def test_r_joint_4_agents_drive_a_mixed_round_to_one_consolidated_notice_a_second_round_and_the_decision(
    stack,
):
    intake = stack.start("intake")
    review_service = stack.start("joint_review", env={"DEPARTMENTS": ",".join(DEPARTMENTS)})
    wait_for(
        lambda: queue_exists(stack.amqp_uri, "evt-intake-case_accepted--joint_review.handle_case_accepted")
    )
    spy = bind_spy_queue(stack.amqp_uri, ["joint_review.events"])
    case = requests.post(
        f"{intake.url}/cases", data=json.dumps(case_body("NY-001")), headers=LEAD, timeout=10
    ).json()
    review_id = f"JR-{case['case_no']}"
    first_round = [
        agent(stack, "agriculture_rural", "approve", "--condition", "按图施工"),
        agent(stack, "natural_resources", "supplement", "--material", "宅基地四至图"),
        agent(stack, "housing_construction", "approve"),
    ]
    for process in first_round:
        finished(process)

    def review():
        return requests.get(f"{review_service.url}/reviews/{review_id}", headers=LEAD, timeout=5).json()

    assert wait_for(lambda: review()["status"] == "awaiting_supplement", timeout=30)

    def case_status():
        return requests.get(f"{intake.url}/cases/{case['case_no']}", headers=LEAD, timeout=5).json()

    assert wait_for(
        lambda: case_status()["status"] == "suspended", timeout=30
    )  # the whole case's clock stops

    second = requests.post(
        f"{review_service.url}/reviews/{review_id}/supplements",
        headers=LEAD,
        data=json.dumps({"materials": ["宅基地四至图"]}),
        timeout=5,
    )
    assert second.status_code == 200 and second.json()["round"] == 2, second.text
    finished(agent(stack, "natural_resources", "approve", "--condition", "不得占用耕地"))
    assert wait_for(lambda: review()["status"] == "converged", timeout=30)
    decided = requests.post(
        f"{review_service.url}/reviews/{review_id}/decision", data="{}", headers=LEAD, timeout=5
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "approved"
    assert wait_for(lambda: case_status()["status"] == "completed", timeout=30)

    kinds = [json.loads(body)["type"].rsplit(".", 1)[1] for body, _ in drain(spy, expected=14, timeout=30)]
    assert kinds.count("supplement_consolidated") == 1 and kinds.count("review_converged") == 2
    assert kinds.count("round_started") == 1 and kinds.count("review_decided") == 1
    assert kinds.count("review_task_assigned") == 4  # three in round 1, one in round 2
