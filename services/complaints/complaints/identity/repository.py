"""The queries of the identity requests agencies make about referred complaints (R-COMP-7)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from complaints.complaint.rules import no_such
from complaints.orm import identity_requests


class IdentityRequestRepository:
    """Identity requests; a fake one stands in for it in unit tests."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, request_id: str) -> dict[str, Any]:
        query = select(identity_requests).where(identity_requests.c.request_id == request_id)
        row = self.connection.execute(query).mappings().first()
        if row is None:
            raise no_such("身份查询申请", request_id)
        return dict(row)

    def of_complaint(self, complaint_no: str) -> list[dict[str, Any]]:
        rows = self.connection.execute(
            select(identity_requests)
            .where(identity_requests.c.complaint_no == complaint_no)
            .order_by(identity_requests.c.requested_at)
        ).mappings()
        return [dict(row) for row in rows]

    def add(self, request: dict[str, Any]) -> None:
        self.connection.execute(insert(identity_requests).values(**request))

    def move_on(self, request_id: str, expected: str, **values: Any) -> bool:
        """Move a request on from ``expected`` only; whether this call did (two at once: one does)."""
        done = self.connection.execute(
            identity_requests.update()
            .where(identity_requests.c.request_id == request_id, identity_requests.c.status == expected)
            .values(**values)
        )
        return bool(done.rowcount == 1)
