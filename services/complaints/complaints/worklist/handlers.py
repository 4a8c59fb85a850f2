"""The worklist's use case: one page of the complaints the office tracks (R-COMP-5, R-COMP-8)."""

from __future__ import annotations

from typing import Any

from complaints.complaint.rules import TRACKED
from complaints.complaint.sweep import overdue_before
from complaints.unit_of_work import UnitOfWork
from complaints.worklist.rules import statuses


def worklist(command: dict[str, Any], uow: UnitOfWork) -> dict[str, Any]:
    """``{"status", "department", "overdue", "due_before", "limit", "offset"}`` (each optional but
    the page) -> ``{"complaints": [...], "total", "limit", "offset"}``, due first."""
    overdue_on = overdue_before(uow.calendar, uow.now)
    filters = {**command, "statuses": statuses(command.get("status"))}
    found, total = uow.complaints.worklist(filters, overdue_on)
    waiting = uow.complaints.open_forwards([row["complaint_no"] for row in found])
    rows = [
        {
            **{key: value for key, value in row.items() if key != "identity"},  # never the identity
            "overdue": row["status"] in TRACKED and row["due_date"] < overdue_on,
            "waiting_for": waiting.get(row["complaint_no"], []),
        }
        for row in found
    ]
    return {"complaints": rows, "total": total, "limit": command["limit"], "offset": command["offset"]}
