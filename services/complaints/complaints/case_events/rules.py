"""What complaints knows of intake's cases: a projection of intake's published events only.

Every intake case event carries the case's number, item, department, status and deadline; the
projection keeps the latest (by the event's time, so a late duplicate cannot move a case back)
and remembers, for good, that a case went overdue: a complaint about it then suggests "late
beyond the promised limit" (R-COMP-2). Applicant data is never kept (the events carry none).

Each event type has its own queue and retries reorder them, so the rules commute: the facts of
the latest event time win whatever arrived first, "went overdue" is an OR, and a closed case
(completed, returned) stays closed: an open fact never replaces a closed one, even one stamped
later (the sweep may read a case open and publish ``case_overdue`` just after its completion
committed), and a closed one replaces an open one whenever it arrives.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict

CLOSED = ("completed", "returned")
CONSUMED = (
    "case_registered",
    "case_accepted",
    "case_returned",
    "case_extended",
    "case_overdue",
    "case_completed",
)


class CaseFacts(TypedDict):
    """What every intake case event says of its case (the latest one wins, R-COMP-2)."""

    item_code: str
    item_name: str
    department: str
    status: str
    deadline: date | None


class Case(CaseFacts):
    """A row of the projection: the latest facts of one intake case, never applicant data."""

    case_no: str
    window: str | None
    holder_id: str | None
    went_overdue: bool
    updated_at: datetime


def went_overdue(event_type: str, data: dict[str, Any]) -> bool:
    return event_type == "case_overdue" or (event_type == "case_completed" and data.get("on_time") is False)


def supersedes(row: Case, status: str, at: datetime) -> bool:
    """Whether an event of ``at`` saying ``status`` replaces what the projection holds: a closed
    fact replaces an open one and never the reverse, whichever is stamped later."""
    if (row["status"] in CLOSED) != (status in CLOSED):
        return status in CLOSED
    return at >= row["updated_at"]
