"""The projection of intake's case events (rules in ``case_events.rules``): one event at a time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from complaints.case_events.rules import Case, CaseFacts, supersedes, went_overdue
from complaints.unit_of_work import UnitOfWork
from reliable_events import as_utc


def facts_of(data: dict[str, Any]) -> CaseFacts:
    """What the projection keeps of a case event's data (never applicant data)."""
    return {
        "item_code": data["item_code"],
        "item_name": data["item_name"],
        "department": data["department"],
        "status": data["status"],
        "deadline": date.fromisoformat(data["deadline"]) if data.get("deadline") else None,
    }


def project(envelope: dict, uow: UnitOfWork) -> None:
    """Apply one intake event (already checked against the inbox) to the projection."""
    data = envelope["data"]
    event_type = envelope["type"].rsplit(".", 1)[-1]
    at = as_utc(datetime.fromisoformat(envelope["time"]))
    assert at is not None  # as_utc is None for None alone
    overdue = went_overdue(event_type, data)
    row = uow.cases.get(data["case_no"])
    facts = facts_of(data)
    window = data.get("window") or (data.get("first_responder") or {}).get("window")
    if row is None:
        uow.cases.add(
            Case(
                case_no=data["case_no"],
                **facts,
                window=window,
                holder_id=data.get("holder_id"),
                went_overdue=overdue,
                updated_at=at,
            )
        )
        return
    values: dict[str, Any] = {"went_overdue": row["went_overdue"] or overdue}
    if supersedes(row, data["status"], at):
        values.update(facts, updated_at=at)
        if window:
            values["window"] = window
        if data.get("holder_id"):
            values["holder_id"] = data["holder_id"]
    uow.cases.save(data["case_no"], **values)
