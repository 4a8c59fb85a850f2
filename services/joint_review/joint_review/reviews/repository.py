"""Queries on reviews, their tasks, opinions, convergences and timeline, handed out by the unit of work.

The statements of the hot path are built once (``statements``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, and_, case, func, select, update

from joint_review.orm import reviews, tasks, timeline
from joint_review.refusals import TransitionNotAllowed, UnknownReview
from joint_review.reviews.rules import (
    Convergence,
    Opinion,
    OpinionRecord,
    Review,
    Task,
    opinion_of,
)
from joint_review.reviews.statements import (
    ADD_CONVERGENCE,
    ADD_OPINION,
    ADD_REVIEW,
    ADD_TASK,
    CONVERGED,
    DEPARTMENT_OPINION,
    NOTE,
    OPINION,
    REVIEW_BY_CASE,
    REVIEW_LOCKED,
    REVIEW_OPINIONS,
    ROUND_OPEN,
    ROUND_TASKS,
    TASK,
    TASK_ANSWERED,
    UPDATE_REVIEW,
)


class ReviewRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def find_by_case(self, case_no: str) -> Review | None:
        row = self.connection.execute(REVIEW_BY_CASE, {"case_no": case_no}).mappings().first()
        return cast(Review, dict(row)) if row else None

    def get(self, review_id: str) -> Review:
        """The review, locked for this transaction (PostgreSQL row lock; SQLite locks the file on write).

        Every opinion of a review takes this lock first, so two replicas recording the last two
        opinions of a round do so one after the other, and only the second sees the round complete.
        """
        row = self.connection.execute(REVIEW_LOCKED, {"review_id": review_id}).mappings().first()
        if row is None:
            raise UnknownReview(f"没有联审编号 {review_id} (no joint review {review_id})")
        return cast(Review, dict(row))

    def add(self, review: Review) -> None:
        self.connection.execute(ADD_REVIEW, dict(review))

    def update(self, review: Review, **values: Any) -> Review:
        """Optimistic: the review as read (its ``version``) or a conflict to retry."""
        result = self.connection.execute(
            UPDATE_REVIEW,
            {
                "b_review_id": review["review_id"],
                "b_version": review["version"],
                "version": review["version"] + 1,
                **values,
            },
        )
        if result.rowcount != 1:
            raise TransitionNotAllowed(
                "联审刚被他人修改，请重试 (the review was changed meanwhile: try again)"
            )
        return cast(Review, {**review, **values, "version": review["version"] + 1})

    def note(self, review_id: str, at: datetime, action: str, actor: str, **details: Any) -> None:
        """One line of the review's timeline."""
        self.connection.execute(
            NOTE, {"review_id": review_id, "at": at, "action": action, "actor": actor, "details": details}
        )

    def add_task(self, task: Task) -> None:
        self.connection.execute(ADD_TASK, dict(task))

    def get_task(self, task_id: str) -> Task:
        row = self.connection.execute(TASK, {"task_id": task_id}).mappings().first()
        if row is None:
            raise UnknownReview(f"没有审查任务 {task_id} (no review task {task_id})")
        return cast(Task, dict(row))

    def round_tasks(self, review_id: str, round_no: int) -> list[Task]:
        rows = self.connection.execute(ROUND_TASKS, {"review_id": review_id, "round": round_no}).mappings()
        return [cast(Task, dict(row)) for row in rows]

    def round_complete(self, review_id: str, round_no: int) -> bool:
        """Every task of the round answered (one count, no rows read)."""
        return not self.connection.execute(
            ROUND_OPEN, {"review_id": review_id, "round": round_no}
        ).scalar_one()

    def department_tasks(
        self, department: str, status: str | None = None, task_id: str | None = None
    ) -> list[Task]:
        """A department's tasks (or its one task ``task_id``), each with its case's urgency and
        materials: urgent cases first (R-KIND-7), then by due date, then by task id."""
        query = (
            select(
                tasks,
                reviews.c.urgent,
                reviews.c.materials,
                reviews.c.material_details,
                reviews.c.case_no,
                reviews.c.item_name,
            )
            .join(reviews, reviews.c.review_id == tasks.c.review_id)
            .where(tasks.c.department == department)
            .order_by(reviews.c.urgent.desc(), tasks.c.due_date, tasks.c.task_id)
        )
        if status:
            query = query.where(tasks.c.status == status)
        if task_id is not None:
            query = query.where(tasks.c.task_id == task_id)
        return [cast(Task, dict(row)) for row in self.connection.execute(query).mappings()]

    def list_reviews(
        self, lead_department: str | None, status: str | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of reviews (of one lead department, or all) with their open tasks of the current
        round counted: still open first, urgent first, newest first; and how many match."""
        where = []
        if lead_department is not None:
            where.append(reviews.c.lead_department == lead_department)
        if status:
            where.append(reviews.c.status == status)
        total = self.connection.execute(select(func.count()).select_from(reviews).where(*where)).scalar_one()
        open_tasks = (
            select(func.count())
            .where(
                and_(
                    tasks.c.review_id == reviews.c.review_id,
                    tasks.c.round == reviews.c.round,
                    tasks.c.status == "open",
                )
            )
            .scalar_subquery()
        )
        query = (
            select(reviews, open_tasks.label("open_tasks"))
            .where(*where)
            .order_by(
                case((reviews.c.status == "decided", 1), else_=0),
                reviews.c.urgent.desc(),
                reviews.c.opened_at.desc(),
                reviews.c.review_id,
            )
            .limit(limit)
            .offset(offset)
        )
        return [dict(row) for row in self.connection.execute(query).mappings()], total

    def add_opinion(self, opinion: OpinionRecord) -> None:
        """The answer, and its task answered with it."""
        self.connection.execute(ADD_OPINION, dict(opinion))
        self.connection.execute(
            TASK_ANSWERED,
            {
                "b_task_id": opinion["task_id"],
                "b_answered_at": opinion["recorded_at"],
                "b_opinion_id": opinion["opinion_id"],
                "b_verdict": opinion["verdict"],
            },
        )

    def find_opinion(self, task_id: str, opinion_id: str) -> OpinionRecord | None:
        """The opinion ``opinion_id`` of the task (an opinion id is scoped to its task)."""
        row = (
            self.connection.execute(OPINION, {"task_id": task_id, "opinion_id": opinion_id})
            .mappings()
            .first()
        )
        return cast(OpinionRecord, dict(row)) if row else None

    def find_department_opinion(self, department: str, opinion_id: str) -> OpinionRecord | None:
        """The department's opinion of that id, on whichever of its tasks (ids of other departments
        are theirs: never looked at, never shown)."""
        params = {"department": department, "opinion_id": opinion_id}
        row = self.connection.execute(DEPARTMENT_OPINION, params).mappings().first()
        return cast(OpinionRecord, dict(row)) if row else None

    def latest_opinions(self, review_id: str) -> dict[str, Opinion]:
        """Each department's most recent answer (a later round replaces an earlier one)."""
        rows = self.connection.execute(REVIEW_OPINIONS, {"review_id": review_id}).mappings()
        return {row["department"]: opinion_of(cast(OpinionRecord, dict(row))) for row in rows}

    def converged(self, review_id: str, round_no: int) -> bool:
        return (
            self.connection.execute(CONVERGED, {"review_id": review_id, "round": round_no}).first()
            is not None
        )

    def add_convergence(self, review_id: str, found: Convergence, at: datetime) -> None:
        self.connection.execute(
            ADD_CONVERGENCE,
            {
                "review_id": review_id,
                "round": found.round,
                "outcome": found.outcome,
                "body": found.as_dict(),
                "converged_at": at,
            },
        )

    def review_view(self, review_id: str) -> tuple[list[Task], list[dict[str, Any]]]:
        """Every task of the review and its timeline, oldest first."""
        found = self.connection.execute(
            select(tasks).where(tasks.c.review_id == review_id).order_by(tasks.c.round, tasks.c.department)
        ).mappings()
        lines = self.connection.execute(
            select(timeline).where(timeline.c.review_id == review_id).order_by(timeline.c.id)
        ).mappings()
        return [cast(Task, dict(row)) for row in found], [dict(row) for row in lines]

    def tasks_held_by(self, reviewer_id: str) -> list[tuple[str, str]]:
        """(task id, review id) of the open tasks the reviewer holds."""
        query = (
            select(tasks.c.task_id, tasks.c.review_id)
            .where(tasks.c.assignee_id == reviewer_id, tasks.c.status == "open")
            .order_by(tasks.c.task_id)
        )
        return [(row[0], row[1]) for row in self.connection.execute(query).all()]

    def reassign(self, task_id: str, reviewer_id: str, role: str) -> None:
        """An open task to another reviewer (an answered one stays with who answered it)."""
        self.connection.execute(
            update(tasks)
            .where(tasks.c.task_id == task_id, tasks.c.status == "open")
            .values(assignee_id=reviewer_id, assignee_role=role)
        )
