"""Reading the archive and the inboxes. The only SQL of archive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.engine import Connection

from notify.orm import deliveries, inbox_messages, notices


class ArchiveRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def _with_deliveries(self, conditions: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
        query = select(notices).where(*conditions).order_by(notices.c.id)
        found = [dict(row) for row in self.connection.execute(query).mappings()]
        numbers = [row["notice_no"] for row in found]
        attempts = self.connection.execute(
            select(deliveries).where(deliveries.c.notice_no.in_(numbers)).order_by(deliveries.c.id)
        ).mappings()
        by_notice: dict[str, list[dict[str, Any]]] = {number: [] for number in numbers}
        for attempt in attempts:
            by_notice[attempt["notice_no"]].append(dict(attempt))
        for row in found:
            row["deliveries"] = by_notice[row["notice_no"]]
        return found

    def listed(
        self, case_no: str | None, complaint_no: str | None, item_no: str | None = None
    ) -> list[dict[str, Any]]:
        """The notices of a case, a complaint or a desk item (all given must match), oldest first,
        with their deliveries."""
        conditions = [notices.c.case_no == case_no] if case_no else []
        if complaint_no:
            conditions.append(notices.c.complaint_no == complaint_no)
        if item_no:
            conditions.append(notices.c.item_no == item_no)
        return self._with_deliveries(conditions)

    def of_applicant(self, case_no: str) -> list[dict[str, Any]]:
        return self._with_deliveries([notices.c.case_no == case_no, notices.c.audience == "applicant"])

    def notice(self, notice_no: str) -> dict[str, Any] | None:
        found = self._with_deliveries([notices.c.notice_no == notice_no])
        return found[0] if found else None

    def inbox(self, recipients: list[str], now: datetime | None = None) -> list[dict[str, Any]]:
        """The recipients' inbox, newest first; marks what it returns as read when ``now`` is given."""
        rows = self.connection.execute(
            select(inbox_messages, notices.c.content, notices.c.department)
            .join(notices, notices.c.notice_no == inbox_messages.c.notice_no)
            .where(inbox_messages.c.recipient_ref.in_(recipients))
            .order_by(inbox_messages.c.id.desc())
        ).mappings()
        found = [dict(row) for row in rows]
        if now is not None:
            self.connection.execute(
                update(inbox_messages)
                .where(inbox_messages.c.recipient_ref.in_(recipients), inbox_messages.c.read_at.is_(None))
                .values(read_at=now)
            )
        return found
