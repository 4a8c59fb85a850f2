"""The queries of complaints proper, as the object the unit of work hands out: the complaint, its
forwards, follow-up, timeline and the sweep's alerts. Times come back aware (``UtcDateTime``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, and_, func, insert, not_, or_, select, update

from complaints.complaint.rules import TRACKED, Complaint, ConcurrentChange, no_such
from complaints.orm import (
    complaint_alerts,
    complaint_follow_ups,
    complaint_forwards,
    complaint_timeline,
    complaints,
)
from reliable_events import insert_once


class ComplaintRepository:
    """Every read and write of complaints proper; a fake one stands in for it in unit tests."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, complaint_no: str, lock: bool = False) -> Complaint:
        """The complaint (``NoSuchRecord`` if none); ``lock`` holds its row to the end (PostgreSQL)."""
        query = select(complaints).where(complaints.c.complaint_no == complaint_no)
        if lock and self.connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self.connection.execute(query).mappings().first()
        if row is None:
            raise no_such("投诉", complaint_no)
        return cast(Complaint, dict(row))

    def add(self, complaint: Complaint) -> None:
        self.connection.execute(insert(complaints).values(**complaint))

    def save(self, complaint_no: str, version: int, **values: Any) -> None:
        """Optimistic check: the row must still be at ``version`` (two officers acting at once)."""
        done = self.connection.execute(
            update(complaints)
            .where(complaints.c.complaint_no == complaint_no, complaints.c.version == version)
            .values(**values, version=version + 1)
        )
        if done.rowcount != 1:
            raise ConcurrentChange("投诉已被他人更新，请刷新后重试 (the complaint changed meanwhile: reload)")

    def note(self, complaint_no: str, at: datetime, action: str, actor: str, **details: Any) -> None:
        """A line of the complaint's timeline (never the identity)."""
        values = {
            "complaint_no": complaint_no,
            "at": at,
            "action": action,
            "actor": actor,
            "details": details,
        }
        self.connection.execute(insert(complaint_timeline).values(**values))

    def timeline(self, complaint_no: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
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

    def forwards(self, complaint_no: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            select(complaint_forwards)
            .where(complaint_forwards.c.complaint_no == complaint_no)
            .order_by(complaint_forwards.c.department)
        ).mappings()
        return [dict(row) for row in rows]

    def get_forward(self, complaint_no: str, department: str) -> dict[str, Any]:
        row = (
            self.connection.execute(
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
        return dict(row)

    def add_forward(self, forward: dict[str, Any]) -> None:
        self.connection.execute(insert(complaint_forwards).values(**forward))

    def save_forward(self, complaint_no: str, department: str, **values: Any) -> None:
        self.connection.execute(
            update(complaint_forwards)
            .where(
                complaint_forwards.c.complaint_no == complaint_no,
                complaint_forwards.c.department == department,
            )
            .values(**values)
        )

    def move_open_forwards(self, complaint_no: str, due_date: date) -> None:
        """An explained delay (R-COMP-5) gives the departments still to report the new date too."""
        self.connection.execute(
            update(complaint_forwards)
            .where(complaint_forwards.c.complaint_no == complaint_no, complaint_forwards.c.status == "open")
            .values(due_date=due_date)
        )

    def department_forwards(self, department: str, status: str | None) -> list[dict[str, Any]]:
        """The forwards to ``department`` with the complaint's facts and pseudonym, never its identity."""
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
        return [dict(row) for row in self.connection.execute(query).mappings()]

    def worklist(self, filters: dict[str, Any], overdue_on: date) -> tuple[list[Complaint], int]:
        """A page of the complaints matching ``filters`` (``statuses``, ``department``, ``overdue``,
        ``due_before``, ``limit``, ``offset``), due first, and how many match in all."""
        conditions: list[ColumnElement[bool]] = [complaints.c.status.in_(filters["statuses"])]
        if filters.get("department"):
            forwarded_to = select(complaint_forwards.c.complaint_no).where(
                complaint_forwards.c.department == filters["department"]
            )
            about = complaints.c.department == filters["department"]
            conditions.append(or_(about, complaints.c.complaint_no.in_(forwarded_to)))
        late = and_(complaints.c.status.in_(TRACKED), complaints.c.due_date < overdue_on)
        if filters.get("overdue") is not None:
            conditions.append(late if filters["overdue"] else not_(late))
        if filters.get("due_before"):
            conditions.append(complaints.c.due_date < filters["due_before"])
        page = (
            select(complaints)
            .where(*conditions)
            .order_by(complaints.c.due_date, complaints.c.complaint_no)
            .limit(filters["limit"])
            .offset(filters["offset"])
        )
        total = self.connection.execute(select(func.count()).select_from(complaints).where(*conditions))
        rows = [cast(Complaint, dict(row)) for row in self.connection.execute(page).mappings()]
        return rows, int(total.scalar_one())

    def open_forwards(self, complaint_nos: list[str]) -> dict[str, list[str]]:
        """The departments each complaint waits for (forwarded, not reported yet)."""
        rows = self.connection.execute(
            select(complaint_forwards.c.complaint_no, complaint_forwards.c.department)
            .where(
                complaint_forwards.c.complaint_no.in_(complaint_nos),
                complaint_forwards.c.status == "open",
            )
            .order_by(complaint_forwards.c.department)
        ).all()
        found: dict[str, list[str]] = {}
        for complaint_no, department in rows:
            found.setdefault(complaint_no, []).append(department)
        return found

    def follow_up(self, complaint_no: str) -> dict[str, Any] | None:
        row = (
            self.connection.execute(
                select(complaint_follow_ups).where(complaint_follow_ups.c.complaint_no == complaint_no)
            )
            .mappings()
            .first()
        )
        return dict(row) if row else None

    def add_follow_up(self, follow_up: dict[str, Any]) -> None:
        self.connection.execute(insert(complaint_follow_ups).values(**follow_up))

    def count_by_category(self, statuses: tuple[str, ...], due_before: date | None = None) -> dict[str, int]:
        query = (
            select(complaints.c.category, func.count())
            .where(complaints.c.status.in_(statuses), complaints.c.kind == "complaint")
            .group_by(complaints.c.category)
        )
        if due_before is not None:
            query = query.where(complaints.c.due_date < due_before)
        return {category: count for category, count in self.connection.execute(query).all()}

    def tracked_due_by(self, horizon: date) -> list[str]:
        """The tracked complaints due on or before ``horizon``, the earliest first (the sweep's)."""
        query = (
            select(complaints.c.complaint_no)
            .where(complaints.c.status.in_(TRACKED), complaints.c.due_date <= horizon)
            .order_by(complaints.c.due_date, complaints.c.complaint_no)
        )
        return list(self.connection.execute(query).scalars().all())

    def claim_alert(self, complaint_no: str, threshold: str, due_date: date, at: datetime) -> bool:
        """Whether this call raised the alert (the ``complaint_alerts`` key decides between replicas)."""
        values = {"complaint_no": complaint_no, "threshold": threshold, "due_date": due_date, "raised_at": at}
        return insert_once(self.connection, complaint_alerts, values)
