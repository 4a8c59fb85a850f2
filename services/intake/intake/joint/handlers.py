"""Intake follows a joint review through joint_review's events (R-KIND-5, R-JOINT-4).

- ``supplement_consolidated``: the departments want materials; the whole case's clock stops
  (status ``suspended``, the ONE consolidated notice is joint_review's and notify's work);
- ``round_started``: the second round (二次程序) runs; the clock resumes;
- ``inspection_started`` / ``inspection_ended``: a joint site inspection is off the clock;
- ``review_decided``: the lead window decided; intake closes the case with that outcome.

Arrival order is not event order: each type has its own queue and a retried message comes back
after a delay, so an inspection's end can arrive before its start, a round's start before the
supplement it ends. The handlers therefore commute instead of waiting for a sequence: each
start/end is recorded as one edge of a suspension interval named by its source
(``inspection:<id>``, ``joint_supplement:<round>``: both ends carry what names it) on the day the
event says (not the day it arrived), and the case's status, deadline and missing materials are
derived from every interval recorded so far (``rules.inputs_from_history`` pairs the edges by
source). End-then-start thus leaves the case exactly as start-then-end does. A per-subject
sequence with park-and-wait would need a sequence on every producer, a parking table and a
release path for a gap that never fills (a dead-lettered event would block the case for good);
commuting rules need none of that. A decision is final: once the case is closed, a late start or
end changes nothing.

Each event is applied once (inbox); an event about a case intake does not know raises, so it is
retried and then dead-lettered with its reason, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hall_contracts.departments import department_name
from intake.cases.handlers import complete_case
from intake.cases.rules import STEPS, Case
from intake.clock import events, rules
from intake.unit_of_work import Context

FOLLOWS = ("in_joint_review", "suspended")  # a closed case no longer follows the review
REASONS = {  # reason_kind -> (the reason the applicant reads, the notices intake's event asks for)
    "joint_supplement": ("联合审查补正材料 (the joint review asked for materials)", []),
    "site_inspection": (
        "联合踏勘，踏勘期间不计入办理时限 (joint site inspection: off the clock)",
        ["suspension"],
    ),
}


@dataclass(frozen=True)
class Edge:
    """One end of a suspension interval, as a joint_review event tells it."""

    action: str  # "suspended" | "resumed", as in the case's history
    source: str
    day: date
    details: dict


def _hall_day(ctx: Context, stamp: str) -> date:
    return ctx.calendar.today(datetime.fromisoformat(stamp))


def supplement_edge(data: dict, ctx: Context) -> Edge:
    """The whole case's clock stops the day the departments asked for materials."""
    details = {
        "reason_kind": "joint_supplement",
        "previous_status": "in_joint_review",
        "round": data["round"],
        "materials": [entry["name"] for entry in data["materials"]],
    }
    return Edge(
        "suspended", f"joint_supplement:{data['round']}", _hall_day(ctx, data["consolidated_at"]), details
    )


def round_edge(data: dict, ctx: Context) -> Edge:
    """Round n starts once the applicant brought what round n-1 asked for."""
    return Edge(
        "resumed",
        f"joint_supplement:{data['round'] - 1}",
        _hall_day(ctx, data["started_at"]),
        {"round": data["round"]},
    )


def inspection_start_edge(data: dict, ctx: Context) -> Edge:
    """R-JOINT-5 / R-CLOCK-2: a joint site inspection is off the clock; the applicant is told in
    writing (the suspension notice, with the expected duration when the event gives it, and the
    resumption notice with the new deadline when it ends). The site is not repeated: it may be the
    applicant's address."""
    details = {
        "reason_kind": "site_inspection",
        "previous_status": "in_joint_review",
        "inspection_id": data["inspection_id"],
    }
    if data.get("expected_working_days"):  # optional in v1: the lead window's expected duration
        details["expected_working_days"] = data["expected_working_days"]
    return Edge(
        "suspended", f"inspection:{data['inspection_id']}", date.fromisoformat(data["starts_on"]), details
    )


def inspection_end_edge(data: dict, ctx: Context) -> Edge:
    return Edge(
        "resumed",
        f"inspection:{data['inspection_id']}",
        date.fromisoformat(data["ends_on"]),
        {"inspection_id": data["inspection_id"]},
    )


