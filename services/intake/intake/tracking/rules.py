"""What an applicant sees of their case with the code on the receipt, and their rating (R-RATE-1).

An escalated case shows the higher authority it went to and when (R-KIND-6): from the day after,
until the authority's answer, that time is not counted against the hall (no deadline meanwhile).
The public view names nothing internal: no staff ids, no history actors, no applicant contact.
A wrong code and an unknown case number are the same ``not_found``, so the page never tells a
stranger that a number exists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.cases.rules import Case
from intake.refusals import CaseNotFound, IntakeError
from refusals import Conflict
from workday_calendar import WorkingCalendar

RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")
APPLICANT = "applicant"  # the actor of a rating in the case's history: the applicant, not staff
SHOWS_MISSING = ("awaiting_supplement", "suspended")
PUBLIC_FIELDS = (
    "case_no",
    "item_code",
    "item_name",
    "department",
    "kind",
    "status",
    "step",
    "registered_on",
    "deadline",
    "closes_at",
    "deadline_provisional",
    "missing_materials",
    "outcome",
    "reason",
    "completed_on",
    "rated",
    "authority",
    "forwarded_on",
    "authority_answered_on",
)


class NotCompleted(IntakeError, Conflict):
    code = "not_completed"


class AlreadyRated(IntakeError, Conflict):
    code = "already_rated"


def not_found(case_no: str) -> CaseNotFound:
    return CaseNotFound(
        f"没有受理编号为 {case_no} 且验证码相符的办件 (no case {case_no} with this verification code)"
    )


def public_view(case: Case, calendar: WorkingCalendar, rated: bool) -> dict[str, Any]:
    """The tracking page: status, step, dates and what is still missing; nothing internal."""
    closes = calendar.closes_at(case["deadline"]) if case["deadline"] else None
    closed = case["status"] in ("completed", "returned")
    completed = case["completed_at"]
    return {
        "case_no": case["case_no"],
        "item_code": case["item_code"],
        "item_name": case["item_name"],
        "department": case["department"],
        "kind": case["kind"],
        "status": case["status"],
        "step": case["step"],
        "registered_on": calendar.today(case["registered_at"]).isoformat(),
        "deadline": case["deadline"].isoformat() if case["deadline"] else None,
        "closes_at": closes.isoformat() if closes else None,
        "deadline_provisional": bool(case["deadline_provisional"]),
        "missing_materials": list(case["missing_materials"]) if case["status"] in SHOWS_MISSING else [],
        "outcome": case["outcome"] if closed else None,
        "reason": case["outcome_reason"] if closed and case["outcome"] != "approved" else None,
        "completed_on": calendar.today(completed).isoformat() if completed else None,
        "rated": rated,
        "authority": case.get("authority"),
        "forwarded_on": _day(case.get("forwarded_on")),
        "authority_answered_on": _day(case.get("authority_answered_on")),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
