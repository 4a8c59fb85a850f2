"""Intake's use cases: plain functions, dependencies as parameters.

Each one reads the case under a lock (version check too), decides with the rules of ``cases.rules``
and ``clock.rules``, writes the new state and a history line, and publishes its event
through the outbox in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from intake.cases import events, rules
from intake.cases.marks import blank_marks
from intake.cases.rules import Case
from intake.catalogue.rules import ServiceItem
from intake.clock.rules import ClockInputs, inputs_from_history, running_deadline
from intake.refusals import InvalidRequest
from intake.unit_of_work import Context


def accept_case(
    command: dict, ctx: Context, holder_id: str | None = None
) -> tuple[Case, rules.Classification, str]:
    """Register a case at a window and classify it (R-KIND-1..7); returns it, its kind and the code."""
    item = ctx.catalogue.get(command["item_code"])
    found = rules.classify(
        item, command["presented"], command["to_follow"], command.get("return_reason"), command["decision"]
    )
    case, code = _registered(command, item, found, ctx, holder_id)
    ctx.cases.add(case)
    ctx.record(
        case,
        "registered",
        {
            "kind": found.kind,
            "presented": command["presented"],
            "to_follow": command["to_follow"],
            "holder_id": case["holder_id"],
            "first_responder_id": case["staff_id"],  # R-FIRST-1: the actor recorded it for them
        },
    )
    ctx.tx.publish("case_registered", case["case_no"], events.case_registered(case, found.notices_due))
    if found.kind == "returned":
        ctx.record(case, "returned", {"reason": found.return_reason})
        ctx.tx.publish("case_returned", case["case_no"], events.case_returned(case))
    elif found.kind == "supplement":
        ctx.record(case, "supplement_requested", {"missing": list(found.missing), "round": 1})
        data = events.supplement_requested(case, found.notices_due, item.promised_days)
        ctx.tx.publish("supplement_requested", case["case_no"], data)
    else:
        case = _start_clock(ctx, case, item, "accepted", found.notices_due)
    return case, found, code


def _registered(
    command: dict, item: ServiceItem, found: rules.Classification, ctx: Context, holder_id: str | None
) -> tuple[Case, str]:
    """The new case's row as the window registers it, and its verification code."""
    limit = rules.limit_for(item, command["urgent"], command.get("urgent_days"))
    case_no, code = rules.new_case_no(ctx.today), rules.new_verification_code()
    staff = command["first_responder"]
    case = cast(
        Case,
        {
            "case_no": case_no,
            "item_code": item.code,
            "item_name": item.name,
            "department": item.department,
            "kind": found.kind,
            "urgent": command["urgent"],
            "channel": command["channel"],
            "applicant_name": command["applicant_name"],
            "applicant_phone": command["applicant_phone"],
            "applicant_email": command.get("applicant_email"),
            "verification_hash": rules.verification_hash(case_no, code),
            "verification_code": code,  # never in an event: notify reads it to print the receipt
            "window": staff["window"],
            "staff_id": staff["staff_id"],
            "staff_name": staff["name"],
            "staff_phone": staff["phone"],
            "holder_id": holder_id or staff["staff_id"],
            "registered_at": ctx.now,
            "limit_days": limit,
            "missing_materials": list(found.missing),
            "supplement_rounds": int(bool(found.missing)),
            "version": 1,
            **CLOCK_NOT_STARTED,
            **blank_marks(),
            **_state_at_window(found, item, ctx.now),
        },
    )
    return case, code


CLOCK_NOT_STARTED = {
    "deadline": None,
    "deadline_provisional": False,
    "forwarding_deadline": None,
    "extension_days": 0,
}


def _state_at_window(found: rules.Classification, item: ServiceItem, now: datetime) -> dict:
    if found.kind == "returned":
        return {
            "status": "returned",
            "step": rules.STEPS["returned"],
            "outcome": "returned",
            "outcome_reason": found.return_reason,
            "completed_at": now,
            "on_time": True,
        }
    status = "awaiting_supplement" if found.kind == "supplement" else rules.status_after_acceptance(item)
    return {"status": status, "step": rules.STEPS[status]}


def _start_clock(ctx: Context, case: Case, item: ServiceItem, action: str, notices_due: list[str]) -> Case:
    """Materials complete: the clock starts today (R-CLOCK-1, R-CLOCK-3)."""
    due = running_deadline(ctx.calendar, ClockInputs(start=ctx.today, limit_days=case["limit_days"]))
    forwarding = (
        ctx.calendar.add_working_days(ctx.today, item.forwarding_days or 0).date
        if item.kind == "escalated"
        else None
    )
    status = rules.status_after_acceptance(item)
    case = ctx.cases.update(
        case,
        status=status,
        step=rules.STEPS[status],
        accepted_at=ctx.now,
        clock_start=ctx.today,
        deadline=due.date,
        deadline_provisional=due.provisional,
        forwarding_deadline=forwarding,
    )
    ctx.record(case, action, {"limit_days": case["limit_days"], "deadline": due.date.isoformat()})
    ctx.tx.publish("case_accepted", case["case_no"], events.case_accepted(case, item, notices_due))
    return case


