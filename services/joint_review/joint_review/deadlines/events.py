"""The payloads the deadline sweep publishes (contracts/ has the schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from joint_review.reviews.rules import Review, Task
from workday_calendar import WorkingCalendar


def _assignee(task: Task, name: str | None) -> dict[str, Any] | None:
    """The reviewer holding the task, by id and, when the roster knows them, by name."""
    if not task["assignee_id"]:
        return None
    return {"reviewer_id": task["assignee_id"], **({"name": name} if name else {})}


def _task(review: Review, task: Task, calendar: WorkingCalendar, name: str | None) -> dict[str, Any]:
    return {
        "case_no": review["case_no"],
        "review_id": review["review_id"],
        "round": task["round"],
        "item_code": review["item_code"],
        "lead_department": review["lead_department"],
        "task_id": task["task_id"],
        "department": task["department"],
        "assignee": _assignee(task, name),
        "due_date": task["due_date"].isoformat(),
        "due_by": calendar.closes_at(task["due_date"]).isoformat(),
    }


def task_due_soon(
    review: Review, task: Task, calendar: WorkingCalendar, now: datetime, name: str | None = None
) -> dict[str, Any]:
    """催办: the lead window urges the department; its task is due today or the next working day.
    ``name``: the assignee's, from the department's roster."""
    return {**_task(review, task, calendar, name), "urged_at": now.isoformat(), "notices_due": ["reminder"]}


def task_overdue(
    review: Review,
    task: Task,
    calendar: WorkingCalendar,
    now: datetime,
    silent: bool,
    name: str | None = None,
) -> dict[str, Any]:
    """督办: supervision is told; ``outcome`` says whether it is escalated or silence is consent."""
    return {
        **_task(review, task, calendar, name),
        "reported_at": now.isoformat(),
        "outcome": "silence_consent" if silent else "escalated",
        "notices_due": ["overdue_report"],
    }
