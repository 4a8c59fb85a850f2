"""Intake follows a joint review through joint_review's events (R-KIND-5, R-JOINT-4).

- ``supplement_consolidated``: the departments want materials; the whole case's clock stops
  (status ``suspended``, the ONE consolidated notice is joint_review's and notify's work);
- ``round_started``: the second round (二次程序) runs; the clock resumes;
- ``inspection_started`` / ``inspection_ended``: a joint site inspection is off the clock;
- ``review_decided``: the lead window decided; intake closes the case with that outcome.

Each event is applied once (inbox); an event about a case intake does not know raises, so it is
retried and then dead-lettered with its reason, never dropped.
"""

from __future__ import annotations

from datetime import date

from intake import case as rules
from intake import clock, clock_events, handlers, repository
from reliable_events import reliable_event_handler

JOINT_ACTOR = "joint_review"


def _suspend(
    ctx: handlers.Context,
    case: dict,
    on_date: date,
    reason_kind: str,
    reason: str,
    notices: list[str],
    **details,
) -> None:
    materials = details.get("materials", [])
    case = repository.update_case(
        ctx.connection,
        case,
        status="suspended",
        step=rules.STEPS["suspended"],
        suspended_since=on_date,
        deadline=None,
        missing_materials=materials,
    )
    repository.record(
        ctx.connection,
        case["case_no"],
        "suspended",
        ctx.now,
        on_date,
        ctx.actor,
        {"reason_kind": reason_kind, "previous_status": "in_joint_review", **details},
    )
    data = clock_events.case_suspended(case, "in_joint_review", reason_kind, reason)
    ctx.tx.publish("case_suspended", case["case_no"], {**data, "notices_due": notices})


def _resume(ctx: handlers.Context, case: dict, on_date: date, **details) -> None:
    repository.record(ctx.connection, case["case_no"], "resumed", ctx.now, on_date, ctx.actor, details)
    due = clock.deadline(
        ctx.calendar, clock.inputs_from_history(repository.history(ctx.connection, case["case_no"]))
    )
    suspended_since = case["suspended_since"]
    case = repository.update_case(
        ctx.connection,
        case,
        status="in_joint_review",
        step=rules.STEPS["in_joint_review"],
        suspended_since=None,
        missing_materials=[],
        deadline=due.date if due else None,
        deadline_provisional=bool(due and due.provisional),
    )
    ctx.tx.publish("case_resumed", case["case_no"], clock_events.case_resumed(case, suspended_since, on_date))


def suspend_for_supplement(data: dict, ctx: handlers.Context) -> None:
    """The whole case's clock stops while the applicant gathers the consolidated materials."""
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] != "in_joint_review":
        return  # already suspended for this round, or closed: nothing to do
    _suspend(
        ctx,
        case,
        ctx.today,
        "joint_supplement",
        "联合审查补正材料 (the joint review asked for materials)",
        [],
        round=data["round"],
        materials=[entry["name"] for entry in data["materials"]],
    )


def resume_for_round(data: dict, ctx: handlers.Context) -> None:
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] != "suspended":
        return
    _resume(ctx, case, ctx.today, round=data["round"])


def suspend_for_inspection(data: dict, ctx: handlers.Context) -> None:
    """R-JOINT-5 / R-CLOCK-2: a joint site inspection is off the clock; the applicant is told in
    writing (the suspension notice). The site is not repeated: it may be the applicant's address."""
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] != "in_joint_review":
        return
    _suspend(
        ctx,
        case,
        date.fromisoformat(data["starts_on"]),
        "site_inspection",
        "联合踏勘，踏勘期间不计入办理时限 (joint site inspection: off the clock)",
        ["suspension"],
        inspection_id=data["inspection_id"],
    )


def resume_after_inspection(data: dict, ctx: handlers.Context) -> None:
    case = repository.get_case(ctx.connection, data["case_no"])
    last = [
        line for line in repository.history(ctx.connection, case["case_no"]) if line["action"] == "suspended"
    ]
    if (
        case["status"] != "suspended"
        or not last
        or last[-1]["details"].get("reason_kind") != "site_inspection"
    ):
        return
    _resume(ctx, case, date.fromisoformat(data["ends_on"]), inspection_id=data["inspection_id"])


def close_on_decision(data: dict, ctx: handlers.Context) -> None:
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] == "completed":
        return
    reasons = "；".join(f"{entry['department']}: {entry['reason']}" for entry in data.get("reasons", []))
    handlers.complete_case(
        case["case_no"], data["decision"], reasons or None, ctx, ("in_joint_review", "suspended")
    )


class JointOutcomes:
    """Mixin of the intake service: the joint review's outcome, applied to the case."""

    def _apply(self, event, use_case):
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            use_case(
                event["data"], handlers.Context(tx, self.catalogue, self.calendar, self.clock(), JOINT_ACTOR)
            )

    @reliable_event_handler("joint_review", "supplement_consolidated")
    def handle_supplement_consolidated(self, event):
        self._apply(event, suspend_for_supplement)

    @reliable_event_handler("joint_review", "round_started")
    def handle_round_started(self, event):
        self._apply(event, resume_for_round)

    @reliable_event_handler("joint_review", "inspection_started")
    def handle_inspection_started(self, event):
        self._apply(event, suspend_for_inspection)

    @reliable_event_handler("joint_review", "inspection_ended")
    def handle_inspection_ended(self, event):
        self._apply(event, resume_after_inspection)

    @reliable_event_handler("joint_review", "review_decided")
    def handle_review_decided(self, event):
        self._apply(event, close_on_decision)
