"""Reading the archive and the inboxes. No HTTP here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from notify.orm import deliveries, inbox_messages, notices


def _with_deliveries(connection, rows) -> list[dict]:
    found = [dict(row) for row in rows]
    numbers = [row["notice_no"] for row in found]
    attempts = (
        connection.execute(
            select(deliveries).where(deliveries.c.notice_no.in_(numbers)).order_by(deliveries.c.id)
        )
        .mappings()
        .all()
    )
    for row in found:
        row["deliveries"] = [dict(d) for d in attempts if d["notice_no"] == row["notice_no"]]
    return found


def notices_where(connection, *conditions) -> list[dict]:
    rows = connection.execute(select(notices).where(*conditions).order_by(notices.c.id)).mappings().all()
    return _with_deliveries(connection, rows)


def notice(connection, notice_no: str) -> dict | None:
    found = notices_where(connection, notices.c.notice_no == notice_no)
    return found[0] if found else None


def inbox(connection, recipients: list[str], now: datetime | None = None) -> list[dict]:
    """The recipients' inbox, newest first; marks what it returns as read when ``now`` is given."""
    rows = (
        connection.execute(
            select(inbox_messages, notices.c.content)
            .join(notices, notices.c.notice_no == inbox_messages.c.notice_no)
            .where(inbox_messages.c.recipient_ref.in_(recipients))
            .order_by(inbox_messages.c.id.desc())
        )
        .mappings()
        .all()
    )
    if now is not None:
        connection.execute(
            update(inbox_messages)
            .where(inbox_messages.c.recipient_ref.in_(recipients), inbox_messages.c.read_at.is_(None))
            .values(read_at=now)
        )
    return [dict(row) for row in rows]
