"""Reading the window's print queue. No HTTP here."""

from __future__ import annotations

from sqlalchemy import select

from notify.archive.repository import notice
from notify.orm import notices, print_jobs


def print_job(connection, job_id: int) -> dict | None:
    found = connection.execute(select(print_jobs).where(print_jobs.c.id == job_id)).mappings().first()
    return dict(found) if found else None


def print_queue(connection, waiting_only: bool) -> list[dict]:
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
    return [dict(row) for row in connection.execute(query).mappings()]


def job_notice(connection, job_id: int) -> dict | None:
    """The notice a print job prints (with its deliveries), or None for no such job."""
    job = print_job(connection, job_id)
    return notice(connection, job["notice_no"]) if job else None
