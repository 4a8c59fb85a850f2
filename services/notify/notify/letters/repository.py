"""The window's print queue. The only SQL of letters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from notify.orm import notices, print_jobs


class PrintJobRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def get(self, job_id: int) -> dict[str, Any] | None:
        found = (
            self.connection.execute(select(print_jobs).where(print_jobs.c.id == job_id)).mappings().first()
        )
        return dict(found) if found else None

    def queue(self, waiting_only: bool) -> list[dict[str, Any]]:
        """The print jobs with what decides who may print them (case, complaint, department)."""
        query = (
            select(
                print_jobs,
                notices.c.title,
                notices.c.case_no,
                notices.c.complaint_no,
                notices.c.audience,
                notices.c.department,
            )
            .join(notices, notices.c.notice_no == print_jobs.c.notice_no)
            .order_by(print_jobs.c.id)
        )
        if waiting_only:
            query = query.where(print_jobs.c.handed_over_at.is_(None))
        return [dict(row) for row in self.connection.execute(query).mappings()]

    def hand_over(self, job_id: int, values: dict[str, Any]) -> None:
        self.connection.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(**values))