def add_supplement(case_no: str, arrived: list[str], ctx: Context) -> Case:
    """Materials arrive later (R-KIND-3); the clock starts the day the last one does (R-CLOCK-3)."""
    case = ctx.cases.get(case_no)
    rules.require_status(case, ("awaiting_supplement",), "补正")
    still_missing = rules.missing_after(case, arrived)
    case = ctx.cases.update(case, missing_materials=still_missing)
    ctx.record(case, "supplement_received", {"arrived": arrived, "still_missing": still_missing})
    ctx.tx.publish("supplement_received", case_no, events.supplement_received(case, arrived))
    if still_missing:
        return case
    item = ctx.catalogue.get(case["item_code"])
    ctx.tx.publish("supplement_completed", case_no, events.supplement_received(case, arrived))
    return _start_clock(ctx, case, item, "supplement_completed", list(rules.NOTICES[item.kind][1:]))


def complete_case(
    case_no: str,
    outcome: str,
    reason: str | None,
    ctx: Context,
    allowed: tuple[str, ...] = ("in_progress",),
    departments_said: dict | None = None,
) -> Case:
    """Approve, or refuse with a written reason; after the deadline it is recorded as late.
    ``departments_said``: a joint case's departments' ``conditions`` and ``reasons`` (R-JOINT-4), or
    an escalated case's deciding ``authority`` and ``authority_reference`` (R-KIND-6), recorded and
    told to the applicant with the decision."""
    case = ctx.cases.get(case_no)
    rules.require_status(case, allowed, "办结")
    if outcome == "refused" and len((reason or "").strip()) < rules.MIN_REASON_CHARS:
        raise InvalidRequest(
            "不予许可须写明理由 (a refusal needs a written reason)",
            {"reason": ["不予许可须写明理由 (a refusal needs a written reason)"]},
        )
    closes = ctx.calendar.closes_at(case["deadline"]) if case["deadline"] else None
    case = ctx.cases.update(
        case,
        status="completed",
        step=rules.STEPS["completed"],
        outcome=outcome,
        outcome_reason=reason,
        completed_at=ctx.now,
        on_time=rules.on_time(ctx.now, closes),
    )
    said = departments_said or {}
    ctx.record(case, "completed", {"outcome": outcome, "reason": reason, "on_time": case["on_time"], **said})
    ctx.tx.publish("case_completed", case_no, {**events.case_completed(case), **said})
    return case


def forward_case(case_no: str, authority: str, ctx: Context) -> Case:
    """An escalated case (R-KIND-6) goes up; after the promised forwarding day it is late. From the
    end of today the higher authority holds it and the hall's clock is stopped (no deadline until
    its answer is recorded); the applicant is owed the forwarding notice."""
    case = ctx.cases.get(case_no)
    rules.require_status(case, ("forwarding",), "上报")
    late = ctx.today > (case["forwarding_deadline"] or ctx.today)  # escalated: always set
    case = ctx.cases.update(
        case,
        status="awaiting_authority",
        step=rules.STEPS["awaiting_authority"],
        authority=authority,
        forwarded_on=ctx.today,
        deadline=None,
        deadline_provisional=False,
    )
    ctx.record(case, "escalated", {"authority": authority, "late": late})
    ctx.tx.publish("case_escalated", case_no, events.case_escalated(case, authority, ctx.today, late))
    return case


def record_authority_answer(case_no: str, answer: dict, ctx: Context) -> Case:
    """The higher authority's answer completes an escalated case; the deadline it is measured by is
    counted again without the days the authority held it (R-KIND-6)."""
    case = ctx.cases.get(case_no)
    rules.require_status(case, ("awaiting_authority",), "记录上级答复")
    ctx.record(
        case,
        "authority_answered",
        {"authority": answer["authority"], "reference": answer["reference"], "outcome": answer["outcome"]},
    )
    due = running_deadline(ctx.calendar, inputs_from_history(ctx.cases.history(case_no)))
    ctx.cases.update(
        case, deadline=due.date, deadline_provisional=due.provisional, authority_answered_on=ctx.today
    )
    said = {"authority": answer["authority"], "authority_reference": answer["reference"]}  # on its notice
    return complete_case(case_no, answer["outcome"], answer.get("reason"), ctx, ("awaiting_authority",), said)
