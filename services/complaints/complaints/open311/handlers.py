"""Open311's reads: desk items and complaints by their ids, as GeoReport requests (no contact)."""

from __future__ import annotations

from typing import Any

from complaints.open311.requests import complaint_request, desk_request
from complaints.unit_of_work import UnitOfWork
from refusals import NotFound


def lookup(command: dict[str, Any], uow: UnitOfWork) -> list[dict]:
    """The requests found among ``command["ids"]`` (a desk item or a complaint each), in order."""
    found = []
    for request_id in dict.fromkeys(command["ids"]):
        view = desk_view(request_id, uow) or complaint_view(request_id, uow)
        if view is not None:
            found.append(view)
    return found


def desk_view(request_id: str, uow: UnitOfWork) -> dict | None:
    item = uow.desk.find(request_id)
    if item is None:
        return None
    trail = uow.desk.steps_of([request_id])[request_id]
    closes = uow.calendar.closes_at(item["deadline"]) if item["deadline"] else None
    return desk_request(item, closes, trail[-1]["at"] if trail else item["registered_at"])


def complaint_view(request_id: str, uow: UnitOfWork) -> dict | None:
    try:
        complaint = uow.complaints.get(request_id)
    except NotFound:
        return None
    steps = uow.complaints.timeline(request_id)
    closes = uow.calendar.closes_at(complaint["due_date"]) if complaint["due_date"] else None
    return complaint_request(complaint, closes, steps[-1]["at"] if steps else complaint["received_at"])
