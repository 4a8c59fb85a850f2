"""The data of ``case_overdue_decided`` (R-CLOCK-5; schema in contracts/hall_contracts/schemas/intake/)."""

from __future__ import annotations

from datetime import datetime

from intake.cases.events import applicant_ref, case_facts
from intake.cases.marks import LEGAL_OBSTACLE
from intake.cases.rules import Case


def case_overdue_decided(case: Case, closes_at: datetime | None, working_days_late: int) -> dict:
    """Supervision decided on a case past its limit; a legal obstacle owes the applicant the
    overdue explanation notice (the delay and why); an approval is followed by ``case_completed``."""
    since = case.get("overdue_since")
    decided_at = case.get("overdue_decided_at")
    return {
        **case_facts(case),
        "decision": case.get("overdue_decision"),
        "reason": case.get("overdue_reason"),
        "decided_by": case.get("overdue_decided_by"),
        "decided_at": decided_at.isoformat() if decided_at else None,
        "overdue_since": since.isoformat() if since else None,
        "closes_at": closes_at.isoformat() if closes_at else None,
        "working_days_late": working_days_late,
        "applicant_ref": applicant_ref(case),
        "notices_due": ["overdue_explanation"] if case.get("overdue_decision") == LEGAL_OBSTACLE else [],
    }
