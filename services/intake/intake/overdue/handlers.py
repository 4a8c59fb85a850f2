"""Supervision's decision on an overdue case (R-CLOCK-5): one use case, ``(command, uow)``."""

from __future__ import annotations

from intake.cases.handlers import complete_case
from intake.cases.marks import APPROVE_AS_NORMAL
from intake.cases.rules import Case
from intake.overdue import events, rules
from intake.unit_of_work import Context


def decide_overdue(case_no: str, command: dict, ctx: Context) -> Case:
    """``{"decision": "approve_as_normal"}`` completes the case as approved (late, the completion
    notice); ``{"decision": "legal_obstacle", "reason": "..."}`` keeps it with the window and
    owes the applicant the overdue explanation notice. Event ``case_overdue_decided`` either way.

    Errors: ``CaseNotFound``; ``TransitionNotAllowed`` (closed, or approving what the hall may not
    approve); ``NotOverdue``; ``AlreadyDecided``.
    """
    case = ctx.cases.get(case_no)
    decision = command["decision"]
    rules.require_decidable(case, decision, ctx.calendar, ctx.now)
    reason = (command.get("reason") or "").strip() or None
    case = ctx.cases.update(
        case,
        overdue_since=rules.overdue_day(case),
        overdue_decision=decision,
        overdue_reason=reason,
        overdue_decided_by=ctx.actor,
        overdue_decided_at=ctx.now,
    )
    ctx.record(case, "overdue_decided", {"decision": decision, "reason": reason})
    day = rules.overdue_day(case)
    closes = ctx.calendar.closes_at(day) if day else None
    late = rules.working_days_late(case, ctx.calendar, ctx.today)
    ctx.tx.publish("case_overdue_decided", case_no, events.case_overdue_decided(case, closes, late))
    if decision == APPROVE_AS_NORMAL:
        case = complete_case(case_no, "approved", None, ctx, rules.HALL_APPROVES)
    return case
