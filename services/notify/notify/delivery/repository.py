"""The deliveries as the loop and the operators read and change them. The only SQL of delivery."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.engine import Connection, Row

from notify.delivery.rules import FAILED, IN_DOUBT, PENDING, SENDING, Delivery
from notify.orm import deliveries, notices
from reliable_events import insert_once

COLUMNS = (
    deliveries,
    notices.c.notice_type,
    notices.c.audience,
    notices.c.recipient_ref,
    notices.c.case_no,
    notices.c.complaint_no,
    notices.c.item_no,
    notices.c.title,
    notices.c.content,
    notices.c.created_at.label("notice_created_at"),
    notices.c.correlation_id,
)


def joined() -> Select:
    """Deliveries with the facts of their notice (``Delivery``'s columns)."""
    return select(*COLUMNS).join(notices, notices.c.notice_no == deliveries.c.notice_no)


def as_delivery(row: Row) -> Delivery:
    return Delivery(**row._mapping)


class DeliveryRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, values: dict[str, Any]) -> bool:
        """Queue a delivery; False when one with its idempotency key is queued already."""
        return insert_once(self.connection, deliveries, values)

    def stale_sending(self, claimed_before: datetime) -> list[Delivery]:
        query = joined().where(deliveries.c.status == SENDING, deliveries.c.claimed_at < claimed_before)
        return [as_delivery(row) for row in self.connection.execute(query)]

    def due(self, statuses: tuple[str, ...], now: datetime, limit: int) -> list[Delivery]:
        """Deliveries in ``statuses`` due by ``now``, oldest first; on PostgreSQL locked, skipping
        those another replica holds."""
        query = (
            joined()
            .where(deliveries.c.status.in_(statuses), deliveries.c.next_attempt_at <= now)
            .order_by(deliveries.c.id)
            .limit(limit)
        )
        if self.connection.dialect.name == "postgresql":
            query = query.with_for_update(of=deliveries, skip_locked=True)
        return [as_delivery(row) for row in self.connection.execute(query)]

    def change(
        self, delivery_id: int, status: str, values: dict[str, Any], attempts: int | None = None
    ) -> bool:
        """Compare-and-set: change the delivery only while it is in ``status`` (and, to claim it,
        at ``attempts``); False when another replica changed it first."""
        conditions = [deliveries.c.id == delivery_id, deliveries.c.status == status]
        if attempts is not None:
            conditions.append(deliveries.c.attempts == attempts)
        changed = self.connection.execute(update(deliveries).where(*conditions).values(**values))
        return bool(changed.rowcount)

    def resend(self, delivery_id: int, now: datetime) -> bool:
        """Back to pending, only from in doubt or failed."""
        changed = self.connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id, deliveries.c.status.in_((IN_DOUBT, FAILED)))
            .values(
                status=PENDING,
                failure=None,
                next_attempt_at=now,
                updated_at=now,
                detail="resent by an operator",
            )
        )
        return bool(changed.rowcount)

    def sent_letters(self, notice_no: str) -> list[Delivery]:
        query = joined().where(
            deliveries.c.notice_no == notice_no,
            deliveries.c.channel == "letter",
            deliveries.c.status == "sent",
        )
        return [as_delivery(row) for row in self.connection.execute(query)]

    def with_status(self, status: str) -> list[dict[str, Any]]:
        query = select(deliveries).where(deliveries.c.status == status).order_by(deliveries.c.id)
        return [dict(row) for row in self.connection.execute(query).mappings()]
