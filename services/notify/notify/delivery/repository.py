"""The deliveries as the loop and the operators read and change them. The only SQL of delivery."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, Update, bindparam, select, update
from sqlalchemy.engine import Connection, Row

from notify.delivery.rules import FAILED, IN_DOUBT, PENDING, SENDING, Delivery
from notify.orm import OPEN_STATUSES, deliveries, notices, status_among, unsettled
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


# The loop's statements, built once; each names ``unsettled`` so that it reads the partial index
# of open deliveries (``notify.orm``), never the delivered rows behind it.
STALE_SENDING = joined().where(
    status_among(SENDING), unsettled, deliveries.c.claimed_at < bindparam("claimed_before")
)


@lru_cache(maxsize=16)
def _due(statuses: tuple[str, ...], limit: int, locked: bool) -> Select:
    query = (
        joined()
        .where(status_among(*statuses), unsettled, deliveries.c.next_attempt_at <= bindparam("now"))
        .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
        .limit(limit)
    )
    return query.with_for_update(of=deliveries, skip_locked=True) if locked else query


# a pushed report's message, by the gateway's id: through the index of provider refs (notify.orm)
SMS_BY_PROVIDER_REF = joined().where(
    deliveries.c.channel == "sms", deliveries.c.provider_ref.in_(bindparam("refs", expanding=True))
)


@lru_cache(maxsize=8)
def _with_status(status: str) -> Select:
    """An operator's list: through a partial index for the statuses one holds (the status is
    one of the code's own constants here, never the caller's text)."""
    condition = status_among(status)
    if status in OPEN_STATUSES:
        condition = condition & unsettled
    elif status != FAILED:  # delivered: every finished row, read rarely
        condition = deliveries.c.status == status
    return select(deliveries).where(condition).order_by(deliveries.c.id)


@lru_cache(maxsize=64)
def _change(keys: tuple[str, ...], with_attempts: bool) -> Update:
    """The compare-and-set of ``change``, built once per set of columns it writes (the loop writes
    a handful of shapes; built on every call, SQLAlchemy made a new cache key each time, about a
    tenth of notify's CPU under load)."""
    column = deliveries.c
    conditions = [column.id == bindparam("w_id"), column.status == bindparam("w_status")]
    if with_attempts:
        conditions.append(column.attempts == bindparam("w_attempts"))
    values = {key: bindparam(f"v_{key}", type_=column[key].type) for key in keys}
    return update(deliveries).where(*conditions).values(values)


class DeliveryRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, values: dict[str, Any]) -> bool:
        """Queue a delivery; False when one with its idempotency key is queued already."""
        return insert_once(self.connection, deliveries, values)

    def stale_sending(self, claimed_before: datetime) -> list[Delivery]:
        rows = self.connection.execute(STALE_SENDING, {"claimed_before": claimed_before})
        return [as_delivery(row) for row in rows]

    def due(self, statuses: tuple[str, ...], now: datetime, limit: int) -> list[Delivery]:
        """Deliveries in ``statuses`` (the loop's constants) due by ``now``, longest due first; on
        PostgreSQL locked, skipping those another replica holds."""
        query = _due(tuple(statuses), limit, self.connection.dialect.name == "postgresql")
        return [as_delivery(row) for row in self.connection.execute(query, {"now": now})]

    def change(
        self, delivery_id: int, status: str, values: dict[str, Any], attempts: int | None = None
    ) -> bool:
        """Compare-and-set: change the delivery only while it is in ``status`` (and, to claim it,
        at ``attempts``); False when another replica changed it first."""
        statement = _change(tuple(sorted(values)), attempts is not None)
        parameters = {f"v_{key}": value for key, value in values.items()}
        parameters |= {"w_id": delivery_id, "w_status": status, "w_attempts": attempts}
        return bool(self.connection.execute(statement, parameters).rowcount)

    def sms_by_provider_refs(self, refs: set[str]) -> dict[str, Delivery]:
        """The SMS deliveries the gateway knows by these ids, whatever their status."""
        if not refs:
            return {}
        rows = self.connection.execute(SMS_BY_PROVIDER_REF, {"refs": sorted(refs)})
        return {row.provider_ref: as_delivery(row) for row in rows}

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
        known = next((name for name in (*OPEN_STATUSES, FAILED, "delivered") if name == status), None)
        if known is None:
            return []
        return [dict(row) for row in self.connection.execute(_with_status(known)).mappings()]
