"""What a case records after its acceptance, beside its clock: the higher authority that holds an
escalated case (R-KIND-6: that time is not counted against the hall) and supervision's decision on
a case left past its limit (R-CLOCK-5). A part of ``cases.rules.Case``; no framework."""

from __future__ import annotations

from datetime import date, datetime
from typing import NotRequired, TypedDict

APPROVE_AS_NORMAL, LEGAL_OBSTACLE = "approve_as_normal", "legal_obstacle"
OVERDUE_DECISIONS = (APPROVE_AS_NORMAL, LEGAL_OBSTACLE)


class CaseMarks(TypedDict):
    """The columns of ``cases`` these rules read and write (null until they happen)."""

    authority: NotRequired[str | None]
    forwarded_on: NotRequired[date | None]
    authority_answered_on: NotRequired[date | None]
    overdue_since: NotRequired[date | None]  # marked by the sweep when the deadline passed
    overdue_decision: NotRequired[str | None]
    overdue_reason: NotRequired[str | None]
    overdue_decided_by: NotRequired[str | None]
    overdue_decided_at: NotRequired[datetime | None]


def blank_marks() -> dict:
    """A new case: nothing forwarded, nothing overdue."""
    return {name: None for name in CaseMarks.__annotations__}
