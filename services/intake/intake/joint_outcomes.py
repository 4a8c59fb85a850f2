"""Intake follows a joint review through joint_review's events (R-KIND-5, R-JOINT-4).

- ``supplement_consolidated``: the departments want materials; the whole case's clock stops
  (status ``suspended``, the ONE consolidated notice is joint_review's and notify's work);
- ``round_started``: the second round (二次程序) runs; the clock resumes;
- ``review_decided``: the lead window decided; intake closes the case with that outcome.

Each event is applied once (inbox); an event about a case intake does not know raises, so it is
retried and then dead-lettered with its reason, never dropped.
"""

from __future__ import annotations

from intake import case as rules
from intake import clock, clock_events, handlers, repository
from reliable_events import reliable_event_handler

JOINT_ACTOR = "joint_review"


def suspend_for_supplement(data: dict, ctx: handlers.Context) -> None:
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] != "in_joint_review":
        return  # already suspended for this round, or closed: nothing to do
    materials = [entry["name"] for entry in data["materials"]]
    case = repository.update_case(ctx.connection, case, status="suspended", step=rules.STEPS["suspended"],
                                  suspended_since=ctx.today, deadline=None, missing_materials=materials)
    ctx.record(case, "suspended", {"reason_kind": "joint_supplement", "previous_status": "in_joint_review",
                                   "round": data["round"], "materials": materials})
    data = clock_events.case_suspended(case, "in_joint_review", "joint_supplement",
                                       "联合审查补正材料 (the joint review asked for materials)")
    ctx.tx.publish("case_suspended", case["case_no"], {**data, "notices_due": []})


def resume_for_round(data: dict, ctx: handlers.Context) -> None:
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] != "suspended":
        return
    ctx.record(case, "resumed", {"round": data["round"]})
    due = clock.deadline(ctx.calendar, clock.inputs_from_history(repository.history(ctx.connection,
                                                                                     case["case_no"])))
    suspended_since = case["suspended_since"]
    case = repository.update_case(ctx.connection, case, status="in_joint_review",
                                  step=rules.STEPS["in_joint_review"], suspended_since=None,
                                  missing_materials=[], deadline=due.date if due else None,
                                  deadline_provisional=bool(due and due.provisional))
    resumed = clock_events.case_resumed(case, suspended_since, ctx.today)
    ctx.tx.publish("case_resumed", case["case_no"], resumed)


def close_on_decision(data: dict, ctx: handlers.Context) -> None:
    case = repository.get_case(ctx.connection, data["case_no"])
    if case["status"] == "completed":
        return
    reasons = "；".join(f"{entry['department']}: {entry['reason']}" for entry in data.get("reasons", []))
    handlers.complete_case(case["case_no"], data["decision"], reasons or None, ctx,
                           ("in_joint_review", "suspended"))


class JointOutcomes:
    """Mixin of the intake service: the joint review's outcome, applied to the case."""

    def _apply(self, event, use_case):
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            use_case(event["data"], handlers.Context(tx, self.catalogue, self.calendar, self.clock(),
                                                     JOINT_ACTOR))

    @reliable_event_handler("joint_review", "supplement_consolidated")
    def handle_supplement_consolidated(self, event):
        self._apply(event, suspend_for_supplement)

    @reliable_event_handler("joint_review", "round_started")
    def handle_round_started(self, event):
        self._apply(event, resume_for_round)

    @reliable_event_handler("joint_review", "review_decided")
    def handle_review_decided(self, event):
        self._apply(event, close_on_decision)
