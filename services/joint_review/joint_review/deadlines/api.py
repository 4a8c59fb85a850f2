"""The deadline sweep on a timer and on an operator's request; business gauges at each scrape."""

from __future__ import annotations

import logging

from joint_review import metrics
from joint_review.deadlines import handlers, rules
from joint_review.deadlines.schemas import SweepResultSchema
from joint_review.entrypoints import Entrypoints
from joint_review.reviewers.handlers import hand_over_absent
from reliable_events import configured_timer
from web_api import api, json_response
from web_api.openapi import Route

log = logging.getLogger(__name__)

SWEEP_SECONDS_KEY = "SWEEP_SECONDS"
DEFAULT_SWEEP_SECONDS = 60
SILENCE_CONSENT_ITEMS_KEY = "SILENCE_CONSENT_ITEMS"


class DeadlinesApi(Entrypoints):
    """The deadline sweep (timer and operators' request) and the business gauges."""

    def sweep_now(self) -> dict:
        """Alerts due now, then the hand-over of tasks held by reviewers whose leave started today."""
        silence = rules.silence_items(self.config.get(SILENCE_CONSENT_ITEMS_KEY))
        now = self.clock()  # one moment for the whole sweep
        raised = handlers.sweep({"silence_items": silence}, lambda: self.unit_of_work(handlers.SWEEPER, now))
        with self.unit_of_work("system") as uow:
            moved = hand_over_absent(uow)
        return {**raised, "reassigned": len(moved)}

    @configured_timer(SWEEP_SECONDS_KEY, DEFAULT_SWEEP_SECONDS)
    def sweep_deadlines(self):
        """Every ``SWEEP_SECONDS``: urge (催办) tasks due soon, report overdue ones (督办), R-JOINT-6.
        Safe on every replica: each alert is raised once."""
        raised = self.sweep_now()
        if any(raised.values()):
            log.info("deadline sweep raised %s", raised)

    @api("POST", "/reviews/sweep")
    def sweep(self, request):
        """Operators: run the deadline sweep now, with the service's clock. No body.
        -> 200 ``{"raised": {"due_soon": 1, "overdue": 0, "silence_consent": 0, "reassigned": 0}}``
        (reassigned: tasks handed over because a leave started today). Errors: 401, 403."""
        self.access.require(request, "operator")
        return json_response({"raised": self.sweep_now()})

    def refresh_business_gauges(self) -> None:
        """Called by ``GET /metrics``: open reviews, open and overdue tasks by department."""
        with self.db.transaction() as tx:
            metrics.refresh(tx.connection, self.calendar, self.clock())


ROUTES = [
    Route(
        "POST",
        "/reviews/sweep",
        "Operators: urge tasks due soon and report overdue ones now (R-JOINT-6)",
        None,
        SweepResultSchema,
        200,
        {},
        (),
        roles=("operator",),
    ),
]
