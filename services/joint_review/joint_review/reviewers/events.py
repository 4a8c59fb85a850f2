"""The payload the reviewers' hand-over publishes (contracts/ has the schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from joint_review.reviews.events import review_head
from joint_review.reviews.rules import Review, Task


def task_reassigned(
    review: Review, task: Task, before: dict[str, Any], after: dict[str, Any], now: datetime
) -> dict[str, Any]:
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
