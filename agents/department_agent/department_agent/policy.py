"""How the agent answers: one fixed verdict per run, turned into a ``submit_opinion`` command.

The opinion id is derived from the task id and round, never drawn at random: if the agent dies
after publishing an opinion but before acking the task, the redelivered task yields the same
opinion id, and joint_review (idempotent per task and opinion id) applies the answer once. It is
an HMAC of the task id and round under the agent's own secret key, so no one else can compute
it: joint_review scopes an id to its task and refuses a department's id reused for another task
(409 ``opinion_id_reused``), and a guessable id would let others probe or collide with it.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from hall_contracts.commands import validate_opinion

VERDICTS = ("approve", "reject", "supplement")
DEFAULT_REVIEWER_NAME = "部门审查系统 (department agent)"
MIN_KEY_BYTES = 8


def opinion_id_for(task_id: str, round_no: int, key: bytes) -> str:
    """Same task, round and key, same id, on any machine and after any restart; a UUID (laid out
    as version 4) made of HMAC-SHA256(key, task id and round), unguessable without the key."""
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the opinion key must be at least {MIN_KEY_BYTES} bytes")
    digest = hmac.new(key, f"{task_id}#{round_no}".encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


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
        return misplaced + validate_opinion(opinion_for(probe, self, datetime.now(UTC), b"probe-key"))


def reviewer_for(task: dict, policy: Policy) -> dict:
    """The policy's reviewer, else the task's assignee (A/B roster), else the agent itself."""
    assignee = task.get("assignee") or {}
    reviewer_id = policy.reviewer_id or assignee.get("reviewer_id") or f"agent-{task['department']}"[:40]
    return {"id": reviewer_id, "name": policy.reviewer_name}


def opinion_for(task: dict, policy: Policy, now: datetime, key: bytes) -> dict:
    """The ``submit_opinion`` command answering ``task`` (the ``data`` of a review task); ``key``
    is the agent's secret opinion key (``opinion_id_for``)."""
    return {
        "opinion_id": opinion_id_for(task["task_id"], task["round"], key),
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
