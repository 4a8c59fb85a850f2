"""The department agent's answer to a review task (R-JOINT-3): each policy makes a valid
``submit_opinion`` command, and the opinion id depends on the task, the round and the agent's
secret key alone, so a redelivered task is answered with the same id and joint_review applies it
once, while no one without the key can compute it (issue 12 point 7)."""

import json
import uuid
from datetime import UTC, datetime

import pytest

from department_agent.agent import MalformedTask, read_task
from department_agent.policy import Policy, opinion_for, opinion_id_for
from hall_contracts.commands import validate_opinion
from hall_contracts.sample_peers import review_task_assigned_v1

NOW = datetime(2026, 1, 6, 7, 20, tzinfo=UTC)
TASK = review_task_assigned_v1()["data"]
KEY = b"natural-resources-secret"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            Policy("approve", conditions=("建房层数不超过三层",)),
            {"verdict": "approve", "conditions": ["建房层数不超过三层"], "reason": None, "materials": []},
        ),
        (
            Policy("reject", reason="占用永久基本农田"),
            {"verdict": "reject", "conditions": [], "reason": "占用永久基本农田", "materials": []},
        ),
        (
            Policy("supplement", materials=("宅基地四至图",)),
            {"verdict": "supplement", "conditions": [], "reason": None, "materials": ["宅基地四至图"]},
        ),
    ],
    ids=["approve", "reject", "supplement"],
)
def test_r_joint_3_each_policy_answers_the_task_with_a_valid_opinion_of_its_verdict(policy, expected):
    opinion = opinion_for(TASK, policy, NOW, KEY)
    assert {key: opinion[key] for key in expected} == expected
    assert (opinion["task_id"], opinion["review_id"], opinion["department"], opinion["round"]) == (
        TASK["task_id"],
        TASK["review_id"],
        "natural_resources",
        1,
    )
    assert opinion["submitted_at"] == "2026-01-06T07:20:00+00:00"
    assert validate_opinion(opinion) == []


def test_redelivery_is_idempotent_the_opinion_id_depends_on_task_round_and_key_only():
    first = opinion_for(TASK, Policy("approve"), NOW, KEY)
    again = opinion_for(TASK, Policy("reject", reason="不符合规划要求"), datetime.now(UTC), KEY)
    assert first["opinion_id"] == again["opinion_id"] == opinion_id_for(TASK["task_id"], 1, KEY)
    assert str(uuid.UUID(first["opinion_id"])) == first["opinion_id"]
    assert opinion_id_for(TASK["task_id"], 2, KEY) != first["opinion_id"]
    other_task = TASK["task_id"].replace("natural_resources", "health")
    assert opinion_id_for(other_task, 1, KEY) != first["opinion_id"]


def test_the_opinion_id_cannot_be_computed_from_the_task_without_the_agents_key():
    """It was a UUID 5 of the task id and round in a public namespace: anyone could derive it."""
    mine = opinion_id_for(TASK["task_id"], 1, KEY)
    assert opinion_id_for(TASK["task_id"], 1, b"another-departments-key") != mine
    public = uuid.uuid5(
        uuid.uuid5(uuid.NAMESPACE_URL, "urn:hall:department_agent:opinion"), f"{TASK['task_id']}#1"
    )
    assert mine != str(public)
    with pytest.raises(ValueError):
        opinion_id_for(TASK["task_id"], 1, b"short")


def test_r_joint_7_the_reviewer_is_the_chosen_one_else_the_task_assignee_else_the_agent():
    assert opinion_for(TASK, Policy("approve"), NOW, KEY)["reviewer"]["id"] == "R-ZR-021"
    chosen = Policy("approve", reviewer_id="R21", reviewer_name="王审查")
    assert opinion_for(TASK, chosen, NOW, KEY)["reviewer"] == {"id": "R21", "name": "王审查"}
    pooled = {**TASK, "assignee": None}
    assert opinion_for(pooled, Policy("approve"), NOW, KEY)["reviewer"]["id"] == "agent-natural_resources"


@pytest.mark.parametrize(
    ("policy", "complaint"),
    [
        (Policy("reject"), "reason"),
        (Policy("reject", reason="否"), "reason"),
        (Policy("supplement"), "materials"),
        (Policy("reject", reason="不符合规划要求", conditions=("x",)), "--condition"),
        (Policy("approve", materials=("宅基地四至图",)), "--material"),
    ],
    ids=[
        "reject-without-reason",
        "reject-too-short",
        "supplement-without-materials",
        "conditions-on-reject",
        "materials-on-approve",
    ],
)
def test_r_joint_3_a_policy_missing_what_its_verdict_needs_is_refused_before_any_task(policy, complaint):
    assert any(complaint in problem for problem in policy.problems("natural_resources"))


def test_a_well_formed_policy_has_no_problems():
    assert Policy("supplement", materials=("宅基地四至图",)).problems("natural_resources") == []


def test_only_a_valid_review_task_for_this_department_is_read():
    envelope = review_task_assigned_v1()
    assert read_task(json.dumps(envelope).encode(), "natural_resources")["data"] == TASK
    for body, department in [
        (b"not json", "natural_resources"),
        (json.dumps({**envelope, "data": {**TASK, "due_date": "soon"}}).encode(), "natural_resources"),
        (json.dumps(envelope).encode(), "health"),
    ]:
        with pytest.raises(MalformedTask):
            read_task(body, department)
