"""Queries on the meetings and inspections of a review, and the due dates an inspection moves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from joint_review.orm import inspections, meetings, tasks
from joint_review.reviews.rules import UnknownReview


def get_meeting(connection, review_id: str, meeting_id: str) -> dict:
    row = (
        connection.execute(
            select(meetings).where(meetings.c.meeting_id == meeting_id, meetings.c.review_id == review_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise UnknownReview(f"联审 {review_id} 没有会议 {meeting_id} (no such meeting)")
    return dict(row)


def record_minutes(connection, meeting_id: str, entries: list[dict], summary: str | None, at) -> None:
    connection.execute(
        update(meetings)
        .where(meetings.c.meeting_id == meeting_id)
        .values(minutes=entries, summary=summary, minuted_at=at)
    )


def running_inspection(connection, review_id: str) -> dict | None:
    row = (
        connection.execute(
            select(inspections).where(inspections.c.review_id == review_id, inspections.c.ends_on.is_(None))
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def end_inspection(connection, inspection_id: str, ends_on: date, actor: str) -> None:
    connection.execute(
        update(inspections)
        .where(inspections.c.inspection_id == inspection_id)
        .values(ends_on=ends_on, ended_by=actor)
    )


def open_tasks(connection, review_id: str) -> list[dict]:
    rows = connection.execute(select(tasks).where(tasks.c.review_id == review_id, tasks.c.status == "open"))
    return [dict(row) for row in rows.mappings()]


def move_due_date(connection, task_id: str, due: date) -> None:
    connection.execute(update(tasks).where(tasks.c.task_id == task_id).values(due_date=due))
