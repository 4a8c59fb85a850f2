"""The data of the clock's public events (schemas in contracts/hall_contracts/schemas/intake/).

Like every case event they start with ``events.case_facts``; no applicant name or phone.
"""

from __future__ import annotations

from datetime import date, datetime

from intake.cases.events import case_facts
from intake.cases.rules import Case


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def case_suspended(
    case: Case, previous_status: str, reason_kind: str, reason: str, expected: dict | None = None
) -> dict:
    """R-CLOCK-2: the clock stops; the applicant is told in writing (the suspension notice).

    ``expected``: ``{"expected_working_days": 10, "expected_resumption": "2026-12-08"}`` when
    the window gave the expected duration (a joint review's suspension has none)."""
    return {
        **case_facts(case),
        "previous_status": previous_status,
        "reason_kind": reason_kind,
        "reason": reason,
        "suspended_since": _day(case["suspended_since"]),
        **(expected or {}),
        "notices_due": ["suspension"],
    }


def case_resumed(
    case: Case, suspended_since: date, resumed_on: date, notices_due: tuple[str, ...] = ()
) -> dict:
    """The clock runs again; ``deadline`` is the new one (the suspended days did not count).
    A window's resumption owes the applicant the resumption notice (R-CLOCK-2)."""
    return {
        **case_facts(case),
        "suspended_since": _day(suspended_since),
        "resumed_on": _day(resumed_on),
        "notices_due": list(notices_due),
    }


def case_extended(case: Case, days: int, reason: str, approved_by: str, previous: date) -> dict:
    """R-CLOCK-4: the window head approved; the applicant gets the extension notice."""
    return {
        **case_facts(case),
        "days": days,
        "reason": reason,
        "approved_by": approved_by,
        "previous_deadline": _day(previous),
        "extension_days": case["extension_days"],
        "notices_due": ["extension"],
    }


def case_alert(
    case: Case,
    closes_at: datetime,
    working_days_left: int,
    deadline_kind: str = "case",
    holder_name: str | None = None,
) -> dict:
    """``case_due_soon`` and ``case_overdue`` (R-CLOCK-5): who holds it and who answers for it,
    by id and by name (the reminder and the report name people, not ids; no phone).
    ``deadline_kind`` ``forwarding``: the alert is for an escalated case's promised forwarding day
    (R-KIND-6, ``closes_at`` and ``working_days_left`` are of ``forwarding_deadline``)."""
    return {
        **case_facts(case),
        "closes_at": closes_at.isoformat(),
        "working_days_left": working_days_left,
        "holder_id": case["holder_id"],
        **({"holder_name": holder_name} if holder_name else {}),
        "first_responder_id": case["staff_id"],
        "first_responder_name": case["staff_name"],
        "window": case["window"],
        "deadline_kind": deadline_kind,
        "forwarding_deadline": _day(case["forwarding_deadline"]),
    }


def case_deadline_recomputed(case: Case, previous: date | None, previous_provisional: bool) -> dict:
    """A year's official schedule was loaded: the provisional deadline is counted again."""
    return {
        **case_facts(case),
        "previous_deadline": _day(previous),
        "previous_provisional": previous_provisional,
        "provisional": bool(case["deadline_provisional"]),
    }
