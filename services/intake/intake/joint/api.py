"""Intake follows a joint review through joint_review's events (R-KIND-5, R-JOINT-4).

Each event is applied once (inbox); the use cases are in ``intake.joint.handlers``.
"""

from __future__ import annotations

from intake.entrypoints import IntakeEntrypoints
from intake.joint import handlers
from intake.unit_of_work import Context
from reliable_events import reliable_event_handler

JOINT_ACTOR = "joint_review"


class JointOutcomes(IntakeEntrypoints):
    """Mixin of the intake service: the joint review's outcome, applied to the case."""

    def _apply(self, event, use_case):
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            use_case(event["data"], Context(tx, self.catalogue, self.calendar, self.clock(), JOINT_ACTOR))

    @reliable_event_handler("joint_review", "supplement_consolidated")
    def handle_supplement_consolidated(self, event):
        self._apply(event, handlers.suspend_for_supplement)

    @reliable_event_handler("joint_review", "round_started")
    def handle_round_started(self, event):
        self._apply(event, handlers.resume_for_round)

    @reliable_event_handler("joint_review", "inspection_started")
    def handle_inspection_started(self, event):
        self._apply(event, handlers.suspend_for_inspection)

    @reliable_event_handler("joint_review", "inspection_ended")
    def handle_inspection_ended(self, event):
        self._apply(event, handlers.resume_after_inspection)

    @reliable_event_handler("joint_review", "review_decided")
    def handle_review_decided(self, event):
        self._apply(event, handlers.close_on_decision)
