"""The data of joint_review's events and of the review task message (contracts/ has the schemas).

No applicant data: the case number is the link; departments read the materials by name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from joint_review.reviews.case_facts import department_limit
from joint_review.reviews.rules import Convergence, OpinionRecord, Review, Task

ANSWER = {
    "exchange": "joint_review.commands",
    "routing_key": "submit_opinion",
    "http": "/tasks/{task_id}/opinion",
}


def review_head(review: Review) -> dict[str, Any]:
    """What every event of a review starts with."""
    return {
        "case_no": review["case_no"],
        "review_id": review["review_id"],
        "round": review["round"],
        "lead_department": review["lead_department"],
    }


def review_opened(review: Review) -> dict[str, Any]:
    """The lead window's joint-case notice (联办件通知书) is due."""
    return {
        **review_head(review),
        "item_code": review["item_code"],
        "item_name": review["item_name"],
        "departments": review["departments"],
        "opened_at": review["opened_at"].isoformat(),
        "notices_due": ["joint_case"],
    }


def _assignee(task: Task, name: str | None = None) -> dict[str, Any] | None:
    """The A or B reviewer holding the task (R-JOINT-7), by id and name; None: the department's pool."""
    if not task["assignee_id"]:
        return None
    role = task.get("assignee_role")
    return {
        "reviewer_id": task["assignee_id"],
        **({"name": name} if name else {}),
        **({"role": role} if role else {}),
    }


def review_task_assigned(review: Review, task: Task, name: str | None = None) -> dict[str, Any]:
    """``name``: the assignee's, from the department's roster (the task notice names people)."""
    return {
        "task_id": task["task_id"],
        "review_id": review["review_id"],
        "case_no": review["case_no"],
        "item_code": review["item_code"],
        "item_name": review["item_name"],
        "department": task["department"],
        "lead_department": review["lead_department"],
        "round": task["round"],
        "assigned_at": task["assigned_at"].isoformat(),
        "due_date": task["due_date"].isoformat(),
        "limit_days": department_limit(review, task["department"]),
        "assignee": _assignee(task, name),
        "materials": list(review["materials"]),
        "material_details": [dict(m) for m in review.get("material_details") or ()],
        "asked_materials": list(task["asked_materials"]),
        "answer": ANSWER,
    }


def opinion_recorded(review: Review, opinion: OpinionRecord) -> dict[str, Any]:
    return {
        **review_head(review),
        "round": opinion["round"],
        "opinion_id": opinion["opinion_id"],
        "department": opinion["department"],
        "verdict": opinion["verdict"],
        "conditions": opinion["conditions"],
        "reason": opinion["reason"],
        "materials": opinion["materials"],
        "reviewer_id": opinion["reviewer_id"],
        "channel": opinion["channel"],
        "recorded_at": opinion["recorded_at"].isoformat(),
    }


def review_converged(review: Review, found: Convergence) -> dict[str, Any]:
    converged_at = review.get("converged_at")
    assert converged_at is not None  # the review as updated by its convergence
    return {**review_head(review), **found.as_dict(), "converged_at": converged_at.isoformat()}


def supplement_consolidated(review: Review, found: Convergence, now: datetime) -> dict[str, Any]:
    """ONE notice for the applicant, every material tagged with the departments that asked."""
    return {
        **review_head(review),
        "materials": [dict(m) for m in found.materials],
        "consolidated_at": now.isoformat(),
        "notices_due": ["consolidated_supplement"],
    }


def round_started(review: Review, departments: list[str], now: datetime) -> dict[str, Any]:
    return {**review_head(review), "departments": list(departments), "started_at": now.isoformat()}


def review_decided(review: Review, now: datetime) -> dict[str, Any]:
    draft = review.get("draft") or {}
    return {
        **review_head(review),
        "decision": review["decision"],
        "reasons": draft["reasons"],
        "conditions": draft["conditions"],
        "decided_at": now.isoformat(),
    }
