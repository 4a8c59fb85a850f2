"""Queries of complaints proper: the complaint, its forwards, follow-up and timeline."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, insert, select, update

from complaints.complaint.rules import ConcurrentChange, no_such
from complaints.orm import complaint_follow_ups, complaint_forwards, complaint_timeline, complaints


def _row(row) -> dict:
    return dict(row)


def get_complaint(connection, complaint_no: str, lock: bool = False) -> dict:
    query = select(complaints).where(complaints.c.complaint_no == complaint_no)
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is None:
        raise no_such("投诉", complaint_no)
    return _row(row)


def save_complaint(connection, complaint_no: str, version: int, **values) -> None:
    """Optimistic check: the row must still be at ``version`` (two officers acting at once)."""
    done = connection.execute(
        update(complaints)
        .where(complaints.c.complaint_no == complaint_no, complaints.c.version == version)
        .values(**values, version=version + 1)
    )
    if done.rowcount != 1:
        raise ConcurrentChange("投诉已被他人更新，请刷新后重试 (the complaint changed meanwhile: reload)")


def add(connection, table, **values) -> None:
    connection.execute(insert(table).values(**values))


def note(connection, complaint_no: str, at: datetime, action: str, actor: str, **details) -> None:
    add(
        connection,
        complaint_timeline,
        complaint_no=complaint_no,
        at=at,
        action=action,
        actor=actor,
        details=details,
    )


def timeline(connection, complaint_no: str) -> list[dict]:
    rows = connection.execute(
        select(complaint_timeline)
        .where(complaint_timeline.c.complaint_no == complaint_no)
        .order_by(complaint_timeline.c.id)
    ).mappings()
    return [
        {
            "at": row["at"].isoformat(),
            "action": row["action"],
            "actor": row["actor"],
            "details": row["details"],
        }
        for row in rows
    ]


def forwards(connection, complaint_no: str) -> list[dict]:
    rows = connection.execute(
        select(complaint_forwards)
        .where(complaint_forwards.c.complaint_no == complaint_no)
        .order_by(complaint_forwards.c.department)
    ).mappings()
    return [_row(row) for row in rows]


def get_forward(connection, complaint_no: str, department: str) -> dict:
    row = (
        connection.execute(
            select(complaint_forwards).where(
                complaint_forwards.c.complaint_no == complaint_no,
                complaint_forwards.c.department == department,
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise no_such("转办", f"{complaint_no}/{department}")
    return _row(row)


def department_forwards(connection, department: str, status: str | None) -> list[dict]:
    query = (
        select(
            complaint_forwards,
            complaints.c.category,
            complaints.c.matter,
            complaints.c.complainant_ref,
            complaints.c.case_no,
            complaints.c.window,
            complaints.c.staff_id,
        )
        .join(complaints, complaints.c.complaint_no == complaint_forwards.c.complaint_no)
        .where(complaint_forwards.c.department == department)
        .order_by(complaint_forwards.c.due_date, complaint_forwards.c.complaint_no)
    )
    if status:
        query = query.where(complaint_forwards.c.status == status)
    return [_row(row) for row in connection.execute(query).mappings()]


def list_complaints(connection, status: str | None, overdue_on: date | None, limit: int) -> list[dict]:
    query = select(complaints).order_by(complaints.c.due_date, complaints.c.complaint_no).limit(limit)
    if status:
        query = query.where(complaints.c.status == status)
    if overdue_on is not None:
        query = query.where(
            complaints.c.status.in_(("open", "forwarded")), complaints.c.due_date < overdue_on
        )
    return [_row(row) for row in connection.execute(query).mappings()]


def follow_up(connection, complaint_no: str) -> dict | None:
    row = (
        connection.execute(
            select(complaint_follow_ups).where(complaint_follow_ups.c.complaint_no == complaint_no)
        )
        .mappings()
        .first()
    )
    return _row(row) if row else None


def count_by_category(connection, statuses: tuple[str, ...], due_before: date | None = None) -> dict:
    query = (
        select(complaints.c.category, func.count())
        .where(complaints.c.status.in_(statuses), complaints.c.kind == "complaint")
        .group_by(complaints.c.category)
    )
    if due_before is not None:
        query = query.where(complaints.c.due_date < due_before)
    return {category: count for category, count in connection.execute(query).all()}
