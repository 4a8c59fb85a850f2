"""The clock's use cases: suspension and resumption (R-CLOCK-2), extension (R-CLOCK-4).

Each reads the case under a lock, decides, writes the case and a history line, and publishes its
event in the same transaction. The deadline is always recomputed from the history (``clock.rules``), so
what the history says and what the case says cannot drift. The timer's sweep (R-CLOCK-5) and the
year schedules live in ``clock.alerts`` and ``clock.years``.
"""

from __future__ import annotations

from datetime import date

from intake.cases.rules import CLOCK_RUNNING, STEPS, Case
from intake.clock import events, rules
from intake.refusals import IntakeError, InvalidRequest, TransitionNotAllowed
from intake.unit_of_work import Context
from refusals import Conflict
from workday_calendar import Deadline


class ExtensionTooLate(IntakeError, Conflict):
    """R-CLOCK-4: the applicant must be told at least 1 working day before the deadline."""

    code = "extension_too_late"


def _require(case: Case, allowed: tuple[str, ...], doing: str, doing_en: str) -> None:
    if case["status"] not in allowed:
        raise TransitionNotAllowed(
            f"办件 {case['case_no']} 当前状态为 {case['status']}，不能{doing} "
            f"(the case is {case['status']}: it cannot be {doing_en})",
            {"status": [case["status"]], "allowed_from": list(allowed)},
        )


def deadline_from_history(ctx: Context, case_no: str, more_days: int = 0) -> Deadline | None:
    """The deadline as the case's history (plus ``more_days`` of extension) makes it."""
    return rules.deadline(ctx.calendar, _inputs(ctx, case_no, more_days))


def running_deadline_from_history(ctx: Context, case_no: str, more_days: int = 0) -> Deadline:
    """The same, for a clock that runs (resumed, extended)."""
    return rules.running_deadline(ctx.calendar, _inputs(ctx, case_no, more_days))


def _inputs(ctx: Context, case_no: str, more_days: int) -> rules.ClockInputs:
    inputs = rules.inputs_from_history(ctx.cases.history(case_no))
    inputs.extension_days += more_days
    return inputs


def suspend_case(case_no: str, command: dict, ctx: Context) -> Case:
    """R-CLOCK-2: ``{"reason_kind": "expert_review", "reason": "...", "expected_working_days": 10}``
    stops the clock today; the expected resumption is that many working days after today.

    Errors: ``CaseNotFound``; ``TransitionNotAllowed`` unless the clock runs (a closed, suspended
    or supplement case).
    """
    case = ctx.cases.get(case_no)
    _require(case, CLOCK_RUNNING, "中止计时", "suspended")
    previous = case["status"]
    expected = _expected(ctx, command["expected_working_days"])
    case = ctx.cases.update(
        case,
        status="suspended",
        step=STEPS["suspended"],
        suspended_since=ctx.today,
        deadline=None,
        deadline_provisional=False,
    )
    ctx.record(
        case,
        "suspended",
        {
            "previous_status": previous,
            "reason_kind": command["reason_kind"],
            "reason": command["reason"],
            **expected,
        },
    )
    ctx.tx.publish(
        "case_suspended",
        case_no,
        events.case_suspended(case, previous, command["reason_kind"], command["reason"], expected),
    )
    return case


def _expected(ctx: Context, working_days: int) -> dict:
    """The expected duration and the working day the clock is expected to run again."""
    resumption = ctx.calendar.add_working_days(ctx.today, working_days).date
    return {"expected_working_days": working_days, "expected_resumption": resumption.isoformat()}


def resume_case(case_no: str, ctx: Context) -> Case:
    """The clock runs again: back to the status before, with the deadline pushed by the days off;
    the applicant is owed the resumption notice with the new deadline (R-CLOCK-2).

    Errors: ``CaseNotFound``; ``TransitionNotAllowed`` unless the case is suspended.
    """
    case = ctx.cases.get(case_no)
    _require(case, ("suspended",), "恢复计时", "resumed")
    previous = _status_before_suspension(ctx, case_no)
    ctx.record(case, "resumed", {"status": previous})
    due = running_deadline_from_history(ctx, case_no)
    since = case.get("suspended_since") or ctx.today  # a suspended case: always set
    case = ctx.cases.update(
        case,
        status=previous,
        step=STEPS[previous],
        suspended_since=None,
        deadline=due.date,
        deadline_provisional=due.provisional,
    )
    ctx.tx.publish("case_resumed", case_no, events.case_resumed(case, since, ctx.today, ("resumption",)))
    return case


def _status_before_suspension(ctx: Context, case_no: str) -> str:
    suspensions = [entry for entry in ctx.cases.history(case_no) if entry["action"] == "suspended"]
    return (suspensions[-1]["details"] or {}).get("previous_status", "in_progress")


def extend_case(case_no: str, command: dict, ctx: Context) -> Case:
    """R-CLOCK-4: ``{"days": 3, "reason": "..."}`` approved by the window head (``ctx.actor``).

    Errors: ``CaseNotFound``; ``TransitionNotAllowed`` unless the clock runs; ``InvalidRequest``
    when the limit with every extension would pass the item's legal limit; ``ExtensionTooLate``
    unless today is at least 1 working day before the deadline.
    """
    case = ctx.cases.get(case_no)
    _require(case, CLOCK_RUNNING, "延期", "extended")
    _require_within_legal_limit(case, command["days"], ctx.catalogue.get(case["item_code"]).legal_days)
    previous = _require_notice_in_time(ctx, case)
    due = running_deadline_from_history(ctx, case_no, command["days"])
    case = ctx.cases.update(
        case,
        extension_days=case["extension_days"] + command["days"],
        deadline=due.date,
        deadline_provisional=due.provisional,
    )
    ctx.record(
        case,
        "extended",
        {
            "days": command["days"],
            "reason": command["reason"],
            "approved_by": ctx.actor,
            "previous_deadline": previous.isoformat(),
            "deadline": due.date.isoformat(),
        },
    )
    ctx.tx.publish(
        "case_extended",
        case_no,
        events.case_extended(case, command["days"], command["reason"], ctx.actor, previous),
    )
    return case


def _require_within_legal_limit(case: Case, days: int, legal_days: int) -> None:
    """R-CLOCK-4: the limit with every extension stays within the item's legal limit."""
    if case["limit_days"] + case["extension_days"] + days > legal_days:
        raise InvalidRequest(
            "延期超过法定时限 (the extension passes the legal limit)",
            {
                "days": [
                    f"承诺时限 {case['limit_days']} + 已延期 {case['extension_days']} + "
                    f"{days} 个工作日超过法定时限 {legal_days} 个工作日 "
                    f"(the limit with its extensions would exceed the legal limit of {legal_days} "
                    f"working days)"
                ]
            },
        )


def _require_notice_in_time(ctx: Context, case: Case) -> date:
    """The running deadline, unless it is too late to tell the applicant of an extension."""
    deadline = case["deadline"]
    if deadline is None:
        raise TransitionNotAllowed(
            f"办件 {case['case_no']} 没有计时中的期限 (the case has no running deadline to extend)"
        )
    if deadline < ctx.today or ctx.calendar.working_days_between(ctx.today, deadline) < 1:
        raise ExtensionTooLate(
            f"延期须在期限 {deadline.isoformat()} 前至少 1 个工作日告知申请人 (R-CLOCK-4: an extension "
            f"must be notified at least 1 working day before the deadline)",
            {"deadline": [deadline.isoformat()], "today": [ctx.today.isoformat()]},
        )
    return deadline
