"""Queries on joint_review's tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from joint_review.orm import convergences, opinions, reviews, tasks, timeline
from joint_review.reviews.rules import Opinion, TransitionNotAllowed, UnknownReview


def find_review_by_case(connection, case_no: str) -> dict | None:
    row = connection.execute(select(reviews).where(reviews.c.case_no == case_no)).mappings().first()
    return dict(row) if row else None


def get_review(connection, review_id: str) -> dict:
    """The review, locked for this transaction (PostgreSQL row lock; SQLite locks the file on write).

    Every opinion of a review takes this lock first, so two replicas recording the last two
    opinions of a round do so one after the other, and only the second sees the round complete.
    """
    row = (
        connection.execute(select(reviews).where(reviews.c.review_id == review_id).with_for_update())
        .mappings()
        .first()
    )
    if row is None:
        raise UnknownReview(f"没有联审编号 {review_id} (no joint review {review_id})")
    return dict(row)


def update_review(connection, review: dict, **values) -> dict:
    result = connection.execute(
        update(reviews)
        .where(reviews.c.review_id == review["review_id"], reviews.c.version == review["version"])
        .values(version=review["version"] + 1, **values)
    )
    if result.rowcount != 1:
        raise TransitionNotAllowed("联审刚被他人修改，请重试 (the review was changed meanwhile: try again)")
    return {**review, **values, "version": review["version"] + 1}


def add(connection, table, **values) -> None:
    connection.execute(insert(table).values(**values))


def note(connection, review_id: str, at: datetime, action: str, actor: str, **details) -> None:
    """One line of the review's timeline."""
    add(connection, timeline, review_id=review_id, at=at, action=action, actor=actor, details=details)


def get_task(connection, task_id: str) -> dict:
    row = connection.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().first()
    if row is None:
        raise UnknownReview(f"没有审查任务 {task_id} (no review task {task_id})")
    return dict(row)


def round_tasks(connection, review_id: str, round_no: int) -> list[dict]:
    rows = connection.execute(
        select(tasks).where(tasks.c.review_id == review_id, tasks.c.round == round_no)
    ).mappings()
    return [dict(row) for row in rows]


def find_opinion(connection, task_id: str, opinion_id: str) -> dict | None:
    """The opinion ``opinion_id`` of the task (an opinion id is scoped to its task)."""
    row = (
        connection.execute(
            select(opinions).where(opinions.c.task_id == task_id, opinions.c.opinion_id == opinion_id)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def find_department_opinion(connection, department: str, opinion_id: str) -> dict | None:
    """The department's opinion of that id, on whichever of its tasks (ids of other departments
    are theirs: never looked at, never shown)."""
    row = (
        connection.execute(
            select(opinions).where(opinions.c.department == department, opinions.c.opinion_id == opinion_id)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def latest_opinions(connection, review_id: str) -> dict[str, Opinion]:
    """Each department's most recent answer (a later round replaces an earlier one)."""
    rows = connection.execute(
        select(opinions).where(opinions.c.review_id == review_id).order_by(opinions.c.round)
    ).mappings()
    return {
        row["department"]: Opinion(
            row["opinion_id"],
            row["department"],
            row["round"],
            row["verdict"],
            tuple(row["conditions"]),
            row["reason"],
            tuple(row["materials"]),
            row["reviewer_id"],
        )
        for row in rows
    }


def converged(connection, review_id: str, round_no: int) -> bool:
    return (
        connection.execute(
            select(convergences.c.round).where(
                convergences.c.review_id == review_id, convergences.c.round == round_no
            )
        ).first()
        is not None
    )


def department_tasks(connection, department: str, status: str | None = None) -> list[dict]:
    query = select(tasks).where(tasks.c.department == department).order_by(tasks.c.due_date)
    if status:
        query = query.where(tasks.c.status == status)
    return [dict(row) for row in connection.execute(query).mappings()]


def review_view(connection, review_id: str) -> tuple[list[dict], list[dict]]:
    """Every task of the review and its timeline, oldest first."""
    found = connection.execute(
        select(tasks).where(tasks.c.review_id == review_id).order_by(tasks.c.round, tasks.c.department)
    ).mappings()
    lines = connection.execute(
        select(timeline).where(timeline.c.review_id == review_id).order_by(timeline.c.id)
    ).mappings()
    return [dict(row) for row in found], [dict(row) for row in lines]
