"""The payload the reviewers' hand-over publishes (contracts/ has the schema)."""

from __future__ import annotations

from datetime import datetime

from joint_review.reviews.events import review_head


def task_reassigned(review: dict, task: dict, before: dict, after: dict, now: datetime) -> dict:
    """R-JOINT-7: an open task moved from an absent reviewer to the other one of its department."""
    return {
        **review_head(review),
        "round": task["round"],
        "task_id": task["task_id"],
        "department": task["department"],
        "from": before,
        "to": after,
        "reason": "leave",
        "reassigned_at": now.isoformat(),
    }