def apply_edge(ctx: Context, case_no: str, edge: Edge) -> None:
    """Record the edge and settle the case on every interval known; publish what changed.

    ``case_suspended`` goes out for every suspension that starts (its notice is owed whichever
    way it arrived), ``case_resumed`` whenever the clock runs again after it.
    """
    case = ctx.cases.get(case_no)
    if case["status"] not in FOLLOWS:
        return  # decided: a late start or end cannot reopen the clock
    history = ctx.cases.history(case_no)
    if any(
        line["action"] == edge.action and rules.source_of(line["details"] or {}) == edge.source
        for line in history
    ):
        return  # the same edge told twice
    before = rules.inputs_from_history(history)
    details = {"source": edge.source, **edge.details}
    ctx.cases.record(case_no, edge.action, ctx.now, edge.day, ctx.actor, details)
    history.append({"action": edge.action, "on_date": edge.day, "details": details})
    after = rules.inputs_from_history(history)
    settled = _settle(ctx, case, after, history)
    if edge.action == "suspended":
        _tell_suspended(ctx, settled, edge)
    if not after.suspended and (before.suspended or edge.action == "suspended"):
        interval = next(s for s in after.suspensions if s.source == edge.source)
        since = case["suspended_since"] or interval.since
        resumed_on = interval.until or edge.day  # the clock runs: this interval is closed
        owed = _resumption_owed(after, since)
        ctx.tx.publish("case_resumed", case_no, events.case_resumed(settled, since, resumed_on, owed))


def _resumption_owed(inputs: rules.ClockInputs, since: date) -> tuple[str, ...]:
    """R-CLOCK-2: the applicant, told a site inspection stopped the clock, is told in writing when
    it runs again, with the new deadline: when an inspection was among the intervals that kept the
    case suspended since ``since``. A supplement round's end owes nothing more (the applicant
    brought the materials; the consolidated notice told them)."""
    kept = [s for s in inputs.suspensions if s.until is not None and s.until >= since]
    return ("resumption",) if any((s.source or "").startswith("inspection:") for s in kept) else ()


def _settle(ctx: Context, case: Case, inputs: rules.ClockInputs, history: list[dict]) -> Case:
    """The case as its intervals make it: suspended while any is open, else running to its deadline."""
    if inputs.suspended:
        return ctx.cases.update(
            case,
            status="suspended",
            step=STEPS["suspended"],
            suspended_since=min(s.since for s in inputs.suspensions if s.until is None),
            deadline=None,
            deadline_provisional=False,
            missing_materials=_still_wanted(history, inputs),
        )
    due = rules.deadline(ctx.calendar, inputs)
    return ctx.cases.update(
        case,
        status="in_joint_review",
        step=STEPS["in_joint_review"],
        suspended_since=None,
        missing_materials=[],
        deadline=due.date if due else None,
        deadline_provisional=bool(due and due.provisional),
    )


def _still_wanted(history: list[dict], inputs: rules.ClockInputs) -> list[str]:
    """The materials of the supplement rounds still open (none once their round started)."""
    wanted = inputs.open_sources
    return [
        name
        for line in history
        if line["action"] == "suspended" and rules.source_of(line["details"] or {}) in wanted
        for name in (line["details"] or {}).get("materials", [])
    ]


def _tell_suspended(ctx: Context, case: Case, edge: Edge) -> None:
    """The suspension as it began, even when its end was recorded first."""
    kind = edge.details["reason_kind"]
    reason, notices = REASONS[kind]
    as_begun: Case = {
        **case,
        "status": "suspended",
        "suspended_since": edge.day,
        "deadline": None,
        "deadline_provisional": False,
    }
    data = events.case_suspended(as_begun, "in_joint_review", kind, reason, _expected(ctx, edge))
    ctx.tx.publish("case_suspended", case["case_no"], {**data, "notices_due": notices})


def _expected(ctx: Context, edge: Edge) -> dict | None:
    """The inspection's expected duration and the working day the clock is expected to run again,
    counted from the day it began (as a window's suspension counts from its day)."""
    days = edge.details.get("expected_working_days")
    if not days:
        return None
    resumption = ctx.calendar.add_working_days(edge.day, days).date
    return {"expected_working_days": days, "expected_resumption": resumption.isoformat()}


def close_on_decision(data: dict, ctx: Context) -> None:
    """R-JOINT-4: the lead's one decision closes the case; a refusal's reason names each refusing
    department by name (自然资源局：…), and the applicant's notice keeps every department's
    conditions and reasons (``case_completed``'s ``conditions`` and ``reasons``)."""
    case = ctx.cases.get(data["case_no"])
    if case["status"] == "completed":
        return
    said = {"conditions": data.get("conditions", []), "reasons": data.get("reasons", [])}
    reason = "；".join(f"{department_name(e['department'])}：{e['reason']}" for e in said["reasons"])
    complete_case(case["case_no"], data["decision"], reason or None, ctx, FOLLOWS, said)


def following(edge_of):
    """A use case that applies the edge ``edge_of(data, ctx)`` reads from an event."""

    def use_case(data: dict, ctx: Context) -> None:
        apply_edge(ctx, data["case_no"], edge_of(data, ctx))

    return use_case


suspend_for_supplement = following(supplement_edge)
resume_for_round = following(round_edge)
suspend_for_inspection = following(inspection_start_edge)
resume_after_inspection = following(inspection_end_edge)
