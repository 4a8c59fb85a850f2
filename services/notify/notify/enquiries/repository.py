"""The queries of the one-time notices owed to enquirers (R-ONCE-2): the only SQL of the concept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from notify.enquiries.rules import DELIVERED, DELIVERED_LATE, OVERDUE, PENDING, Tracked
from notify.orm import deliveries, one_time_notices

T = one_time_notices


class OneTimeNoticeRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, row: Tracked) -> None:
        self.connection.execute(insert(T).values(**row))

    def mark_delivered(self, notice_no: str, at: datetime, channel: str) -> None:
        """The first delivery that reached the enquirer; later ones change nothing."""
        self.connection.execute(
            update(T)
            .where(T.c.notice_no == notice_no, T.c.delivered_at.is_(None))
            .values(delivered_at=at, delivered_channel=channel)
        )

    def overdue_unraised(self, now: datetime, limit: int = 500) -> list[Tracked]:
        query = (
            select(T)
            .where(T.c.delivered_at.is_(None), T.c.overdue_raised_at.is_(None), T.c.notice_due_at < now)
            .order_by(T.c.notice_due_at, T.c.id)
            .limit(limit)
        )
        return [dict(row._mapping) for row in self.connection.execute(query)]

    def raise_once(self, enquiry_no: str, now: datetime) -> bool:
        """Compare-and-set: True for the one replica (and the one run) that raises it."""
        result = self.connection.execute(
            update(T)
            .where(T.c.enquiry_no == enquiry_no, T.c.overdue_raised_at.is_(None), T.c.delivered_at.is_(None))
            .values(overdue_raised_at=now)
        )
        return result.rowcount == 1

    def channels_tried(self, notice_no: str) -> list[str]:
        rows = self.connection.execute(
            select(deliveries.c.channel).where(deliveries.c.notice_no == notice_no).order_by(deliveries.c.id)
        )
        return [channel for channel in rows.scalars() if channel != "inbox"]

    def deliveries_of(self, notice_no: str) -> list[dict]:
        columns = (deliveries.c.channel, deliveries.c.status, deliveries.c.failure, deliveries.c.attempts)
        query = select(*columns, deliveries.c.delivered_at).where(deliveries.c.notice_no == notice_no)
        return [dict(row._mapping) for row in self.connection.execute(query.order_by(deliveries.c.id))]

    def find(self, enquiry_no: str) -> Tracked | None:
        row = self.connection.execute(select(T).where(T.c.enquiry_no == enquiry_no)).first()
        return dict(row._mapping) if row else None

    def listing(self, status: str | None, department: str | None, now: datetime, limit: int) -> list[Tracked]:
        query = select(T).order_by(T.c.notice_due_at, T.c.id).limit(limit)
        if department:
            query = query.where(T.c.department == department)
        late = T.c.delivered_at > T.c.notice_due_at
        conditions = {
            PENDING: (T.c.delivered_at.is_(None), T.c.notice_due_at >= now),
            OVERDUE: (T.c.delivered_at.is_(None), T.c.notice_due_at < now),
            DELIVERED: (T.c.delivered_at.is_not(None), ~late),
            DELIVERED_LATE: (T.c.delivered_at.is_not(None), late),
        }
        if status:
            query = query.where(*conditions[status])
        return [dict(row._mapping) for row in self.connection.execute(query)]

    def count_overdue(self, now: datetime) -> int:
        query = select(func.count()).where(T.c.delivered_at.is_(None), T.c.notice_due_at < now)
        return self.connection.execute(query.select_from(T)).scalar_one()
