"""R-CLOCK-5: "a case left unanswered past its limit without a justified reason is handled as
normal, unless that would break the law". No framework.

The sweep marks a case overdue (``overdue_since``: the day at whose 17:00 its deadline passed);
supervision then decides once: ``approve_as_normal`` (the case is completed as approved, late) or
``legal_obstacle`` with its reason (the case stays with the window; the applicant is told why it
is late). Only the hall's own approvals can be handled as normal: a case with or for the higher
authority (R-KIND-6) or stopped for a statutory procedure (R-CLOCK-2) cannot.
"""

from __future__ import annotations

from datetime import date, datetime

from intake.cases.marks import APPROVE_AS_NORMAL
from intake.cases.rules import OPEN, Case
from intake.refusals import IntakeError, TransitionNotAllowed
from refusals import Conflict
from workday_calendar import OVERDUE, WorkingCalendar, deadline_alert

HALL_APPROVES = ("in_progress", "in_joint_review")  # where approve_as_normal may complete a case


class NotOverdue(IntakeError, Conflict):
    code = "not_overdue"


class AlreadyDecided(IntakeError, Conflict):
    code = "overdue_already_decided"


def is_overdue(case: Case, calendar: WorkingCalendar, now: datetime) -> bool:
    """Marked by the sweep, or past 17:00 of its deadline before the sweep came by."""
    if case.get("overdue_since") is not None:
        return True
    return case["deadline"] is not None and deadline_alert(calendar, case["deadline"], now) == OVERDUE


def overdue_day(case: Case) -> date | None:
    """The day whose 17:00 the case passed: its mark, else its running deadline."""
    return case.get("overdue_since") or case["deadline"]


def require_decidable(case: Case, decision: str, calendar: WorkingCalendar, now: datetime) -> None:
    """409 unless the case is open, overdue, undecided, and (to approve) the hall's to approve."""
    number = case["case_no"]
    if case["status"] not in OPEN:
        raise TransitionNotAllowed(
            f"办件 {number} 已办结或退回，不能作逾期处理决定 (the case is closed: no overdue decision)",
            {"status": [case["status"]]},
        )
    if case.get("overdue_decision"):
        raise AlreadyDecided(
            f"办件 {number} 已有逾期处理决定 (supervision already decided: {case['overdue_decision']})",
            {"overdue_decision": [str(case["overdue_decision"])]},
        )
    if not is_overdue(case, calendar, now):
        raise NotOverdue(
            f"办件 {number} 未超过办结期限，不能作逾期处理决定 (the case is not past its limit)",
            {"deadline": [case["deadline"].isoformat() if case["deadline"] else "none"]},
        )
    if decision == APPROVE_AS_NORMAL and case["status"] not in HALL_APPROVES:
        raise TransitionNotAllowed(
            f"办件 {number} 当前状态为 {case['status']}，按正常办结将违反法定程序，只能记录法律障碍 "
            f"(approving it as normal would break the law: record legal_obstacle)",
            {"status": [case["status"]], "allowed_from": list(HALL_APPROVES)},
        )


def working_days_late(case: Case, calendar: WorkingCalendar, today: date) -> int:
    """Working days after the day it passed, up to today (0 on that day)."""
    day = overdue_day(case)
    return calendar.working_days_between(day, today) if day is not None and today > day else 0
