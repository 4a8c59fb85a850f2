"""Open311's reads: desk items and complaints by their ids, as GeoReport requests (no contact)."""

from __future__ import annotations

from complaints.complaint.repository import get_complaint, timeline
from complaints.desk.repository import find_item, steps_of
from complaints.entrypoints import Entrypoints
from complaints.open311.requests import complaint_request, desk_request
from refusals import NotFound


def lookup(worker: Entrypoints, ids: list[str]) -> list[dict]:
    """The requests found among ``ids`` (a desk item or a complaint each), in the order asked."""
    found = []
    with worker.db.transaction() as tx:
        for request_id in dict.fromkeys(ids):
            view = desk_view(worker, tx.connection, request_id) or complaint_view(
                worker, tx.connection, request_id
            )
            if view is not None:
                found.append(view)
    return found


def desk_view(worker: Entrypoints, connection, request_id: str) -> dict | None:
    item = find_item(connection, request_id)
    if item is None:
        return None
    trail = steps_of(connection, [request_id])[request_id]
    closes = worker.calendar.closes_at(item["deadline"]) if item["deadline"] else None
    return desk_request(item, closes, trail[-1]["at"] if trail else item["registered_at"])


def complaint_view(worker: Entrypoints, connection, request_id: str) -> dict | None:
    try:
        complaint = get_complaint(connection, request_id)
    except NotFound:
        return None
    steps = timeline(connection, request_id)
    closes = worker.calendar.closes_at(complaint["due_date"]) if complaint["due_date"] else None
    return complaint_request(complaint, closes, steps[-1]["at"] if steps else complaint["received_at"])
