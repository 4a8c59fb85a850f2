"""Queries on the meetings and inspections of a review, and the due dates an inspection moves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, insert, select, update

from joint_review.meetings.rules import Inspection, Meeting
from joint_review.orm import inspections, meetings, tasks
from joint_review.refusals import UnknownReview
from joint_review.reviews.rules import Task


class MeetingRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_meeting(self, meeting: Meeting) -> None:
        self.connection.execute(insert(meetings).values(**meeting))

    def get_meeting(self, review_id: str, meeting_id: str) -> Meeting:
        query = select(meetings).where(meetings.c.meeting_id == meeting_id, meetings.c.review_id == review_id)
        row = self.connection.execute(query).mappings().first()
        if row is None:
            raise UnknownReview(f"联审 {review_id} 没有会议 {meeting_id} (no such meeting)")
        return cast(Meeting, dict(row))

    def record_minutes(
        self, meeting_id: str, entries: list[dict[str, Any]], summary: str | None, at: datetime
    ) -> None:
        self.connection.execute(
            update(meetings)
            .where(meetings.c.meeting_id == meeting_id)
            .values(minutes=entries, summary=summary, minuted_at=at)
        )

    def add_inspection(self, inspection: Inspection) -> None:
        self.connection.execute(insert(inspections).values(**inspection))

    def running_inspection(self, review_id: str) -> Inspection | None:
        query = select(inspections).where(
            inspections.c.review_id == review_id, inspections.c.ends_on.is_(None)
        )
        row = self.connection.execute(query).mappings().first()
        return cast(Inspection, dict(row)) if row else None

    def end_inspection(self, inspection_id: str, ends_on: date, actor: str) -> None:
        self.connection.execute(
            update(inspections)
            .where(inspections.c.inspection_id == inspection_id)
            .values(ends_on=ends_on, ended_by=actor)
        )

    def open_tasks(self, review_id: str) -> list[Task]:
        query = select(tasks).where(tasks.c.review_id == review_id, tasks.c.status == "open")
        return [cast(Task, dict(row)) for row in self.connection.execute(query).mappings()]

    def move_due_date(self, task_id: str, due: date) -> None:
        self.connection.execute(update(tasks).where(tasks.c.task_id == task_id).values(due_date=due))
