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

from sqlalchemy import select

from complaints.complaint_repository import aware, utc
from complaints.complaint_tables import intake_cases

CLOSED = ("completed", "returned")
CONSUMED = (
    "case_registered",
    "case_accepted",
    "case_returned",
    "case_extended",
    "case_overdue",
    "case_completed",
)


def went_overdue(event_type: str, data: dict) -> bool:
    return event_type == "case_overdue" or (event_type == "case_completed" and data.get("on_time") is False)


def supersedes(row: dict, status: str, at: datetime) -> bool:
    """Whether an event of ``at`` saying ``status`` replaces what the projection holds: a closed
    fact replaces an open one and never the reverse, whichever is stamped later."""
    if (row["status"] in CLOSED) != (status in CLOSED):
        return status in CLOSED
    return at >= aware(row["updated_at"])


def project(connection, envelope: dict) -> None:
    """Apply one intake event (already checked against the inbox)."""
    data = envelope["data"]
    event_type = envelope["type"].rsplit(".", 1)[-1]
    at = utc(datetime.fromisoformat(envelope["time"]))
    overdue = went_overdue(event_type, data)
    row = (
        connection.execute(select(intake_cases).where(intake_cases.c.case_no == data["case_no"]))
        .mappings()
        .first()
    )
    facts = {
        "item_code": data["item_code"],
        "item_name": data["item_name"],
        "department": data["department"],
        "status": data["status"],
        "deadline": date.fromisoformat(data["deadline"]) if data.get("deadline") else None,
    }
    window = data.get("window") or (data.get("first_responder") or {}).get("window")
    if row is None:
        connection.execute(
            intake_cases.insert().values(
                case_no=data["case_no"],
                **facts,
                window=window,
                holder_id=data.get("holder_id"),
                went_overdue=overdue,
                updated_at=at,
            )
        )
        return
    values = {"went_overdue": row["went_overdue"] or overdue}
    if supersedes(row, data["status"], at):
        values.update(facts, updated_at=at)
        if window:
            values["window"] = window
        if data.get("holder_id"):
            values["holder_id"] = data["holder_id"]
    connection.execute(
        intake_cases.update().where(intake_cases.c.case_no == data["case_no"]).values(**values)
    )
