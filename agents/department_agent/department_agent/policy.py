"""How the agent answers: one fixed verdict per run, turned into a ``submit_opinion`` command.

The opinion id is derived from the task id and round, never drawn at random: if the agent dies
after publishing an opinion but before acking the task, the redelivered task yields the same
opinion id, and joint_review (idempotent by opinion id) applies the answer once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from hall_contracts.commands import validate_opinion

VERDICTS = ("approve", "reject", "supplement")
OPINION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:hall:department_agent:opinion")
DEFAULT_REVIEWER_NAME = "部门审查系统 (department agent)"


def opinion_id_for(task_id: str, round_no: int) -> str:
    """Same task and round, same id (a UUID 5), on any machine and after any restart."""
    return str(uuid.uuid5(OPINION_NAMESPACE, f"{task_id}#{round_no}"))


@dataclass(frozen=True)
class Policy:
    """``Policy("supplement", materials=("宅基地四至图",))``; ``problems()`` says what is wrong."""

    verdict: str
    materials: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    reason: str | None = None
    reviewer_id: str | None = None  # None: the task's assignee, else the agent itself
    reviewer_name: str = DEFAULT_REVIEWER_NAME

    def problems(self, department: str) -> list[str]:
        """What the contract would refuse in every opinion of this policy (R-JOINT-3)."""
        misplaced = [
            f"{option} goes with --policy {verdict} only"
            for option, verdict, given in (
                ("--material", "supplement", self.materials),
                ("--condition", "approve", self.conditions),
                ("--reason", "reject", self.reason),
            )
            if given and self.verdict != verdict
        ]
        probe = {"task_id": "probe", "review_id": "probe", "department": department, "round": 1}
        return misplaced + validate_opinion(opinion_for(probe, self, datetime.now(UTC)))


def reviewer_for(task: dict, policy: Policy) -> dict:
    """The policy's reviewer, else the task's assignee (A/B roster), else the agent itself."""
    assignee = task.get("assignee") or {}
    reviewer_id = policy.reviewer_id or assignee.get("reviewer_id") or f"agent-{task['department']}"[:40]
    return {"id": reviewer_id, "name": policy.reviewer_name}


def opinion_for(task: dict, policy: Policy, now: datetime) -> dict:
    """The ``submit_opinion`` command answering ``task`` (the ``data`` of a review task)."""
    return {
        "opinion_id": opinion_id_for(task["task_id"], task["round"]),
        "task_id": task["task_id"],
        "review_id": task["review_id"],
        "department": task["department"],
        "round": task["round"],
        "verdict": policy.verdict,
        "conditions": list(policy.conditions),
        "reason": policy.reason,
        "materials": list(policy.materials),
        "reviewer": reviewer_for(task, policy),
        "submitted_at": now.isoformat(),
    }
