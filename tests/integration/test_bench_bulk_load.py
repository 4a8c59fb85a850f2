"""The whole-system benchmark's bulk loader (``python -m bench.system.bulk``: COPY on PostgreSQL,
executemany of stored rows on SQLite) writes rows the services read as their own: a copied
case is found through intake's API with its history, a copied joint review through
joint_review's, with its three open tasks; the template cases are unchanged, and a case
accepted after the load gets keys of its own (the autoincrement keys were left to the database,
so no sequence is behind). On the database of the run (the PostgreSQL leg runs it too)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import requests
from bus import queue_exists, wait_for
from intake_requests import REPO_ROOT, bearer, case_body

LEAD = bearer("dev-window-agriculture")
MARKET = bearer("dev-window-market")
DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
COPIES = 8  # copies 0 and 4 joint, the others promised (bench/system: one joint case in four)


def cloning():
    spec = importlib.util.spec_from_file_location(
        "bench_system_cloning_it", REPO_ROOT / "bench" / "system" / "cloning.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def accept(intake, item_code: str, headers: dict) -> str:
    answer = requests.post(
        f"{intake.url}/cases", data=json.dumps(case_body(item_code)), headers=headers, timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["case_no"]


def bulk_load(service: str, url: str, promised: str, joint: str) -> dict:
    run = subprocess.run(
        [sys.executable, "-m", "bench.system.bulk", service, url, promised, joint, str(COPIES)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return json.loads(run.stdout.splitlines()[-1])


def test_cases_copied_by_the_bulk_loader_are_read_through_intake_and_joint_review(stack):
    intake = stack.start("intake")
    reviews = stack.start("joint_review", env={"DEPARTMENTS": ",".join(DEPARTMENTS)})
    wait_for(
        lambda: queue_exists(stack.amqp_uri, "evt-intake-case_accepted--joint_review.handle_case_accepted")
    )
    promised, joint = accept(intake, "SC-010", MARKET), accept(intake, "NY-001", LEAD)

    def review_of(case_no: str) -> dict:
        answer = requests.get(f"{reviews.url}/reviews/JR-{case_no}", headers=LEAD, timeout=5)
        return answer.json() if answer.status_code == 200 else {}

    wait_for(lambda: len(review_of(joint).get("departments", [])) == 3, timeout=30)
    template_review = review_of(joint)
    template_case = requests.get(f"{intake.url}/cases/{promised}", headers=MARKET, timeout=5).json()
    intake.terminate()
    reviews.terminate()

    loaded = {
        service: bulk_load(service, s.database_url, promised, joint)
        for service, s in (("intake", intake), ("joint_review", reviews))
    }
    assert loaded["intake"]["cases"] == COPIES and loaded["joint_review"]["reviews"] == 2
    intake.restart()
    reviews.restart()

    names = cloning()
    copy = names.clone_number(promised, 5)
    found = requests.get(f"{intake.url}/cases/{copy}", headers=MARKET, timeout=5)
    assert found.status_code == 200, found.text
    case = found.json()
    assert case["case_no"] == copy
    assert {k: v for k, v in case.items() if k != "case_no"} == {
        k: v for k, v in template_case.items() if k != "case_no"
    }
    history = requests.get(f"{intake.url}/cases/{copy}/history", headers=MARKET, timeout=5)
    assert history.status_code == 200 and history.json(), history.text
    assert requests.get(f"{intake.url}/cases/{promised}", headers=MARKET, timeout=5).json() == template_case

    joint_copy = names.clone_number(joint, 4)
    review = review_of(joint_copy)
    assert review["case_no"] == joint_copy and review["review_id"] == f"JR-{joint_copy}"
    assert sorted(task["department"] for task in review["departments"]) == sorted(DEPARTMENTS)
    assert review["departments"] == template_review["departments"]  # open tasks, holders, dates
    assert (review["status"], review["round"]) == (template_review["status"], template_review["round"])
    listed = requests.get(f"{reviews.url}/reviews", headers=LEAD, params={"limit": 50}, timeout=5).json()
    assert listed["total"] == 1 + 2, listed
    assert {r["case_no"] for r in listed["reviews"]} == {joint, names.clone_number(joint, 0), joint_copy}

    after = accept(intake, "SC-010", MARKET)  # new rows get keys after the loaded ones
    assert after not in {names.clone_number(promised, i) for i in range(COPIES)}
    answer = requests.get(f"{intake.url}/cases/{after}/history", headers=MARKET, timeout=5)
    assert answer.status_code == 200 and answer.json(), answer.text
