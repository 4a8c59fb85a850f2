"""Queries of the identity requests agencies make about referred complaints (R-COMP-7)."""

from __future__ import annotations

from sqlalchemy import select

from complaints.complaint.repository import _row
from complaints.complaint.rules import no_such
from complaints.orm import identity_requests


def get_identity_request(connection, request_id: str) -> dict:
    row = (
        connection.execute(select(identity_requests).where(identity_requests.c.request_id == request_id))
        .mappings()
        .first()
    )
    if row is None:
        raise no_such("身份查询申请", request_id)
    return _row(row)


def identity_requests_of(connection, complaint_no: str) -> list[dict]:
    rows = connection.execute(
        select(identity_requests)
        .where(identity_requests.c.complaint_no == complaint_no)
        .order_by(identity_requests.c.requested_at)
    ).mappings()
    return [_row(row) for row in rows]


def update_request(connection, request_id: str, expected: str, **values) -> int:
    """Move a request on from ``expected`` only; the row count says whether this call did."""
    return connection.execute(
        identity_requests.update()
        .where(identity_requests.c.request_id == request_id, identity_requests.c.status == expected)
        .values(**values)
    ).rowcount
