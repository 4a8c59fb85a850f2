"""Queries of the deadline sweep: the tasks it looks at, running inspections, alerts raised once;
the overdue record and the month's report read from it (R-JOINT-6)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from joint_review.orm import inspections, overdue_records, reviews, task_alerts, tasks
from joint_review.reviews.rules import Task
from reliable_events import insert_once


class DeadlineRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def candidates(self, horizon: date) -> list[tuple[str, str]]:
        """Open tasks of the current round due by ``horizon``, of reviews with no inspection running."""
        running = select(inspections.c.review_id).where(inspections.c.ends_on.is_(None))
        rows = self.connection.execute(
            select(tasks.c.task_id, tasks.c.review_id)
            .join(reviews, reviews.c.review_id == tasks.c.review_id)
            .where(
                tasks.c.status == "open",
                tasks.c.due_date <= horizon,
                tasks.c.round == reviews.c.round,
                reviews.c.status == "in_review",
                reviews.c.review_id.not_in(running),
            )
            .order_by(tasks.c.due_date, tasks.c.task_id)
        ).all()
        return [(row[0], row[1]) for row in rows]

    def inspection_running(self, review_id: str) -> bool:
        query = select(inspections.c.inspection_id).where(
            inspections.c.review_id == review_id, inspections.c.ends_on.is_(None)
        )
        return self.connection.execute(query).first() is not None

    def claim(self, task: Task, threshold: str, now: datetime) -> bool:
        """The alert's row, unless it exists; True when this transaction raised it (once, ever)."""
        return insert_once(
            self.connection,
            task_alerts,
            {
                "task_id": task["task_id"],
                "threshold": threshold,
                "review_id": task["review_id"],
                "department": task["department"],
                "due_date": task["due_date"],
                "raised_at": now,
            },
        )

    def record_overdue(self, record: dict[str, Any]) -> bool:
        """Count the task against its department, once per task (True when this call did)."""
        return insert_once(self.connection, overdue_records, record)

    def overdue_in(self, month: str, department: str | None) -> list[dict[str, Any]]:
        query = select(overdue_records).where(overdue_records.c.month == month)
        if department is not None:
            query = query.where(overdue_records.c.department == department)
        return [dict(row) for row in self.connection.execute(query).mappings()]

    def due_between(self, first: date, last: date, department: str | None) -> dict[str, int]:
        """Tasks due from ``first`` to ``last`` (every round), counted by department."""
        query = (
            select(tasks.c.department, func.count())
            .where(tasks.c.due_date >= first, tasks.c.due_date <= last)
            .group_by(tasks.c.department)
        )
        if department is not None:
            query = query.where(tasks.c.department == department)
        return {row[0]: row[1] for row in self.connection.execute(query).all()}
