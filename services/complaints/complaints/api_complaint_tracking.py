"""Tracking: the projection of intake's case events, the limit sweep, and the business gauges."""

from __future__ import annotations

import logging

from complaints import case_projection, complaint_sweep
from complaints import complaint_metrics as metrics
from complaints import complaint_repository as repository
from reliable_events import configured_timer, reliable_event_handler
from web_api import api, json_response

log = logging.getLogger(__name__)

SWEEP_SECONDS_KEY = "SWEEP_SECONDS"
DEFAULT_SWEEP_SECONDS = 60


def refresh_gauges(service) -> None:
    """At each scrape: open and overdue complaints by category."""
    with service.db.transaction() as tx:
        metrics.refresh(tx.connection, service.calendar, repository.utc(service.clock()))


class ComplaintTrackingApi:
    """Mixin of ComplaintsApi: needs ``db``, ``clock``, ``calendar``, ``access``."""

    def project_case(self, event) -> None:
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            case_projection.project(tx.connection, event)

    @reliable_event_handler("intake", "case_registered")
    def handle_case_registered(self, event):
        """Known cases (to link a complaint): intake's projection, never its database."""
        self.project_case(event)

    @reliable_event_handler("intake", "case_accepted")
    def handle_case_accepted(self, event):
        self.project_case(event)

    @reliable_event_handler("intake", "case_returned")
    def handle_case_returned(self, event):
        self.project_case(event)

    @reliable_event_handler("intake", "case_extended")
    def handle_case_extended(self, event):
        self.project_case(event)

    @reliable_event_handler("intake", "case_overdue")
    def handle_case_overdue(self, event):
        """A case that went overdue: complaints about it suggest ``late`` (R-COMP-2)."""
        self.project_case(event)

    @reliable_event_handler("intake", "case_completed")
    def handle_case_completed(self, event):
        self.project_case(event)

    def sweep_complaints_now(self) -> dict:
        raised = complaint_sweep.sweep(self.db.transaction, self.calendar, repository.utc(self.clock()))
        for category, count in raised["breached"].items():
            metrics.BREACHES.labels(category).inc(count)
        return raised

    @configured_timer(SWEEP_SECONDS_KEY, DEFAULT_SWEEP_SECONDS)
    def sweep_complaint_limits(self):
        """Every ``SWEEP_SECONDS``: complaints due soon and past their limit (R-COMP-5), once each."""
        raised = self.sweep_complaints_now()
        if raised["due_soon"] or raised["overdue"]:
            log.info("complaint sweep: %d due soon, %d overdue", raised["due_soon"], raised["overdue"])

    @api("POST", "/complaints/sweep")
    def sweep_complaints(self, request):
        """Run the limit sweep now. No body. -> ``{"raised": {"due_soon": 1, "overdue": 0,
        "breached": {"late": 0}}}``. Errors: 401, 403."""
        self.access.require(request, "operator", "complaints_office")
        return json_response({"raised": self.sweep_complaints_now()})
